import { describe, expect, it } from 'vitest'
import type { ConnectorResponse, ConnectorValidationResult, TestConnectionEvent } from '../lib/api-types'
import { PAYMENTS, apiUrl, call, createConnector, dockerConnector } from './api-test-helpers'
import { createHandlers } from './create-handlers'
import type { LatencyOption } from './latency'
import { mockStore, server } from './node-mock-backend'
import type { SimulationInput, SimulationPlan } from './simulator/simulation-types'
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

async function* ndjsonEvents(response: Response): AsyncGenerator<TestConnectionEvent> {
  const reader = response.body!.getReader()
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

  it('resolves secret references from the connector’s scope, with their values', async () => {
    const inputs = script(SUCCESS_PLAN)
    await call('POST', '/ng/api/connectors/testConnection/docker_hub_public', { scope: PAYMENTS })
    const resolve = inputs[0]!.resolveSecret
    expect(resolve('demo_password')).toMatchObject({ identifier: 'demo_password', value: 'demo-password' })
    expect(resolve('old_password')?.value).toBe('hunter2')
    expect(resolve('org.org_demo_password')?.value).toBe('demo-password')
    expect(resolve('account.account_demo_password')?.value).toBe('demo-password')
    expect(resolve('no_such_secret')).toBeUndefined()
    const fresh = resolve('ecr_token')!.updatedAt
    const expired = resolve('ecr_token_expired')!.updatedAt
    expect(fresh - expired).toBe(12 * 3_600_000)
  })

  it('keeps a failure with its summary, and the last time it connected', async () => {
    script(FAILURE_PLAN)
    const { data } = await call<ConnectorValidationResult>(
      'POST',
      '/ng/api/connectors/testConnection/docker_hub_public',
      { scope: PAYMENTS },
    )
    expect(data.status).toBe('FAILURE')
    const stored = await connectorStatus('docker_hub_public')
    expect(stored).toMatchObject({
      status: 'FAILURE',
      errorSummary: FAILURE_PLAN.result.errorSummary,
      errors: FAILURE_PLAN.result.errors,
      testedAt: data.testedAt,
    })
    expect(stored.lastConnectedAt).toBeLessThan(data.testedAt)
  })

  it('streams the delegate, each stage and the result as ndjson', async () => {
    script(SUCCESS_PLAN)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'streamed'))
    const response = await streamTest('streamed')
    expect(response.headers.get('Content-Type')).toBe('application/x-ndjson')
    const events: TestConnectionEvent[] = []
    for await (const event of ndjsonEvents(response)) events.push(event)
    expect(events.map((event) => ('index' in event ? `${event.type} ${event.index}` : event.type))).toEqual([
      'delegate',
      'stage-started 0',
      'stage-finished 0',
      'stage-started 1',
      'stage-finished 1',
      'result',
    ])
    expect(events[0]).toEqual({ type: 'delegate', delegateId: 'delegate_east', delegateName: 'delegate-east' })
    expect(events[1]).toEqual({ type: 'stage-started', index: 0, title: 'Reaching the registry' })
    const result = events[5] as Extract<TestConnectionEvent, { type: 'result' }>
    expect(result.result.status).toBe('SUCCESS')
    expect((await connectorStatus('streamed')).status).toBe('SUCCESS')
  })

  it('waits each stage’s duration times the latency scale', async () => {
    script(SUCCESS_PLAN, 0.1)
    const started = performance.now()
    const response = await streamTest('docker_hub_public')
    for await (const event of ndjsonEvents(response)) void event
    // 800 ms of stages at a tenth, plus one request latency of 15–40 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(90)
  })

  it('stores nothing when the client cancels the stream', async () => {
    script(SUCCESS_PLAN, 0.2)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'cancelled'))
    const response = await streamTest('cancelled')
    const seen: string[] = []
    for await (const event of ndjsonEvents(response)) {
      seen.push(event.type)
      if (event.type === 'stage-started') break
    }
    expect(seen).toEqual(['delegate', 'stage-started'])
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(await connectorStatus('cancelled')).toEqual({ status: 'UNKNOWN' })
  })

  it('stops producing events, result included, once its reader cancels', async () => {
    let resultProduced = false
    const stream = eventStream(
      [
        { waitMs: 0, event: () => ({ type: 'delegate' }) },
        { waitMs: 0, event: () => ({ type: 'stage-started', index: 0, title: 'Stage' }) },
        { waitMs: 50, event: () => ({ type: 'stage-finished', index: 0, stage: SUCCESS_PLAN.stages[0]! }) },
        {
          waitMs: 0,
          event: () => (
            (resultProduced = true),
            { type: 'result', result: { status: 'SUCCESS', testedAt: 0, stages: [] } }
          ),
        },
      ],
      new AbortController().signal,
    )
    const reader = stream.getReader()
    await reader.read()
    await reader.read()
    const pending = reader.read()
    await reader.cancel()
    expect((await pending).done).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(resultProduced).toBe(false)
  })

  it('stores nothing when the client aborts the request', async () => {
    script(SUCCESS_PLAN, 0.2)
    const before = await connectorStatus('docker_hub_public')
    const abort = new AbortController()
    const response = await streamTest('docker_hub_public', abort.signal)
    const reader = response.body!.getReader()
    await reader.read()
    abort.abort()
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(await connectorStatus('docker_hub_public')).toEqual(before)
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
