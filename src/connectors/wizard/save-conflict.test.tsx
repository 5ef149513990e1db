import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { VIEW_AS_HEADER } from '../../backend/access/demo-principals'
import { PAYMENTS, call, createConnector, dockerConnector } from '../../backend/api-test-helpers'
import { server } from '../../demo-backend/node-mock-backend'
import type { ConnectorInfo, ConnectorResponse } from '../../lib/api-types'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorWizard } from './connector-wizard'

/**
 * Two people edit one connector: the second save is refused as stale (409) and opens a comparison
 * of the current version and the form's, setting by setting, with Keep mine and Take theirs.
 */

const THEIR_URL = 'https://mirror.acme.test:5000'
const COMPARISON = 'This connector changed while you were editing it'
let opened: ConnectorResponse
/** The If-Match of every save the wizard sent (the other person's saves say who they are). */
let sentVersions: string[]

beforeEach(async () => {
  opened = (await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'shared'))).data as ConnectorResponse
  sentVersions = []
  server.events.on('request:start', ({ request }) => {
    if (request.method === 'PUT' && !request.headers.has(VIEW_AS_HEADER)) {
      sentVersions.push(request.headers.get('If-Match') ?? '')
    }
  })
})

afterEach(() => server.events.removeAllListeners())

/** The Connector Admin of payments saves a change to the stored connector. */
async function otherPersonSaves(change: (stored: ConnectorInfo) => ConnectorInfo) {
  const stored = (await call<ConnectorResponse>('GET', '/ng/api/connectors/shared', { scope: PAYMENTS })).data
  const saved = await call<ConnectorResponse>('PUT', '/ng/api/connectors', {
    scope: { accountIdentifier: 'acme' },
    body: { connector: change(stored.connector) },
    headers: { 'If-Match': `"${stored.version}"`, [VIEW_AS_HEADER]: 'demo_connector_admin' },
  })
  expect(saved.status).toBe(200)
}

const theirUrl = (info: ConnectorInfo) => ({ ...info, spec: { ...info.spec, dockerRegistryUrl: THEIR_URL } })

async function readStored() {
  return (await call<ConnectorResponse>('GET', '/ng/api/connectors/shared', { scope: PAYMENTS })).data
}

/** Opens the wizard on version 1, renames the connector, and saves after someone else did. */
async function saveAfterSomeoneElse() {
  const rendered = renderWithProviders(
    <ConnectorWizard
      type="DockerRegistry"
      scope={PAYMENTS}
      connector={opened.connector}
      version={1}
      onClose={() => undefined}
    />,
    { scope: PAYMENTS },
  )
  const { user } = rendered
  await otherPersonSaves(theirUrl)
  const name = screen.getByRole('textbox', { name: 'Name' })
  await user.clear(name)
  await user.type(name, 'Mine')
  await user.click(screen.getByRole('button', { name: 'Continue' }))
  await screen.findByRole('heading', { name: 'Details' })
  await user.click(screen.getByRole('button', { name: 'Continue' }))
  await user.click(await screen.findByRole('button', { name: 'Save and Continue' }))
  const comparison = await screen.findByRole('dialog', { name: COMPARISON })
  return { ...rendered, comparison }
}

/** Each row of the comparison: the setting (with who changed it), the current value, yours. */
const rowTexts = (comparison: HTMLElement) =>
  within(within(comparison).getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent))

describe('a save refused because someone saved first', () => {
  it('compares the two versions setting by setting, saying who changed each and who saved the current one', async () => {
    const { comparison } = await saveAfterSomeoneElse()
    const summary = within(comparison).getByText(/saved version 2 of Docker shared/)
    expect(summary).toHaveTextContent(
      /^Demo Connector Admin saved version 2 of Docker shared on .+, after you opened it/,
    )
    expect(summary).toHaveFocus()
    expect(within(comparison).getByRole('table', { name: '2 settings differ' })).toBeInTheDocument()
    expect(rowTexts(comparison)).toEqual([
      ['NameChanged by you', 'Docker shared', 'Mine'],
      ['Docker Registry URLChanged by Demo Connector Admin', THEIR_URL, 'https://registry.acme.test:5000'],
    ])
    expect(comparison).toHaveTextContent(/The same in both: .*Password secret/)
    expect(within(comparison).getByRole('button', { name: 'Keep mine' })).toHaveAccessibleDescription(
      /saves your version over version 2, replacing Demo Connector Admin’s changes/,
    )
  })

  it('Keep mine saves the form over the current version, sending its number; a third save between is refused and compared again', async () => {
    const { comparison, user } = await saveAfterSomeoneElse()
    await otherPersonSaves((info) => ({ ...info, description: 'A third change' }))
    await user.click(within(comparison).getByRole('button', { name: 'Keep mine' }))
    const again = await within(comparison).findByRole('alert')
    expect(again).toHaveTextContent('It changed again while you were choosing')
    expect(again).toHaveTextContent('Demo Connector Admin saved version 3')
    expect(rowTexts(comparison).map(([label]) => label)).toEqual([
      'NameChanged by you',
      'DescriptionChanged by Demo Connector Admin',
      'Docker Registry URLChanged by Demo Connector Admin',
    ])
    expect((await readStored()).version).toBe(3)

    await user.click(within(comparison).getByRole('button', { name: 'Keep mine' }))
    expect(await screen.findByRole('heading', { name: 'Test Connection' })).toBeInTheDocument()
    expect(screen.queryByRole('dialog', { name: COMPARISON })).not.toBeInTheDocument()
    const stored = await readStored()
    expect(stored.version).toBe(4)
    expect(stored.connector.name).toBe('Mine')
    expect(stored.connector.spec.dockerRegistryUrl).toBe('https://registry.acme.test:5000')
    expect(sentVersions).toEqual(['"1"', '"2"', '"3"'])
  })

  it('Take theirs puts the current version in the form and saves nothing; saving then goes from that version', async () => {
    const { comparison, user } = await saveAfterSomeoneElse()
    await user.click(within(comparison).getByRole('button', { name: 'Take theirs' }))
    expect(screen.queryByRole('dialog', { name: COMPARISON })).not.toBeInTheDocument()
    const said = screen.getByText(
      /^The form now holds the current version, saved by Demo Connector Admin. Nothing was saved/,
    )
    expect(said.closest('[role="status"]')).not.toBeNull()
    expect((await readStored()).version).toBe(2)
    await user.click(screen.getByRole('button', { name: 'Back' }))
    expect(await screen.findByRole('textbox', { name: 'Docker Registry URL' })).toHaveValue(THEIR_URL)
    await user.click(screen.getByRole('button', { name: 'Back' }))
    expect(await screen.findByRole('textbox', { name: 'Name' })).toHaveValue('Docker shared')

    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await user.click(await screen.findByRole('button', { name: 'Continue' }))
    await user.click(await screen.findByRole('button', { name: 'Save and Continue' }))
    expect(await screen.findByRole('heading', { name: 'Test Connection' })).toBeInTheDocument()
    expect(sentVersions).toEqual(['"1"', '"2"'])
  })

  it('loses nothing typed when the comparison is closed unchosen, and compares again from the form', async () => {
    const { comparison, user } = await saveAfterSomeoneElse()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(comparison).not.toBeInTheDocument())
    expect(screen.getByRole('dialog', { name: 'Edit Docker Registry connector' })).toBeInTheDocument()
    const refusal = screen.getByRole('alert')
    expect(refusal).toHaveTextContent('Nothing you typed is lost')
    expect(refusal).toHaveTextContent('compare the two versions, then keep yours or take theirs')
    await user.click(within(refusal).getByRole('button', { name: 'Compare versions' }))
    const reopened = await screen.findByRole('dialog', { name: COMPARISON })
    await user.click(within(reopened).getByRole('button', { name: 'Back to editing' }))

    await user.click(screen.getByRole('button', { name: 'Back' }))
    await user.click(screen.getByRole('button', { name: 'Back' }))
    expect(await screen.findByRole('textbox', { name: 'Name' })).toHaveValue('Mine')
    expect((await readStored()).connector.name).toBe('Docker shared')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await user.click(await screen.findByRole('button', { name: 'Continue' }))
    await user.click(await screen.findByRole('button', { name: 'Save and Continue' }))
    expect(await screen.findByRole('dialog', { name: COMPARISON })).toHaveTextContent('Mine')
  })
})
