import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { VIEW_AS_HEADER } from '../backend/access/demo-principals'
import { PAYMENTS, call } from '../backend/api-test-helpers'
import { mockStore } from '../demo-backend/node-mock-backend'
import type { SecretResponse } from '../lib/api-types'
import { renderWithProviders } from '../test/render-with-providers'
import { EditSecretDialog } from './edit-secret-dialog'
import { SecretConflictDialog } from './secret-conflict-dialog'

/**
 * Edit secret against the demo backend, when someone saves the secret while it is open: the
 * refused save opens the comparison (name, description and tags field by field; the value only
 * as changed or unchanged, never by content), Keep mine saves over the current version with its
 * number, Take theirs puts the current version in the form, and nothing typed is lost.
 */

const STORED = 'demo-password'
const TYPED = 'typed-by-me-3f9'
const COMPARISON = 'This secret changed while you were editing it'

async function readSecret(): Promise<SecretResponse> {
  return (await call<SecretResponse>('GET', '/ng/api/v2/secrets/demo_password', { scope: PAYMENTS })).data
}

/** The Connector Admin saves the secret meanwhile (its value untouched): a new description and a tag. */
async function theySave(change: { description?: string; tags?: Record<string, string> }) {
  const { secret, version } = await readSecret()
  const body = { secret: { ...secret, ...change } }
  const headers = { 'If-Match': `"${version}"`, [VIEW_AS_HEADER]: 'demo_connector_admin' }
  expect((await call('PUT', '/ng/api/v2/secrets/demo_password', { scope: PAYMENTS, body, headers })).status).toBe(200)
}

/** Opens Edit on the version read now, lets someone save over it, then saves a changed name, description and value. */
async function conflictingSave(typed: { value: string }) {
  const onClose = vi.fn()
  const row = await readSecret()
  const { user } = renderWithProviders(<EditSecretDialog scope={PAYMENTS} row={row} onClose={onClose} />)
  const dialog = screen.getByRole('dialog', { name: 'Edit Demo password' })
  await theySave({ description: 'Theirs', tags: { team: 'platform' } })
  const name = within(dialog).getByRole('textbox', { name: 'Secret Name' })
  await user.clear(name)
  await user.type(name, 'Demo password rotated')
  const description = within(dialog).getByRole('textbox', { name: /^Description/ })
  await user.clear(description)
  await user.type(description, 'Mine')
  if (typed.value) await user.type(within(dialog).getByLabelText(/^New value/), typed.value)
  await user.click(within(dialog).getByRole('button', { name: 'Save secret' }))
  const comparison = await screen.findByRole('dialog', { name: COMPARISON })
  return { user, dialog, comparison, onClose, name, description }
}

describe('Edit secret, saved by someone else meanwhile', () => {
  it('compares name, description and tags field by field, and the value only as changed', async () => {
    const { comparison } = await conflictingSave({ value: TYPED })
    const summary = within(comparison).getByText(/saved version 2 of Demo password/)
    expect(summary).toHaveFocus()
    expect(summary).toHaveTextContent(
      /^Demo Connector Admin saved version 2 of Demo password on .+, after you opened it\./,
    )
    const table = within(comparison).getByRole('table', { name: '3 fields differ' })
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.children].map((cell) => cell.textContent))
    expect(rows).toEqual([
      ['Secret NameChanged by you', 'Demo password', 'Demo password rotated'],
      ['DescriptionChanged by you and by Demo Connector Admin', 'Theirs', 'Mine'],
      ['TagsChanged by Demo Connector Admin', 'team:platform', '—none'],
    ])
    expect(comparison).toHaveTextContent('Value: value changed in your version (you typed a new value).')
    expect(within(comparison).getByRole('button', { name: 'Keep mine' })).toHaveAccessibleDescription(
      'Keep mine saves your version over version 2, replacing Demo Connector Admin’s changes. The value becomes the new one you typed.',
    )
    expect(within(comparison).getByRole('button', { name: 'Take theirs' })).toHaveAccessibleDescription(
      /your changes are dropped\. The new value you typed is kept in New value, not saved yet/,
    )
    // Write-only: neither the typed value nor the stored one is on the page.
    expect(document.body).not.toHaveTextContent(TYPED)
    expect(document.body).not.toHaveTextContent(STORED)
  })

  it('says "value unchanged" when no new value was typed, and that Keep mine leaves the value as it is', async () => {
    const { comparison } = await conflictingSave({ value: '' })
    expect(comparison).toHaveTextContent('Value: value unchanged in your version (you typed no new value).')
    expect(within(comparison).getByRole('button', { name: 'Keep mine' })).toHaveAccessibleDescription(
      /You typed no new value, so the value stays as Demo Connector Admin left it\.$/,
    )
  })

  it('Keep mine saves the form over the current version with its number; a third change between is refused and compared again', async () => {
    const { user, comparison, onClose } = await conflictingSave({ value: TYPED })
    // A third change while the comparison is open: Keep mine, sent with version 2, is refused.
    await theySave({ description: 'Theirs again' })
    await user.click(within(comparison).getByRole('button', { name: 'Keep mine' }))
    const again = await within(comparison).findByRole('alert')
    expect(again).toHaveTextContent('It changed again while you were choosing')
    expect(again).toHaveTextContent('Demo Connector Admin saved version 3. The comparison below is with that version.')
    expect(within(comparison).getByRole('row', { name: /Description/ })).toHaveTextContent('Theirs again')
    expect((await mockStore.getSecret(PAYMENTS, 'demo_password'))?.value).toBe(STORED)
    expect(onClose).not.toHaveBeenCalled()

    await user.click(within(comparison).getByRole('button', { name: 'Keep mine' }))
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1))
    const stored = await mockStore.getSecret(PAYMENTS, 'demo_password')
    expect(stored?.version).toBe(4)
    expect(stored?.secret).toMatchObject({ name: 'Demo password rotated', description: 'Mine', tags: {} })
    expect(stored?.value).toBe(TYPED)
    expect(onClose).toHaveBeenCalledWith({ secret: expect.objectContaining({ version: 4 }), valueChanged: true })
  })

  it('Take theirs puts the current version in the form, keeps the typed value, and saves nothing until Save secret', async () => {
    const { user, dialog, comparison, onClose, name, description } = await conflictingSave({ value: TYPED })
    await user.click(within(comparison).getByRole('button', { name: 'Take theirs' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: COMPARISON })).not.toBeInTheDocument())
    expect(name).toHaveValue('Demo password')
    expect(description).toHaveValue('Theirs')
    expect(within(dialog).getByRole('button', { name: 'Remove tag team:platform' })).toBeInTheDocument()
    expect(within(dialog).getByLabelText(/^New value/)).toHaveValue(TYPED)
    expect(within(dialog).getByRole('status')).toHaveTextContent(
      'The form now holds version 2; nothing was saved, and your changes to the name, description and tags were dropped. The new value you typed is still in New value: Save secret sets it.',
    )
    expect((await mockStore.getSecret(PAYMENTS, 'demo_password'))?.value).toBe(STORED)

    // Saving now goes from version 2, so it is taken: theirs kept, the new value set.
    await user.click(within(dialog).getByRole('button', { name: 'Save secret' }))
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1))
    const stored = await mockStore.getSecret(PAYMENTS, 'demo_password')
    expect(stored?.secret).toMatchObject({ name: 'Demo password', description: 'Theirs', tags: { team: 'platform' } })
    expect(stored?.value).toBe(TYPED)
    expect(onClose).toHaveBeenCalledWith({ secret: expect.objectContaining({ version: 3 }), valueChanged: true })
  })

  it('loses nothing typed when the comparison is closed unchosen, and compares again on request', async () => {
    const { user, dialog, comparison, name, description } = await conflictingSave({ value: TYPED })
    await user.click(within(comparison).getByRole('button', { name: 'Back to editing' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: COMPARISON })).not.toBeInTheDocument())
    expect(name).toHaveValue('Demo password rotated')
    expect(description).toHaveValue('Mine')
    expect(within(dialog).getByLabelText(/^New value/)).toHaveValue(TYPED)
    expect(within(dialog).getByRole('status')).toHaveTextContent(
      'This secret changed while you were editing it. Everything you typed is still here.',
    )
    await user.click(within(dialog).getByRole('button', { name: 'Compare versions' }))
    expect(await screen.findByRole('dialog', { name: COMPARISON })).toBeInTheDocument()
  })
})

describe('Edit secret’s comparison, when the server does not say who saved', () => {
  it('names no one: "Someone saved version 2"', async () => {
    // A server that keeps no author (Harness, or a secret saved before secrets kept one).
    const base = await readSecret()
    expect(base.lastModifiedBy).toBeUndefined()
    const current: SecretResponse = { ...base, version: 2, secret: { ...base.secret, description: 'Theirs' } }
    const mine = {
      identifier: 'demo_password',
      name: 'Demo password',
      description: 'Mine',
      tags: {},
      value: '',
      version: 1,
    }
    const noop = () => undefined
    renderWithProviders(
      <SecretConflictDialog
        conflict={{ mine, current, again: false }}
        mine={mine}
        base={base}
        busy={false}
        error={null}
        onKeepMine={noop}
        onTakeTheirs={noop}
        onClose={noop}
      />,
    )
    const comparison = screen.getByRole('dialog', { name: COMPARISON })
    expect(within(comparison).getByText(/saved version 2 of Demo password/)).toHaveTextContent(
      /^Someone saved version 2 of Demo password on .+, after you opened it\./,
    )
    expect(within(comparison).getByRole('row', { name: /Description/ })).toHaveTextContent(
      'Changed by you and by Someone',
    )
  })
})
