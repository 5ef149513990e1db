import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { ACCOUNT, PAYMENTS, call, createConnector, dockerConnector } from '../backend/api-test-helpers'
import { mockStore } from '../demo-backend/node-mock-backend'
import { setViewAs } from '../lib/api-client'
import { renderWithProviders } from '../test/render-with-providers'
import { SecretsPage } from './secrets-page'

/**
 * The Secrets page against the demo backend: the list with where each secret is used; Edit, whose
 * value is write-only and whose stale save opens the comparison; Test connectors using this secret
 * after a new value; Delete, refused while connectors use it, naming them, unless forced.
 */

/** The simulated registries' password: a connector whose secret holds it tests successfully. */
const RIGHT = 'demo-password'

const table = (name = 'Secrets of project payments') => screen.getByRole('table', { name })
/** The row whose secret is called `name` (its header holds the name, then its identifier). */
const findRow = (name: string, tableName?: string) =>
  within(table(tableName))
    .queryAllByRole('row')
    .find((candidate) => candidate.querySelector('.secret-cell__name')?.textContent === name)
function row(name: string, tableName?: string): HTMLElement {
  const found = findRow(name, tableName)
  if (!found) throw new Error(`No row for ${name}`)
  return found
}

afterEach(() => setViewAs(null))

describe('the Secrets page', () => {
  it('lists the scope’s secrets with their type, scope and the connectors that use them, and searches them', async () => {
    await createConnector(PAYMENTS, { ...dockerConnector(PAYMENTS, 'team_registry', 'old_password'), name: 'Team' })
    const { user } = renderWithProviders(<SecretsPage />)
    expect(screen.getByRole('heading', { level: 1, name: 'Secrets' })).toBeInTheDocument()
    await screen.findByRole('table', { name: 'Secrets of project payments' })
    expect(screen.getByText('1–4 of 4 secrets')).toBeInTheDocument()
    const old = row('Old password')
    expect(
      within(old)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['Text', 'Project payments', '1 connector', '30 days ago', 'EditDelete'])
    expect(row('Demo password')).toHaveTextContent('Not used')
    // Values are never on the page.
    expect(document.body).not.toHaveTextContent('hunter2')

    await user.type(screen.getByRole('searchbox', { name: 'Search secrets' }), 'ecr')
    await waitFor(() => expect(within(table()).getAllByRole('row')).toHaveLength(3))
    expect(screen.getByText('1–2 of 2 secrets')).toBeInTheDocument()
  })

  it('saves a new value it never shows, then re-tests the connectors that use the secret', async () => {
    await createConnector(PAYMENTS, { ...dockerConnector(PAYMENTS, 'team_registry', 'old_password'), name: 'Team' })
    const { user } = renderWithProviders(<SecretsPage />)
    await user.click(await screen.findByRole('button', { name: 'Edit Old password' }))
    const dialog = screen.getByRole('dialog', { name: 'Edit Old password' })
    const value = within(dialog).getByLabelText(/^New value/)
    expect(value).toHaveValue('')
    expect(value).toHaveAttribute('type', 'password')
    expect(await within(dialog).findByText(/Used by 1 connector/)).toBeInTheDocument()
    expect(within(dialog).getByText('Team')).toBeInTheDocument()
    await user.type(value, RIGHT)
    await user.click(within(dialog).getByRole('button', { name: 'Save secret' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect((await mockStore.getSecret(PAYMENTS, 'old_password'))?.value).toBe(RIGHT)
    expect(screen.getByText('Old password has its new value')).toBeInTheDocument()
    // Last updated says by whom, as the connectors list does (the seed's said no one).
    await waitFor(() =>
      expect(within(row('Old password')).getAllByRole('cell')[3]).toHaveTextContent(/ by Demo Admin$/),
    )
    expect(document.body).not.toHaveTextContent(RIGHT)
    await user.click(screen.getByRole('button', { name: 'Test connectors using this secret' }))
    expect(await screen.findByRole('heading', { name: 'Re-test finished' })).toBeInTheDocument()
    expect(screen.getByText('1 of 1 tested, 0 failed')).toBeInTheDocument()
    expect((await mockStore.getConnector(PAYMENTS, 'team_registry'))?.status.status).toBe('SUCCESS')
  })

  it('re-tests connectors of the scopes below at their own scope: an account secret used in a project', async () => {
    await createConnector(PAYMENTS, {
      ...dockerConnector(PAYMENTS, 'payments_registry', 'account.account_demo_password'),
      name: 'Payments registry',
    })
    const { user } = renderWithProviders(<SecretsPage />, { scope: ACCOUNT })
    await screen.findByRole('table', { name: 'Secrets of account acme' })
    expect(row('Account demo password', 'Secrets of account acme')).toHaveTextContent('2 connectors')
    await user.click(screen.getByRole('button', { name: 'Edit Account demo password' }))
    const dialog = screen.getByRole('dialog', { name: 'Edit Account demo password' })
    await user.type(within(dialog).getByLabelText(/^New value/), RIGHT)
    await user.click(within(dialog).getByRole('button', { name: 'Save secret' }))
    await user.click(await screen.findByRole('button', { name: 'Test connectors using this secret' }))
    const run = await screen.findByRole('region', { name: /^Re-test finished/ })
    expect(run).toHaveTextContent(/2 of 2 tested/)
    // The project's connector was found and tested in its project, not looked for in the account.
    expect((await mockStore.getConnector(PAYMENTS, 'payments_registry'))?.status.status).toBe('SUCCESS')
    expect(within(run).queryByText('Payments registry')).not.toBeInTheDocument()
  })

  it('keeps the value when only the name and tags change, and offers no re-test then', async () => {
    const { user } = renderWithProviders(<SecretsPage />)
    await user.click(await screen.findByRole('button', { name: 'Edit ECR token' }))
    const dialog = screen.getByRole('dialog', { name: 'Edit ECR token' })
    const name = within(dialog).getByRole('textbox', { name: 'Secret Name' })
    await user.clear(name)
    await user.type(name, 'ECR login token')
    await user.type(within(dialog).getByRole('textbox', { name: /^Tags/ }), 'team:payments{Enter}')
    await user.click(within(dialog).getByRole('button', { name: 'Save secret' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    await waitFor(() => expect(row('ECR login token')).toHaveTextContent('team:payments'))
    expect((await mockStore.getSecret(PAYMENTS, 'ecr_token'))?.value).toBe('ecr-token-fresh')
    expect(screen.queryByRole('button', { name: 'Test connectors using this secret' })).not.toBeInTheDocument()
  })

  it('answers a stale save with the comparison and keeps what was typed (edit-secret-dialog.test.tsx has the rest)', async () => {
    const { user } = renderWithProviders(<SecretsPage />)
    await user.click(await screen.findByRole('button', { name: 'Edit Demo password' }))
    const dialog = screen.getByRole('dialog', { name: 'Edit Demo password' })
    // Someone else saves it meanwhile.
    const body = (await call<{ secret: object }>('GET', '/ng/api/v2/secrets/demo_password', { scope: PAYMENTS })).data
    expect(
      (await call('PUT', '/ng/api/v2/secrets/demo_password', { scope: PAYMENTS, body: { secret: body.secret } }))
        .status,
    ).toBe(200)
    const description = within(dialog).getByRole('textbox', { name: /^Description/ })
    await user.clear(description)
    await user.type(description, 'Mine')
    await user.type(within(dialog).getByLabelText(/^New value/), 'typed-by-me')
    await user.click(within(dialog).getByRole('button', { name: 'Save secret' }))
    const comparison = await screen.findByRole('dialog', { name: 'This secret changed while you were editing it' })
    expect(comparison).toHaveTextContent('Value: value changed in your version')
    await user.click(within(comparison).getByRole('button', { name: 'Back to editing' }))
    await waitFor(() => expect(comparison).not.toBeInTheDocument())
    expect(within(dialog).getByRole('status')).toHaveTextContent('Nothing was saved')
    expect(description).toHaveValue('Mine')
    expect(within(dialog).getByLabelText(/^New value/)).toHaveValue('typed-by-me')
    expect((await mockStore.getSecret(PAYMENTS, 'demo_password'))?.value).toBe(RIGHT)
  })

  it('refuses to delete a secret in use, naming the connectors, and deletes it when told to anyway', async () => {
    await createConnector(PAYMENTS, { ...dockerConnector(PAYMENTS, 'team_registry', 'ecr_token'), name: 'Team' })
    await createConnector(ACCOUNT, { ...dockerConnector(ACCOUNT, 'hub', 'account.account_demo_password') })
    const { user } = renderWithProviders(<SecretsPage />)
    await user.click(await screen.findByRole('button', { name: 'Delete ECR token' }))
    const dialog = screen.getByRole('dialog', { name: 'Delete ECR token?' })
    expect(await within(dialog).findByText('ECR token is used by 1 connector')).toBeInTheDocument()
    expect(within(dialog).getByRole('listitem')).toHaveTextContent('Team (project payments)')
    expect(within(dialog).queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Delete anyway' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(await mockStore.getSecret(PAYMENTS, 'ecr_token')).toBeUndefined()
    await waitFor(() => expect(findRow('ECR token')).toBeUndefined())

    // One nobody uses goes with a plain Delete.
    await user.click(screen.getByRole('button', { name: 'Delete Old password' }))
    const plain = screen.getByRole('dialog', { name: 'Delete Old password?' })
    expect(await within(plain).findByText(/No connector uses this secret/)).toBeInTheDocument()
    await user.click(within(plain).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(await mockStore.getSecret(PAYMENTS, 'old_password')).toBeUndefined()
  })

  it('tells a Project Viewer why they cannot create, edit or delete, and changes nothing', async () => {
    setViewAs('demo_project_viewer')
    const { user } = renderWithProviders(<SecretsPage />)
    const edit = await screen.findByRole('button', { name: 'Edit Old password' })
    await waitFor(() => expect(edit).toHaveAttribute('aria-disabled', 'true'))
    expect(edit).toHaveAccessibleDescription(
      'Your role does not let you create or edit secrets in project payments (core_secret_edit).',
    )
    expect(screen.getByRole('button', { name: 'Delete Old password' })).toHaveAccessibleDescription(
      'Your role does not let you delete secrets in project payments (core_secret_delete).',
    )
    expect(screen.getByRole('button', { name: 'New Secret' })).toHaveAttribute('aria-disabled', 'true')
    await user.click(edit)
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })
})
