import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { VIEW_AS_HEADER } from '../../backend/access/demo-principals'
import { PAYMENTS, call } from '../../backend/api-test-helpers'
import { server } from '../../demo-backend/node-mock-backend'
import type { ConnectorResponse } from '../../lib/api-types'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorDetailsDialog } from '../details/connector-details-dialog'

/**
 * Edit YAML saved after someone else saved the connector: the refusal opens the two YAML
 * documents side by side, with Keep mine and Take theirs; the text stays as typed until then.
 */

const MY_URL = 'https://registry.acme.test:5000'
const COMPARISON = 'This connector changed while you were editing it'
let sentVersions: string[]

beforeEach(() => {
  sentVersions = []
  server.events.on('request:start', ({ request }) => {
    if (request.method === 'PUT' && !request.headers.has(VIEW_AS_HEADER)) {
      sentVersions.push(request.headers.get('If-Match') ?? '')
    }
  })
})

afterEach(() => server.events.removeAllListeners())

async function readStored() {
  return (await call<ConnectorResponse>('GET', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS })).data
}

/** The Connector Admin of payments changes the description. */
async function otherPersonSaves(description: string) {
  const stored = await readStored()
  const saved = await call('PUT', '/ng/api/connectors', {
    scope: { accountIdentifier: 'acme' },
    body: { connector: { ...stored.connector, description } },
    headers: { 'If-Match': `"${stored.version}"`, [VIEW_AS_HEADER]: 'demo_connector_admin' },
  })
  expect(saved.status).toBe(200)
}

/** Details on the stored connector, Edit YAML, the URL changed in the text, someone else saves, Save. */
async function saveAfterSomeoneElse() {
  const stored = await readStored()
  const rendered = renderWithProviders(
    <ConnectorDetailsDialog
      connector={stored.connector}
      status={stored.status}
      version={stored.version}
      scope={PAYMENTS}
      onClose={vi.fn()}
    />,
    { scope: PAYMENTS },
  )
  const { user } = rendered
  const details = await screen.findByRole('dialog', { name: 'Docker Hub public' })
  await user.click(await within(details).findByRole('button', { name: 'Edit YAML' }))
  const textbox = await within(details).findByRole('textbox', { name: 'YAML of Docker Hub public' })
  const mine = (textbox as HTMLTextAreaElement).value.replace('https://index.docker.io/v2/', MY_URL)
  await user.clear(textbox)
  await user.click(textbox)
  await user.paste(mine)
  await otherPersonSaves('Changed elsewhere')
  await user.click(within(details).getByRole('button', { name: 'Save' }))
  const comparison = await screen.findByRole('dialog', { name: COMPARISON })
  return { ...rendered, stored, details, textbox, mine, comparison }
}

describe('Edit YAML saved after someone else saved', () => {
  it('shows the current YAML and yours side by side, the changed lines said in words', async () => {
    const { comparison, stored } = await saveAfterSomeoneElse()
    expect(within(comparison).getByText(/saved version/)).toHaveTextContent(
      `Demo Connector Admin saved version ${(stored.version ?? 0) + 1} of Docker Hub public`,
    )
    const current = within(comparison).getByLabelText(/^Current version/, { selector: 'pre' })
    const yours = within(comparison).getByLabelText(/^Your version/, { selector: 'pre' })
    expect(
      within(current)
        .getByText(/description: Changed elsewhere/)
        .closest('del'),
    ).toHaveTextContent('removed: description: Changed elsewhere')
    expect(within(yours).getByText(new RegExp(MY_URL)).closest('ins')).toHaveTextContent(`added: `)
    expect(
      within(current)
        .getByText(/index\.docker\.io/)
        .closest('del'),
    ).not.toBeNull()
  })

  it('Keep mine saves the text over the current version, sending its number', async () => {
    const { comparison, details, user, stored } = await saveAfterSomeoneElse()
    await user.click(within(comparison).getByRole('button', { name: 'Keep mine' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: COMPARISON })).not.toBeInTheDocument())
    const view = await within(details).findByLabelText('YAML of Docker Hub public', { selector: 'pre' })
    await waitFor(() => expect(view).toHaveTextContent(MY_URL))
    const saved = await readStored()
    expect(saved.connector.spec.dockerRegistryUrl).toBe(MY_URL)
    expect(saved.connector.description ?? '').not.toBe('Changed elsewhere')
    const version = stored.version ?? 0
    expect(saved.version).toBe(version + 2)
    expect(sentVersions).toEqual([`"${version}"`, `"${version + 1}"`])
  })

  it('Take theirs puts the current YAML in the editor and saves nothing; closing unchosen keeps the text', async () => {
    const { comparison, details, textbox, mine, user, stored } = await saveAfterSomeoneElse()
    await user.click(within(comparison).getByRole('button', { name: 'Back to editing' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: COMPARISON })).not.toBeInTheDocument())
    expect(textbox).toHaveValue(mine)
    expect(within(details).getByRole('alert')).toHaveTextContent('Compare the versions, then keep yours or take theirs')

    await user.click(within(details).getByRole('button', { name: 'Compare versions' }))
    const reopened = await screen.findByRole('dialog', { name: COMPARISON })
    await user.click(within(reopened).getByRole('button', { name: 'Take theirs' }))
    await waitFor(() => expect((textbox as HTMLTextAreaElement).value).toContain('description: Changed elsewhere'))
    expect((textbox as HTMLTextAreaElement).value).not.toContain(MY_URL)
    expect(
      within(details).getByText(/^The editor now holds the current version, saved by Demo Connector Admin/),
    ).toBeInTheDocument()
    expect(textbox).toHaveFocus()
    const unchanged = await readStored()
    expect(unchanged.version).toBe((stored.version ?? 0) + 1)
    expect(unchanged.connector.spec.dockerRegistryUrl).not.toBe(MY_URL)
    // Details now shows the version in the editor.
    expect(within(details).getByText('Changed elsewhere', { selector: 'p' })).toBeInTheDocument()
  })
})
