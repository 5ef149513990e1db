import { screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { server } from '../demo-backend/node-mock-backend'
import { realDelegatesHandlers } from '../test/real-delegates-handlers'
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
})
