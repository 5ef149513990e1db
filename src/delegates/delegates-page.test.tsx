import { screen, within } from '@testing-library/react'
import { http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { errorResponse, ok } from '../backend/api-responses'
import { server } from '../demo-backend/node-mock-backend'
import { REAL_DELEGATE_GROUPS, realDelegatesHandlers } from '../test/real-delegates-handlers'
import { renderWithProviders } from '../test/render-with-providers'
import { DelegatesPage } from './delegates-page'

// Which host serves the page decides whether there are real delegates and tokens.
const host = vi.hoisted(() => ({ servedByServer: false, simulatedWorld: true }))
vi.mock('../lib/host', () => ({ HOST: host }))

function asHost(kind: 'demo' | 'real server') {
  host.servedByServer = kind === 'real server'
  host.simulatedWorld = kind === 'demo'
}

const row = (name: string) =>
  within(screen.getByRole('table', { name: 'Delegates' })).getByRole('row', { name: new RegExp(`^${name}\\b`) })

describe('the Delegates page', () => {
  it('in the demo, lists the simulated delegates with their status in words, and says they are simulated', async () => {
    asHost('demo')
    renderWithProviders(<DelegatesPage />)
    expect(screen.getByRole('heading', { level: 1, name: 'Delegates' })).toBeInTheDocument()
    expect(await screen.findByText('3 delegates, 2 connected')).toHaveAttribute('role', 'status')
    expect(within(row('delegate-east')).getByText('Connected')).toBeInTheDocument()
    expect(within(row('delegate-east')).getByText('k8s')).toBeInTheDocument()
    expect(within(row('delegate-legacy')).getByText('Disconnected')).toBeInTheDocument()
    // Simulated delegates report no processes: no column for them.
    expect(screen.queryByRole('columnheader', { name: 'Instances' })).not.toBeInTheDocument()
    expect(screen.getByText(/simulated/, { selector: 'strong' })).toBeInTheDocument()
    expect(screen.getByText(/runs the server with real delegates/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Create token' })).not.toBeInTheDocument()
  })

  it('on the real server, shows each delegate with its processes and their load, and the tokens', async () => {
    asHost('real server')
    server.use(...realDelegatesHandlers([{ name: 'ci-east', createdAt: Date.now() - 86_400_000 }]))
    renderWithProviders(<DelegatesPage />)
    expect(await screen.findByText('2 delegates, 1 connected')).toBeInTheDocument()
    expect(screen.getByRole('columnheader', { name: 'Instances' })).toBeInTheDocument()
    const local = row('local')
    expect(within(local).getByText('Connected')).toBeInTheDocument()
    expect(within(local).getByText('build-box')).toBeInTheDocument()
    expect(within(local).getByText('1 of 4 tests running')).toBeInTheDocument()
    expect(within(local).getByText('just now')).toBeInTheDocument()
    const edge = row('edge')
    expect(within(edge).getByText('Disconnected')).toBeInTheDocument()
    expect(within(edge).getByText('edge-1')).toBeInTheDocument()
    expect(within(edge).getByText('0 of 8 tests running')).toBeInTheDocument()
    expect(within(edge).getAllByText('5 minutes ago').length).toBeGreaterThan(0)

    expect(screen.queryByText(/simulated/)).not.toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'Name' })).toBeInTheDocument()
    expect(await screen.findByRole('row', { name: /ci-east.*Active/ })).toBeInTheDocument()
  })

  it('on the real server, removes a disconnected delegate after asking, and offers no Remove for a connected one', async () => {
    asHost('real server')
    let groups = REAL_DELEGATE_GROUPS
    const removed: string[] = []
    server.use(
      http.get('*/api/setup/delegates/v2/up-the-hierarchy', () =>
        Response.json({ metaData: {}, resource: { delegateGroupDetails: groups }, responseMessages: [] }),
      ),
      http.delete('*/ng/api/delegates/:name', ({ params, request }) => {
        if (new URL(request.url).searchParams.get('projectIdentifier') !== 'payments') {
          return errorResponse(400, 'INVALID_REQUEST', 'wrong scope')
        }
        removed.push(String(params.name))
        groups = groups.filter((group) => group.groupName !== params.name)
        return ok(true)
      }),
      ...realDelegatesHandlers([]),
    )
    const { user } = renderWithProviders(<DelegatesPage />)
    await screen.findByText('2 delegates, 1 connected')
    expect(within(row('local')).queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument()
    await user.click(within(row('edge')).getByRole('button', { name: 'Remove delegate edge' }))
    const dialog = await screen.findByRole('dialog', { name: 'Remove delegate edge?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(removed).toEqual([])
    await user.click(within(row('edge')).getByRole('button', { name: 'Remove delegate edge' }))
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Remove delegate edge?' })).getByRole('button', {
        name: 'Remove delegate',
      }),
    )
    expect(await screen.findByText('1 delegate, 1 connected')).toBeInTheDocument()
    expect(removed).toEqual(['edge'])
  })

  it('says in words why a delegate could not be removed', async () => {
    asHost('real server')
    server.use(
      ...realDelegatesHandlers([]),
      http.delete('*/ng/api/delegates/:name', () =>
        errorResponse(409, 'INVALID_REQUEST', 'edge is connected, so it cannot be removed. Stop the delegate first.'),
      ),
    )
    const { user } = renderWithProviders(<DelegatesPage />)
    await user.click(
      within(await screen.findByRole('row', { name: /^edge\b/ })).getByRole('button', { name: /Remove/ }),
    )
    const dialog = await screen.findByRole('dialog', { name: 'Remove delegate edge?' })
    await user.click(within(dialog).getByRole('button', { name: 'Remove delegate' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(/edge is connected, so it cannot be removed/)
  })
})
