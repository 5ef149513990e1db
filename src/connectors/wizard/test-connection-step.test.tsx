import { screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { PAYMENTS } from '../../backend/api-test-helpers'
import { getConnectorType } from '../../connector-types/registry'
import { createHandlers } from '../../demo-backend/msw-host'
import { mockStore, server } from '../../demo-backend/node-mock-backend'
import { renderWithProviders } from '../../test/render-with-providers'
import { TestConnectionStep } from './test-connection-step'

describe('Test Connection', () => {
  it('marks the stage that was running as cancelled after Cancel test', async () => {
    // Ordinary calls answer at once; the scripted test's stages take a minute each, so one is running.
    server.use(
      ...createHandlers({
        store: mockStore,
        latency: (realisticMs) => (realisticMs >= 5_000 ? 60_000 : 0),
        simulate: () => ({
          delegate: { id: 'delegate_east', name: 'delegate-east' },
          stages: [
            { title: 'Reaching the registry', status: 'passed', durationMs: 5_000, log: [] },
            { title: 'Authenticating', status: 'passed', durationMs: 5_000, log: [] },
          ],
          result: { status: 'SUCCESS' },
        }),
      }),
    )
    const definition = getConnectorType('DockerRegistry')
    const { user } = renderWithProviders(
      <TestConnectionStep
        definition={definition}
        scope={PAYMENTS}
        identifier="docker_hub_public"
        displayUrl="https://index.docker.io/v2/"
        onEditCredentials={vi.fn()}
        onFinish={vi.fn()}
      />,
    )
    const stages = await screen.findByRole('list')
    await within(stages).findByText('(in progress)')
    await user.click(screen.getByRole('button', { name: 'Cancel test' }))
    expect(within(stages).queryByText('(in progress)')).not.toBeInTheDocument()
    expect(within(stages).getByText('(cancelled)')).toBeInTheDocument()
  })
})
