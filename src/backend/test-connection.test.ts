import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SimulationInput, SimulationPlan } from '../connection-tests/test-plan'
import { createHandlers } from '../demo-backend/msw-host'
import { mockStore, server } from '../demo-backend/node-mock-backend'
import type { ConnectorResponse, ConnectorValidationResult, TestConnectionEvent } from '../lib/api-types'
import { PAYMENTS, apiUrl, call, createConnector, dockerConnector } from './api-test-helpers'
import type { LatencyOption } from './latency'
import { eventStream } from './test-connection-handlers'

const SUCCESS_PLAN: SimulationPlan = {
  delegate: { id: 'delegate_east', name: 'delegate-east' },
  stages: [
    {
      title: 'Reaching the registry',
      status: 'passed',
      durationMs: 300,
      log: ['GET https://registry.acme.test:5000/v2/ → 401'],
    },
    { title: 'Authenticating', status: 'passed', durationMs: 500, log: ['GET /v2/ with Basic auth → 200'] },
  ],
  result: { status: 'SUCCESS' },
}

const FAILURE_PLAN: SimulationPlan = {
  delegate: { id: 'delegate_east', name: 'delegate-east' },
  stages: [{ title: 'Authenticating', status: 'failed', durationMs: 300, log: ['GET /v2/ → 401'] }],
  result: {
    status: 'FAILURE',
    failureKind: 'BAD_CREDENTIALS',
    errorSummary: 'Authentication Failed (Invalid Docker Registry credentials)',
    errors: [{ reason: 'Invalid Credentials', message: 'Invalid Docker Registry credentials', code: 470 }],
  },
}

/** Replaces the simulated delegate with a scripted one; returns what it was asked. */
function script(plan: SimulationPlan, latency: LatencyOption = 0) {
  const inputs: SimulationInput[] = []
  server.use(...createHandlers({ store: mockStore, latency, simulate: (input) => (inputs.push(input), plan) }))
  return inputs
}

async function connectorStatus(identifier: string) {
  return (await call<ConnectorResponse>('GET', `/ng/api/connectors/${identifier}`, { scope: PAYMENTS })).data.status
}

function streamTest(identifier: string, signal?: AbortSignal) {
  return fetch(apiUrl(`/ng/api/connectors/testConnection/${identifier}`, { scope: PAYMENTS }), {
    method: 'POST',
    headers: { Accept: 'application/x-ndjson' },
    signal,
  })
}

/** The events of an ndjson body; cancelling `reader` ends them, as a client does when the user cancels. */
async function* ndjsonEvents(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<TestConnectionEvent> {
  const decoder = new TextDecoder()
  let buffered = ''
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      buffered += decoder.decode(value, { stream: true })
      let newline: number
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, newline)
        buffered = buffered.slice(newline + 1)
        if (line.trim()) yield JSON.parse(line) as TestConnectionEvent
      }
    }
  } finally {
    // Not awaited: under msw/node the body is one branch of a tee (msw clones the response),
    // whose cancel settles only when the other branch is cancelled too, which never happens.
    reader.cancel().catch(() => undefined)
  }
}

/** A stream's events as `type` or `type index`, the way the tests below name them. */
const eventName = (event: TestConnectionEvent) => ('index' in event ? `${event.type} ${event.index}` : event.type)

/** The names of the next `count` events; fewer if the stream ends first. */
async function take(events: AsyncGenerator<TestConnectionEvent>, count: number): Promise<string[]> {
  const names: string[] = []
  while (names.length < count) {
    const { done, value } = await events.next()
    if (done) break
    names.push(eventName(value))
  }
  return names
}

/** A promise, and whether it has settled yet: to see that something has not happened so far. */
function watch<T>(promise: Promise<T>) {
  const watched = { promise, settled: false }
  promise.then(
    () => (watched.settled = true),
    () => (watched.settled = true),
  )
  return watched
}

describe('testConnection', () => {
  it('answers the result as JSON and keeps it as the connector’s status', async () => {
    const inputs = script(SUCCESS_PLAN)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'to_test'))
    const { status, data } = await call<ConnectorValidationResult>(
      'POST',
      '/ng/api/connectors/testConnection/to_test',
      { scope: PAYMENTS },
    )
    expect(status).toBe(200)
    expect(data).toMatchObject({
      status: 'SUCCESS',
      delegateId: 'delegate_east',
      delegateName: 'delegate-east',
      stages: SUCCESS_PLAN.stages,
    })
    expect(data.testedAt).toEqual(expect.any(Number))

    expect(inputs).toHaveLength(1)
    expect(inputs[0]!.connector.identifier).toBe('to_test')
    expect(inputs[0]!.delegates.map((group) => group.groupName)).toEqual([
      'delegate-east',
      'delegate-west',
      'delegate-legacy',
    ])
    expect(await connectorStatus('to_test')).toEqual({
      status: 'SUCCESS',
      testedAt: data.testedAt,
      lastTestedAt: data.testedAt,
      lastConnectedAt: data.testedAt,
    })
  })

  it('hands the test the secrets its connector names, resolved from the connector’s scope', async () => {
    const inputs = script(SUCCESS_PLAN)
    const references = ['demo_password', 'old_password', 'org.org_demo_password', 'account.account_demo_password']
    for (const [index, reference] of references.entries()) {
      await createConnector(PAYMENTS, dockerConnector(PAYMENTS, `uses_${index}`, reference))
      await call('POST', `/ng/api/connectors/testConnection/uses_${index}`, { scope: PAYMENTS })
    }
    expect(inputs.map((input, index) => storedValue(input.resolveSecret(references[index]!)))).toEqual([
      'demo-password',
      'hunter2',
      'demo-password',
      'demo-password',
    ])
    expect(inputs[0]!.resolveSecret('demo_password')).toMatchObject({ identifier: 'demo_password' })
    // Like a delegate's task, a test carries only the secrets of its own connector.
    expect(inputs[0]!.resolveSecret('old_password')).toBeUndefined()
  })

  it('tells an ECR token’s age by when its secret was last updated', async () => {
    const inputs = script(SUCCESS_PLAN)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'fresh', 'ecr_token'))
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'stale', 'ecr_token_expired'))
    await call('POST', '/ng/api/connectors/testConnection/fresh', { scope: PAYMENTS })
    await call('POST', '/ng/api/connectors/testConnection/stale', { scope: PAYMENTS })
    const fresh = storedUpdatedAt(inputs[0]!.resolveSecret('ecr_token'))
    const expired = storedUpdatedAt(inputs[1]!.resolveSecret('ecr_token_expired'))
    expect(fresh - expired).toBe(12 * 3_600_000)
  })

  it('keeps a failure with its summary, and the last time it connected', async () => {
    // A connection that happened (the seed's Docker Hub result is sample data: none did).
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'connected_once'))
    script(SUCCESS_PLAN)
    const connected = await call<ConnectorValidationResult>(
      'POST',
      '/ng/api/connectors/testConnection/connected_once',
      {
        scope: PAYMENTS,
      },
    )
    expect(connected.data.status).toBe('SUCCESS')
    script(FAILURE_PLAN)
    const { data } = await call<ConnectorValidationResult>('POST', '/ng/api/connectors/testConnection/connected_once', {
      scope: PAYMENTS,
    })
    expect(data.status).toBe('FAILURE')
    const stored = await connectorStatus('connected_once')
    expect(stored).toMatchObject({
      status: 'FAILURE',
      errorSummary: FAILURE_PLAN.result.errorSummary,
      errors: FAILURE_PLAN.result.errors,
      testedAt: data.testedAt,
      lastConnectedAt: connected.data.testedAt,
    })
  })

  it('streams the delegate, each stage and the result as ndjson', async () => {
    script(SUCCESS_PLAN)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'streamed'))
    const response = await streamTest('streamed')
    expect(response.headers.get('Content-Type')).toBe('application/x-ndjson')
    const events: TestConnectionEvent[] = []
    for await (const event of ndjsonEvents(response.body!.getReader())) events.push(event)
    expect(events.map(eventName)).toEqual([
      'plan',
      'delegate',
      'stage-started 0',
      'stage-finished 0',
      'stage-started 1',
      'stage-finished 1',
      'result',
    ])
    // A scripted delegate names no plan: its stages are the plan.
    expect(events[0]).toEqual({ type: 'plan', stages: ['Reaching the registry', 'Authenticating'] })
    expect(events[1]).toEqual({ type: 'delegate', delegateId: 'delegate_east', delegateName: 'delegate-east' })
    expect(events[2]).toEqual({ type: 'stage-started', index: 0, title: 'Reaching the registry' })
    const result = events[6] as Extract<TestConnectionEvent, { type: 'result' }>
    expect(result.result.status).toBe('SUCCESS')
    expect((await connectorStatus('streamed')).status).toBe('SUCCESS')
  })

  it('announces every stage of a whole test first, the same list whether the test passes or fails at its first stage', async () => {
    const passing = dockerConnector(PAYMENTS, 'planned')
    await createConnector(PAYMENTS, passing)
    await createConnector(PAYMENTS, {
      ...dockerConnector(PAYMENTS, 'planned_nowhere'),
      spec: { ...passing.spec, delegateSelectors: ['nowhere'] },
    })
    const eventsOf = async (identifier: string) => {
      const events: TestConnectionEvent[] = []
      for await (const event of ndjsonEvents((await streamTest(identifier)).body!.getReader())) events.push(event)
      const plan = events.find((event) => event.type === 'plan')
      const result = events.find((event) => event.type === 'result')
      return { first: events[0]?.type, plan: plan?.stages, ran: result?.result.stages.map((stage) => stage.title) }
    }
    const passed = await eventsOf('planned')
    const failed = await eventsOf('planned_nowhere')
    expect(passed.first).toBe('plan')
    expect(passed.plan).toEqual([
      'Assign a delegate',
      'Resolve the password secret',
      'Check that https://registry.acme.test:5000 is reachable',
      'Validating Docker Registry authentication and permissions',
    ])
    expect(passed.ran).toEqual(passed.plan)
    expect(failed.plan).toEqual(passed.plan)
    expect(failed.ran).toEqual(['Assign a delegate'])
  })

  it('answers 404 for an unknown connector', async () => {
    const { status, error } = await call('POST', '/ng/api/connectors/testConnection/ghost', { scope: PAYMENTS })
    expect(status).toBe(404)
    expect(error.code).toBe('RESOURCE_NOT_FOUND_EXCEPTION')
  })

  it('runs the real simulated world', async () => {
    const { data } = await call<ConnectorValidationResult>(
      'POST',
      '/ng/api/connectors/testConnection/docker_hub_public',
      { scope: PAYMENTS },
    )
    expect(data.status).toBe('SUCCESS')
    expect(data.stages.length).toBeGreaterThan(0)
    expect((await connectorStatus('docker_hub_public')).testedAt).toBe(data.testedAt)
  })
})

/**
 * The stage waits run on fake timers (only setTimeout and clearTimeout, which `sleep` uses; msw
 * and fetch keep the real ones), so a test knows exactly how far a connection test has got:
 * nothing happens between two steps of the clock. The latency option maps SLOW_PLAN's realistic
 * 1 s and 2 s stages to 100 and 200 ms, and every other duration, such as an ordinary API call's
 * 150–400 ms, to none: only the stages take time.
 */
describe('testConnection on a clock the test moves', () => {
  const SLOW_PLAN: SimulationPlan = {
    ...SUCCESS_PLAN,
    stages: [
      { ...SUCCESS_PLAN.stages[0]!, durationMs: 1_000 },
      { ...SUCCESS_PLAN.stages[1]!, durationMs: 2_000 },
    ],
  }
  const WAITS = new Map([
    [1_000, 100],
    [2_000, 200],
  ])
  /** Well past the end of the last stage. */
  const LONG_AFTER_MS = 3_000

  beforeEach(async () => {
    script(SLOW_PLAN, (realisticMs) => WAITS.get(realisticMs) ?? 0)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'clocked'))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  /** Starts a streamed test and reads it into its first stage, 50 ms in, with a read waiting. */
  async function halfwayThroughFirstStage(signal?: AbortSignal) {
    const reader = (await streamTest('clocked', signal)).body!.getReader()
    const events = ndjsonEvents(reader)
    expect(await take(events, 3)).toEqual(['plan', 'delegate', 'stage-started 0'])
    const rest = watch(take(events, 4))
    await vi.advanceTimersByTimeAsync(50)
    expect(rest.settled).toBe(false)
    return { reader, rest }
  }

  // The control for the two tests that cancel: read on, the same clock does store the result.
  it('stores the result when the last stage ends, if the client reads on', async () => {
    const { rest } = await halfwayThroughFirstStage()
    await vi.advanceTimersByTimeAsync(49)
    expect(rest.settled).toBe(false)
    expect(await connectorStatus('clocked')).toEqual({ status: 'UNKNOWN' })
    await vi.advanceTimersByTimeAsync(1 + 199)
    expect(rest.settled).toBe(false)
    expect(await connectorStatus('clocked')).toEqual({ status: 'UNKNOWN' })
    await vi.advanceTimersByTimeAsync(1)
    expect(await rest.promise).toEqual(['stage-finished 0', 'stage-started 1', 'stage-finished 1', 'result'])
    expect((await connectorStatus('clocked')).status).toBe('SUCCESS')
  })

  it('waits each stage as long as the latency option says, one after the other', async () => {
    const reader = (await streamTest('clocked')).body!.getReader()
    const events = ndjsonEvents(reader)
    expect(await take(events, 3)).toEqual(['plan', 'delegate', 'stage-started 0'])
    const firstStage = watch(take(events, 2))
    await vi.advanceTimersByTimeAsync(99)
    expect(firstStage.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await firstStage.promise).toEqual(['stage-finished 0', 'stage-started 1'])
    const secondStage = watch(take(events, 2))
    await vi.advanceTimersByTimeAsync(199)
    expect(secondStage.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await secondStage.promise).toEqual(['stage-finished 1', 'result'])
  })

  it('stores nothing when the client cancels the stream', async () => {
    const { reader, rest } = await halfwayThroughFirstStage()
    // Not awaited: see ndjsonEvents. The read waiting ends at once all the same.
    reader.cancel().catch(() => undefined)
    expect(await rest.promise).toEqual([])
    await vi.advanceTimersByTimeAsync(LONG_AFTER_MS)
    expect(await connectorStatus('clocked')).toEqual({ status: 'UNKNOWN' })
  })

  it('stores nothing when the client aborts the request, and sends nothing more', async () => {
    const abort = new AbortController()
    const { rest } = await halfwayThroughFirstStage(abort.signal)
    abort.abort()
    await vi.advanceTimersByTimeAsync(LONG_AFTER_MS)
    expect(rest.settled).toBe(false)
    expect(await connectorStatus('clocked')).toEqual({ status: 'UNKNOWN' })
  })
})

describe('eventStream', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  /** Delegate, a stage of 100 ms, result; `produced` lists each event as it is made. */
  function oneStage() {
    const produced: string[] = []
    const made = <T extends TestConnectionEvent>(event: T) => (produced.push(eventName(event)), event)
    const stream = eventStream(
      [
        { waitMs: 0, event: () => made({ type: 'delegate' }) },
        { waitMs: 0, event: () => made({ type: 'stage-started', index: 0, title: 'Stage' }) },
        { waitMs: 100, event: () => made({ type: 'stage-finished', index: 0, stage: SUCCESS_PLAN.stages[0]! }) },
        { waitMs: 0, event: () => made({ type: 'result', result: { status: 'SUCCESS', testedAt: 0, stages: [] } }) },
      ],
      new AbortController().signal,
    )
    return { produced, reader: stream.getReader() }
  }

  it('makes each event when it is read, after its wait', async () => {
    const { produced, reader } = oneStage()
    await reader.read()
    await reader.read()
    expect(produced).toEqual(['delegate', 'stage-started 0'])
    const stageFinished = watch(reader.read())
    await vi.advanceTimersByTimeAsync(99)
    expect(stageFinished.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect((await stageFinished.promise).done).toBe(false)
    expect(produced).toEqual(['delegate', 'stage-started 0', 'stage-finished 0'])
    expect((await reader.read()).done).toBe(false)
    expect(produced).toEqual(['delegate', 'stage-started 0', 'stage-finished 0', 'result'])
    expect((await reader.read()).done).toBe(true)
  })

  it('stops producing events, result included, once its reader cancels mid-stage', async () => {
    const { produced, reader } = oneStage()
    await reader.read()
    await reader.read()
    const pending = watch(reader.read())
    await vi.advanceTimersByTimeAsync(50)
    expect(pending.settled).toBe(false)
    await reader.cancel()
    expect((await pending.promise).done).toBe(true)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(produced).toEqual(['delegate', 'stage-started 0'])
  })
})

/** A stored secret as the simulator received it (a delegate-held one carries no value). */
function storedValue(found: ReturnType<SimulationInput['resolveSecret']>): string | undefined {
  return found && 'value' in found ? found.value : undefined
}

function storedUpdatedAt(found: ReturnType<SimulationInput['resolveSecret']>): number {
  return found && 'updatedAt' in found ? found.updatedAt : Number.NaN
}
