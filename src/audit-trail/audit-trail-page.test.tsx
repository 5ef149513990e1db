import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { call, createConnector, dockerConnector, PAYMENTS } from '../backend/api-test-helpers'
import { setViewAs } from '../lib/api-client'
import { renderWithProviders } from '../test/render-with-providers'
import { AuditTrailPage } from './audit-trail-page'

const PAGE_PATH = '/account/acme/orgs/default/projects/payments/audit-trail'
const OLD_URL = 'https://registry.acme.test:5000'
const NEW_URL = 'https://moved.acme.test:5000'

/** A connector made and then given a new URL through the demo backend, as the wizard would. */
async function editedConnector(identifier: string) {
  const connector = dockerConnector(PAYMENTS, identifier)
  expect((await createConnector(PAYMENTS, connector)).status).toBe(200)
  const edited = { ...connector, spec: { ...connector.spec, dockerRegistryUrl: NEW_URL } }
  expect((await call('PUT', '/ng/api/connectors', { scope: PAYMENTS, body: { connector: edited } })).status).toBe(200)
}

/** The trail is append-only, and a reset of the demo keeps it: each test edits connectors of its own. */
let made = 0
const uniqueId = (name: string) => `${name}_${++made}_${Date.now().toString(36)}`

const address = () => Object.fromEntries(new URLSearchParams(window.location.search))

const table = () => screen.getByRole('table', { name: 'Audit events of project payments, newest first' })

beforeEach(() => window.history.replaceState(null, '', PAGE_PATH))
afterEach(() => setViewAs(null))

describe('the Audit Trail page', () => {
  it('lists a connector’s edit and creation newest first, with who, what, where and the outcome', async () => {
    const hub = uniqueId('hub')
    await editedConnector(hub)
    window.history.replaceState(null, '', `${PAGE_PATH}?resource=${hub}`)
    renderWithProviders(<AuditTrailPage />)
    expect(screen.getByRole('heading', { level: 1, name: 'Audit Trail' })).toBeInTheDocument()
    await screen.findByRole('table', { name: /Audit events/ })
    const rows = within(table()).getAllByRole('row').slice(1)
    expect(rows.map((row) => within(row).getAllByRole('cell')[1]?.textContent)).toEqual(['Update', 'Create'])
    const [update] = rows
    expect(within(update!).getByRole('rowheader')).toHaveTextContent('Demo Admin User')
    expect(update).toHaveTextContent(`Connector ${hub}`)
    expect(update).toHaveTextContent('project payments')
    expect(update).toHaveTextContent('Success')
    expect(within(update!).getByRole('time')).toHaveTextContent('just now')
    expect(screen.getByText('1–2 of 2 events')).toBeInTheDocument()
  })

  it('opens a row by keyboard to its summary and the YAML before and after, the changed URL marked', async () => {
    const hub = uniqueId('hub')
    await editedConnector(hub)
    const { user } = renderWithProviders(<AuditTrailPage />)
    const toggle = await screen.findByRole('button', {
      name: new RegExp(`^Details of event \\d+: Update Connector ${hub}$`),
    })
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    toggle.focus()
    await user.keyboard('{Enter}')
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    const details = document.getElementById(toggle.getAttribute('aria-controls') ?? '')
    expect(details).not.toBeNull()
    const panel = within(details!)
    expect(panel.getByText('Client IP')).toBeInTheDocument()
    expect(panel.getByText('Sequence number')).toBeInTheDocument()
    const before = panel.getByLabelText(`Before (connector ${hub})`)
    const after = panel.getByLabelText(`After (connector ${hub})`)
    // The changed line is said in words and marked, the rest is shared.
    expect(before.querySelector('del')).toHaveTextContent(`removed: dockerRegistryUrl: ${OLD_URL}`)
    expect(after.querySelector('ins')).toHaveTextContent(`added: dockerRegistryUrl: ${NEW_URL}`)
    expect(before.querySelectorAll('del')).toHaveLength(1)
    expect(after).toHaveTextContent(`identifier: ${hub}`)
    await user.keyboard(' ')
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(details).not.toBeInTheDocument()
  })

  it('shows a created connector with After only', async () => {
    const hub = uniqueId('hub')
    await editedConnector(hub)
    const { user } = renderWithProviders(<AuditTrailPage />)
    await user.click(await screen.findByRole('button', { name: new RegExp(`Create Connector ${hub}$`) }))
    expect(screen.getByLabelText(`After (connector ${hub})`)).toHaveTextContent(OLD_URL)
    expect(screen.queryByLabelText(`Before (connector ${hub})`)).not.toBeInTheDocument()
  })

  it('reads its filters from the address and writes them back as they change', async () => {
    const hub = uniqueId('hub')
    const other = uniqueId('other')
    await editedConnector(hub)
    await editedConnector(other)
    window.history.replaceState(null, '', `${PAGE_PATH}?resource=${hub}&action=UPDATE`)
    const { user } = renderWithProviders(<AuditTrailPage />)
    await screen.findByRole('table', { name: /Audit events/ })
    expect(within(table()).getAllByRole('row')).toHaveLength(2)
    expect(table()).toHaveTextContent(hub)
    expect(screen.getByRole('textbox', { name: 'Resource identifier' })).toHaveValue(hub)
    expect(screen.getByRole('combobox', { name: 'Action' })).toHaveValue('UPDATE')

    await user.selectOptions(screen.getByRole('combobox', { name: 'Action' }), '')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Time range' }), '30d')
    await waitFor(() => expect(address()).toEqual({ range: '30d', resource: hub }))
    await waitFor(() => expect(within(table()).getAllByRole('row')).toHaveLength(3))

    const resource = screen.getByRole('textbox', { name: 'Resource identifier' })
    await user.clear(resource)
    await user.type(resource, `${other}{Enter}`)
    await waitFor(() => expect(address()).toEqual({ range: '30d', resource: other }))
    await waitFor(() => expect(table()).not.toHaveTextContent(hub))

    // The admin may list people: "who" is a choice of the account's users and service accounts.
    const who = screen.getByRole('combobox', { name: 'User or service account' })
    await within(who).findByRole('option', { name: 'Demo Admin (user)' })
    await user.selectOptions(who, 'demo_project_viewer')
    await screen.findByText('No event in this time range matches these filters.')
    expect(address()).toEqual({ range: '30d', resource: other, actor: 'demo_project_viewer' })
    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(address()).toEqual({ range: '30d' }))
  })

  it('exports the events the filters match as JSON Lines, and says how many went to which file', async () => {
    const hub = uniqueId('hub')
    await editedConnector(hub)
    window.history.replaceState(null, '', `${PAGE_PATH}?resource=${hub}`)
    const blobs: Blob[] = []
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob)
      return 'blob:audit'
    })
    URL.revokeObjectURL = vi.fn()
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const { user } = renderWithProviders(<AuditTrailPage />)
    await screen.findByRole('table', { name: /Audit events/ })
    await user.click(screen.getByRole('button', { name: 'Export' }))
    expect(
      await screen.findByText(/^Exported 2 events to audit-trail-acme-default-payments-\d{4}-\d{2}-\d{2}\.jsonl\.$/),
    ).toBeInTheDocument()
    expect(click).toHaveBeenCalledOnce()
    const lines = (await blobs[0]!.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string })
    expect(lines.map((event) => event.action)).toEqual(['UPDATE', 'CREATE'])
  })

  it('asks for custom days and says so when the range ends before it starts', () => {
    window.history.replaceState(null, '', `${PAGE_PATH}?range=custom&from=2026-02-10&to=2026-02-01`)
    renderWithProviders(<AuditTrailPage />)
    expect(screen.getByLabelText('From')).toHaveValue('2026-02-10')
    expect(screen.getByLabelText('To')).toHaveValue('2026-02-01')
    expect(screen.getByRole('alert')).toHaveTextContent('The range ends before it starts')
    expect(screen.getByLabelText('From')).toHaveAccessibleDescription(/ends before it starts/)
    expect(screen.getByRole('button', { name: 'Export' })).toBeDisabled()
  })

  it('refuses a Project Viewer in words, with no table, filters or export', async () => {
    await editedConnector(uniqueId('hub'))
    setViewAs('demo_project_viewer')
    renderWithProviders(<AuditTrailPage />)
    const refusal = await screen.findByRole('alert')
    expect(refusal).toHaveTextContent('You cannot view the audit trail here')
    expect(refusal).toHaveTextContent(
      'Missing permission core_audit_view on audit trails in project payments in organization default',
    )
    expect(refusal).toHaveTextContent('core_audit_view')
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Export' })).not.toBeInTheDocument()
    expect(screen.queryByRole('group', { name: 'Filter events' })).not.toBeInTheDocument()
  })
})
