import { screen, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
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

/** Answers the wizard's test with these events, one a line; the stream stays open unless it ends with a result. */
function streamEvents(events: readonly unknown[]) {
  server.use(
    http.post('*/ng/api/connectors/testConnection/:identifier', () => {
      const encoder = new TextEncoder()
      const ends = events.some((event) => (event as { type: string }).type === 'result')
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const event of events) controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`))
          if (ends) controller.close()
        },
      })
      return new HttpResponse(body, { headers: { 'Content-Type': 'application/x-ndjson' } })
    }),
  )
}

function renderStep() {
  return renderWithProviders(
    <TestConnectionStep
      definition={getConnectorType('DockerRegistry')}
      scope={PAYMENTS}
      identifier="docker_hub_public"
      displayUrl="https://index.docker.io/v2/"
      onEditCredentials={vi.fn()}
      onFinish={vi.fn()}
    />,
  )
}

const TITLES = [
  'Assign a delegate',
  'Resolve the password secret',
  'Check that https://index.docker.io/v2/ is reachable',
  'Validating Docker Registry authentication and permissions',
] as const
const passed = (title: string) => ({ title, status: 'passed', durationMs: 120, log: [] })
const failed = (title: string) => ({ title, status: 'failed', durationMs: 120, log: [] })

/** Each stage as a user reads it: its title and what its state says in words. */
function stageRows(list: HTMLElement): string[] {
  return within(list)
    .getAllByRole('listitem')
    .map((item) =>
      item.textContent
        .replace(/\s*\d+(\.\d+)?\s*m?s$/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
}

describe('Test Connection, once the result is in', () => {
  it('shows no stage running when the stream never said the last stage ended (a delegate’s last batch)', async () => {
    streamEvents([
      { type: 'delegate', delegateName: 'delegate-east' },
      { type: 'stage-started', index: 0, title: TITLES[0] },
      { type: 'stage-finished', index: 0, stage: passed(TITLES[0]) },
      { type: 'stage-started', index: 1, title: TITLES[3] },
      {
        type: 'result',
        result: {
          status: 'SUCCESS',
          testedAt: 1,
          delegateName: 'delegate-east',
          stages: [passed(TITLES[0]), passed(TITLES[3])],
        },
      },
    ])
    renderStep()
    await screen.findByText('Connection successful')
    const list = screen.getByRole('list', { name: 'Test stages' })
    expect(within(list).queryByText('(in progress)')).not.toBeInTheDocument()
    expect(stageRows(list)).toEqual([`✓${TITLES[0]} (passed)`, `✓${TITLES[3]} (passed)`])
  })

  it('after Delegate Lost, says the stage that was running failed and the rest were not run', async () => {
    streamEvents([
      { type: 'task', taskId: 't1', startedAt: 1 },
      { type: 'plan', stages: TITLES },
      { type: 'delegate', delegateName: 'delegate-east' },
      { type: 'stage-started', index: 0, title: TITLES[0] },
      { type: 'stage-finished', index: 0, stage: passed(TITLES[0]) },
      { type: 'stage-started', index: 1, title: TITLES[1] },
      {
        type: 'result',
        result: {
          status: 'FAILURE',
          testedAt: 1,
          failureKind: 'DELEGATE_LOST',
          errorSummary: 'Delegate Lost (Delegate delegate-east stopped responding while it ran the test)',
          stages: [passed(TITLES[0])],
        },
      },
    ])
    renderStep()
    await screen.findByText('Connection failed')
    const list = screen.getByRole('list', { name: 'Test stages' })
    expect(within(list).queryByText('(in progress)')).not.toBeInTheDocument()
    expect(stageRows(list)).toEqual([
      `✓${TITLES[0]} (passed)`,
      `×${TITLES[1]} (failed)`,
      `${TITLES[2]} not run`,
      `${TITLES[3]} not run`,
    ])
  })

  it('lists every planned stage when the test fails at its first, as a passing test lists them', async () => {
    streamEvents([
      { type: 'plan', stages: TITLES },
      { type: 'stage-started', index: 0, title: TITLES[0] },
      { type: 'stage-finished', index: 0, stage: failed(TITLES[0]) },
      {
        type: 'result',
        result: { status: 'FAILURE', testedAt: 1, failureKind: 'NO_DELEGATE', stages: [failed(TITLES[0])] },
      },
    ])
    const failing = renderStep()
    await screen.findByText('Connection failed')
    const failedTitles = stageRows(screen.getByRole('list', { name: 'Test stages' }))
    expect(failedTitles).toEqual([`×${TITLES[0]} (failed)`, ...TITLES.slice(1).map((title) => `${title} not run`)])
    failing.unmount()

    // A fast test on a real delegate streams only the assignment; its result holds the rest.
    streamEvents([
      { type: 'plan', stages: TITLES },
      { type: 'delegate', delegateName: 'delegate-east' },
      { type: 'stage-started', index: 0, title: TITLES[0] },
      { type: 'stage-finished', index: 0, stage: passed(TITLES[0]) },
      { type: 'result', result: { status: 'SUCCESS', testedAt: 1, stages: TITLES.map(passed) } },
    ])
    renderStep()
    await screen.findByText('Connection successful')
    expect(stageRows(screen.getByRole('list', { name: 'Test stages' }))).toEqual(
      TITLES.map((title) => `✓${title} (passed)`),
    )
  })
})

describe('Test Connection, while it runs', () => {
  it('names the stage that is running in its heading, not a later one', async () => {
    streamEvents([
      { type: 'plan', stages: TITLES },
      { type: 'delegate', delegateName: 'delegate-east' },
      { type: 'stage-started', index: 0, title: TITLES[0] },
      { type: 'stage-finished', index: 0, stage: passed(TITLES[0]) },
      { type: 'stage-started', index: 1, title: TITLES[1] },
      { type: 'stage-finished', index: 1, stage: passed(TITLES[1]) },
      { type: 'stage-started', index: 2, title: TITLES[2] },
    ])
    renderStep()
    const list = screen.getByRole('list', { name: 'Test stages' })
    await within(list).findByText('(in progress)')
    const headline = screen.getByText((_, element) => element?.classList.contains('test-progress__headline') ?? false)
    expect(headline).toHaveTextContent(TITLES[2])
    expect(headline).not.toHaveTextContent(TITLES[3])
    // The stages after it have not started: they wait, they do not spin.
    expect(stageRows(list).at(-1)).toBe(`${TITLES[3]} waiting`)
  })
})
