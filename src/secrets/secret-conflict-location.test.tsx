import { screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { VIEW_AS_HEADER } from '../backend/access/demo-principals'
import { PAYMENTS, call } from '../backend/api-test-helpers'
import type { SecretDTO, SecretResponse } from '../lib/api-types'
import { renderWithProviders } from '../test/render-with-providers'
import { EditSecretDialog } from './edit-secret-dialog'

/**
 * Edit secret's comparison lists where the value lives as a compared field, in the words the
 * secrets list uses: a move to the delegate by someone else, or by the user, is seen before
 * Keep mine saves over it.
 */

const COMPARISON = 'This secret changed while you were editing it'
const THEIR_VARIABLE = 'CONNECTORS_DELEGATE_SECRET_DEMO_PASSWORD'

async function readSecret(): Promise<SecretResponse> {
  return (await call<SecretResponse>('GET', '/ng/api/v2/secrets/demo_password', { scope: PAYMENTS })).data
}

/** The Connector Admin saves the secret meanwhile, with `spec` (where its value lives) and a new description. */
async function theySave(spec: SecretDTO['spec']) {
  const { secret, version } = await readSecret()
  const body = { secret: { ...secret, description: 'Theirs', spec } }
  const headers = { 'If-Match': `"${version}"`, [VIEW_AS_HEADER]: 'demo_connector_admin' }
  expect((await call('PUT', '/ng/api/v2/secrets/demo_password', { scope: PAYMENTS, body, headers })).status).toBe(200)
}

/** Opens Edit, lets `meanwhile` happen, lets `typed` fill the form, then saves and answers the comparison's rows. */
async function compare(
  meanwhile: () => Promise<void>,
  typed: (dialog: HTMLElement, user: ReturnType<typeof renderWithProviders>['user']) => Promise<void>,
) {
  const row = await readSecret()
  const { user } = renderWithProviders(<EditSecretDialog scope={PAYMENTS} row={row} onClose={vi.fn()} />)
  const dialog = screen.getByRole('dialog', { name: 'Edit Demo password' })
  await meanwhile()
  await typed(dialog, user)
  await user.click(within(dialog).getByRole('button', { name: 'Save secret' }))
  const comparison = await screen.findByRole('dialog', { name: COMPARISON })
  const rows = within(within(comparison).getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((tableRow) => [...tableRow.children].map((cell) => cell.textContent))
  return { comparison, rows }
}

describe('Edit secret’s comparison: where the value lives', () => {
  it('shows that someone moved the value to the delegate’s environment, naming the variable', async () => {
    const { comparison, rows } = await compare(
      () => theySave({ secretManagerIdentifier: 'delegateEnvironment', valueType: 'Reference', value: THEIR_VARIABLE }),
      async (dialog, user) => {
        const description = within(dialog).getByRole('textbox', { name: /^Description/ })
        await user.clear(description)
        await user.type(description, 'Mine')
      },
    )
    expect(rows).toEqual([
      ['DescriptionChanged by you and by Demo Connector Admin', 'Theirs', 'Mine'],
      [
        'Where the value livesChanged by Demo Connector Admin',
        `Delegate environment: ${THEIR_VARIABLE}`,
        'Stored on the server',
      ],
    ])
    expect(within(comparison).getByRole('table')).toHaveAccessibleName('2 fields differ')
    // No value was typed, and the server holds none now: Keep mine says so before it is refused.
    expect(within(comparison).getByRole('button', { name: 'Keep mine' })).toHaveAccessibleDescription(
      /Demo Connector Admin moved the value to the delegate, so the server has none to keep: type a New value first, or Take theirs\.$/,
    )
  })

  it('shows the user’s own move to a file in the delegate’s secret directory, with its path', async () => {
    const { comparison, rows } = await compare(
      () => theySave({ secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' }),
      async (dialog, user) => {
        await user.click(within(dialog).getByRole('radio', { name: 'File in the delegate’s secret directory' }))
        await user.type(within(dialog).getByRole('textbox', { name: 'File path' }), 'registry/demo-password')
      },
    )
    expect(rows).toEqual([
      ['DescriptionChanged by Demo Connector Admin', 'Theirs', 'Password of the demo user on every simulated server.'],
      [
        'Where the value livesChanged by you',
        'Stored on the server',
        'Delegate secret directory: registry/demo-password',
      ],
    ])
    expect(within(comparison).getByRole('button', { name: 'Keep mine' })).toHaveAccessibleDescription(
      /Where the value lives becomes yours: Delegate secret directory: registry\/demo-password\.$/,
    )
    expect(comparison).not.toHaveTextContent('demo-password ')
  })

  it('lists it among the fields that are the same when neither moved it', async () => {
    const { comparison } = await compare(
      () => theySave({ secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' }),
      () => Promise.resolve(),
    )
    expect(comparison).toHaveTextContent('The same in both: Secret Name, Tags, Where the value lives.')
  })
})
