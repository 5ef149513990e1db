import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { PAYMENTS, call } from '../../backend/api-test-helpers'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorsPage } from '../connectors-page'

const docker = (name: string, identifier: string, auth: string) => `connector:
  name: ${name}
  identifier: ${identifier}
  type: DockerRegistry
  spec:
    dockerRegistryUrl: https://registry.acme.test/v2/
    providerType: Other
    auth:
      type: UsernamePassword
      spec:
${auth}
`

// One connector needs two secrets, two share one, and one refers only to secrets that exist
// (in the org and the account: the preview resolves org. and account. as the server does).
const FILE = [
  docker('Needs two', 'needs_two', '        usernameRef: reg_user\n        passwordRef: reg_pass'),
  docker('Shares one A', 'shares_a', '        username: ci\n        passwordRef: shared_pass'),
  docker('Shares one B', 'shares_b', '        username: ci\n        passwordRef: shared_pass'),
  docker(
    'Needs none',
    'needs_none',
    '        usernameRef: org.org_demo_password\n        passwordRef: account.account_demo_password',
  ),
].join('---\n')

const status = (path: string) => call('GET', path, { scope: PAYMENTS }).then((answer) => answer.status)

async function openPreview() {
  const rendered = renderWithProviders(<ConnectorsPage />)
  const { user } = rendered
  await user.click(await screen.findByRole('button', { name: 'Import YAML' }))
  const dialog = await screen.findByRole('dialog', { name: 'Import YAML' }, { timeout: 10_000 })
  await user.click(within(dialog).getByRole('textbox', { name: 'Or paste YAML' }))
  await user.paste(FILE)
  await user.click(within(dialog).getByRole('button', { name: 'Preview' }))
  await within(dialog).findByRole('heading', { name: 'Preview: 4 documents' })
  return { ...rendered, dialog }
}

describe('Import YAML: secrets the target scope does not have', () => {
  it('marks each connector with every secret it is missing, not "Will be created", and writes none of them', async () => {
    const { user, dialog } = await openPreview()
    const preview = (name: RegExp) => within(dialog).getByRole('row', { name }).lastElementChild?.textContent
    expect(preview(/Needs two/)).toBe('Needs secrets reg_user, reg_pass')
    expect(preview(/Shares one A/)).toBe('Needs secret shared_pass')
    expect(preview(/Shares one B/)).toBe('Needs secret shared_pass')
    expect(preview(/Needs none/)).toBe('Will be created')
    expect(dialog).toHaveTextContent('If you import now: 1 created, 0 overwritten, 3 skipped.')
    expect(dialog).toHaveTextContent(
      '3 connectors need secrets that project payments (organization default) does not have: reg_user, reg_pass, shared_pass.',
    )
    expect(within(dialog).getByRole('button', { name: 'Create the missing secrets' })).toBeEnabled()
    expect(await status('/ng/api/connectors/needs_none')).toBe(404)

    await user.click(within(dialog).getByRole('button', { name: 'Import the other 1 connector' }))
    await within(dialog).findByRole('heading', { name: 'Import finished' })
    expect(dialog).toHaveTextContent('Import finished: 1 created, 0 overwritten, 3 skipped, 0 failed.')
    expect(within(dialog).getByRole('row', { name: /Needs two/ })).toHaveTextContent(
      'SkippedNeeds secrets reg_user, reg_pass: not written.',
    )
    // Not attempted: no failure from the server, and nothing stored.
    expect(await status('/ng/api/connectors/needs_two')).toBe(404)
    expect(await status('/ng/api/connectors/shares_a')).toBe(404)
    expect(await status('/ng/api/connectors/needs_none')).toBe(200)
  })

  it('asks for each missing secret once, creates them all, then imports what the preview promised', async () => {
    const { user, dialog } = await openPreview()
    await user.click(within(dialog).getByRole('button', { name: 'Create the missing secrets' }))
    expect(within(dialog).getByRole('heading', { name: 'Create the missing secrets' })).toHaveFocus()
    expect(dialog).toHaveTextContent('With these secrets, the import will do: 4 created, 0 overwritten, 0 skipped.')
    const groups = within(dialog).getAllByRole('group')
    expect(groups.map((group) => group.querySelector('legend')?.textContent)).toEqual([
      'reg_user in project payments (organization default)',
      'reg_pass in project payments (organization default)',
      'shared_pass in project payments (organization default)',
    ])
    const group = (name: string) => within(dialog).getByRole('group', { name: new RegExp(`^${name} in`) })
    expect(within(group('reg_pass')).getByLabelText('Secret Name')).toHaveValue('reg_pass')
    expect(within(group('reg_pass')).getByLabelText('Secret Value')).toHaveAttribute('type', 'password')

    // Nothing typed yet: every value is asked for at its field, and nothing is created.
    await user.click(within(dialog).getByRole('button', { name: 'Create 3 secrets and import' }))
    expect(within(group('reg_user')).getByLabelText('Secret Value')).toHaveFocus()
    expect(within(group('shared_pass')).getByText('Secret Value is required.')).toBeVisible()
    expect(await status('/ng/api/v2/secrets/reg_user')).toBe(404)

    await user.clear(within(group('reg_user')).getByLabelText('Secret Name'))
    await user.type(within(group('reg_user')).getByLabelText('Secret Name'), 'Registry user')
    for (const name of ['reg_user', 'reg_pass', 'shared_pass']) {
      await user.type(within(group(name)).getByLabelText('Secret Value'), `value of ${name}`)
    }
    await user.click(within(dialog).getByRole('button', { name: 'Create 3 secrets and import' }))

    await within(dialog).findByRole('heading', { name: 'Import finished' }, { timeout: 5000 })
    expect(dialog).toHaveTextContent('Import finished: 4 created, 0 overwritten, 0 skipped, 0 failed.')
    expect(dialog).not.toHaveTextContent('value of')
    const created = await call<{ secret: { name: string } }>('GET', '/ng/api/v2/secrets/reg_user', {
      scope: PAYMENTS,
    })
    expect(created.data.secret.name).toBe('Registry user')
    expect(await status('/ng/api/v2/secrets/shared_pass')).toBe(200)
    await waitFor(async () => expect(await status('/ng/api/connectors/shares_b')).toBe(200))
  })
})
