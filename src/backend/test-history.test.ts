import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SimulationPlan } from '../connection-tests/test-plan'
import { createHandlers } from '../demo-backend/msw-host'
import { mockStore, server } from '../demo-backend/node-mock-backend'
import type { ConnectorValidationResult, TestHistory } from '../lib/api-types'
import { TEST_HISTORY_LIMIT, testHistorySchema } from '../lib/api-types'
import { describeOnBothHosts } from '../test/both-hosts'
import { PAYMENTS, apiUrl, call, connectorInfo, createConnector, dockerConnector } from './api-test-helpers'

/** GET /ng/api/connectors/{identifier}/testHistory, and what a connection test keeps there. */

function runTest(identifier: string) {
  return call<ConnectorValidationResult>('POST', `/ng/api/connectors/testConnection/${identifier}`, {
    scope: PAYMENTS,
  })
}

async function history(identifier: string) {
  const answer = await call<TestHistory>('GET', `/ng/api/connectors/${identifier}/testHistory`, { scope: PAYMENTS })
  expect(answer.status, answer.text).toBe(200)
  // The answer is what the client's schema reads.
  return { text: answer.text, content: testHistorySchema.parse(answer.data).content }
}

describeOnBothHosts('connection test history', () => {
  it('keeps each finished test, newest first, with its delegate, reason, duration and stage log', async () => {
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'kept_tests'))
    expect((await history('kept_tests')).content).toEqual([])
    const first = await runTest('kept_tests')
    expect(first.data.status).toBe('SUCCESS')
    // The same connector, now with the wrong password: the second test fails.
    const edited = await call('PUT', '/ng/api/connectors', {
      scope: { accountIdentifier: 'acme' },
      body: { connector: dockerConnector(PAYMENTS, 'kept_tests', 'old_password') },
    })
    expect(edited.status, edited.text).toBe(200)
    const second = await runTest('kept_tests')
    expect(second.data.status).toBe('FAILURE')

    const { content } = await history('kept_tests')
    expect(content.map((entry) => entry.status)).toEqual(['FAILURE', 'SUCCESS'])
    expect(content.map((entry) => entry.testedAt)).toEqual([second.data.testedAt, first.data.testedAt])
    const [failed, passed] = content
    expect(failed).toMatchObject({
      delegateName: second.data.delegateName,
      errorSummary: second.data.errorSummary,
      errors: second.data.errors,
      stages: second.data.stages,
    })
    expect(passed?.stages).toEqual(first.data.stages)
    expect(passed?.stages.length).toBeGreaterThan(0)
    expect(passed?.delegateName).toMatch(/^delegate-/)
    for (const [entry, result] of [
      [failed, second.data],
      [passed, first.data],
    ] as const) {
      expect(entry?.durationMs).toBe(result.stages.reduce((sum, stage) => sum + stage.durationMs, 0))
    }
  })

  it('never keeps a secret value in a stage log', async () => {
    // The username is a secret too: both values are masked in every log the delegate writes.
    const connector = connectorInfo('DockerRegistry', PAYMENTS, {
      name: 'Masked',
      identifier: 'masked',
      url: 'https://registry.acme.test:5000',
      extras: { providerType: 'Other' },
      auth: { type: 'UsernamePassword', username: 'demo', passwordRef: 'demo_password' },
    })
    expect((await createConnector(PAYMENTS, connector)).status).toBe(200)
    expect((await runTest('masked')).data.status).toBe('SUCCESS')
    await runTest('masked')
    const { text, content } = await history('masked')
    expect(content).toHaveLength(2)
    const logs = content.flatMap((entry) => entry.stages.flatMap((stage) => [stage.title, ...stage.log]))
    expect(logs.join('\n')).toMatch(/demo_password/)
    expect(logs.join('\n')).not.toContain('demo-password')
    expect(text).not.toContain('demo-password')
  })

  it('keeps the last 20 tests', async () => {
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'often_tested'))
    const times: number[] = []
    for (let index = 0; index < TEST_HISTORY_LIMIT + 2; index += 1)
      times.push((await runTest('often_tested')).data.testedAt)
    const { content } = await history('often_tested')
    expect(content).toHaveLength(TEST_HISTORY_LIMIT)
    expect(content.map((entry) => entry.testedAt)).toEqual(times.slice(2).reverse())
  })

  it('is gone with its connector, and a new connector of that identifier starts without one', async () => {
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'short_lived'))
    await runTest('short_lived')
    expect((await history('short_lived')).content).toHaveLength(1)
    expect((await call('DELETE', '/ng/api/connectors/short_lived', { scope: PAYMENTS })).status).toBe(200)
    const missing = await call('GET', '/ng/api/connectors/short_lived/testHistory', { scope: PAYMENTS })
    expect(missing.status).toBe(404)
    expect(missing.error.message).toMatch(/^Connector with identifier \[short_lived\] in project payments .*not found$/)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'short_lived'))
    expect((await history('short_lived')).content).toEqual([])
  })

  it('is kept per scope', async () => {
    const org = { accountIdentifier: 'acme', orgIdentifier: 'default' }
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'twin'))
    await createConnector(org, dockerConnector(org, 'twin', 'org.org_demo_password'))
    await runTest('twin')
    expect((await history('twin')).content).toHaveLength(1)
    const atOrg = await call<TestHistory>('GET', '/ng/api/connectors/twin/testHistory', { scope: org })
    expect(atOrg.status).toBe(200)
    expect(atOrg.data.content).toEqual([])
  })
})

describe('connection test history of a cancelled test (in-browser host)', () => {
  const PLAN: SimulationPlan = {
    delegate: { id: 'delegate_east', name: 'delegate-east' },
    stages: [
      { title: 'Reaching the registry', status: 'passed', durationMs: 300, log: ['GET /v2/ → 401'] },
      { title: 'Authenticating', status: 'passed', durationMs: 500, log: ['GET /v2/ with Basic auth → 200'] },
    ],
    result: { status: 'SUCCESS' },
  }

  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps a test read to its end, and nothing of one the client aborts', async () => {
    // Each stage waits 100 ms, on fake time that runs with real time and can be run ahead.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true })
    server.use(...createHandlers({ store: mockStore, latency: () => 100, simulate: () => PLAN }))
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'cancelled'))
    const abort = new AbortController()
    const response = await fetch(apiUrl('/ng/api/connectors/testConnection/cancelled', { scope: PAYMENTS }), {
      method: 'POST',
      headers: { Accept: 'application/x-ndjson' },
      signal: abort.signal,
    })
    const reader = response.body!.getReader()
    await reader.read()
    abort.abort()
    reader.cancel().catch(() => undefined)
    // A minute passes at once, far more than the stages left: a test that went on after the
    // abort would have stored its result by now.
    await vi.advanceTimersByTimeAsync(60_000)
    expect((await history('cancelled')).content).toEqual([])

    const finished = await runTest('cancelled')
    const { content } = await history('cancelled')
    expect(content).toEqual([{ ...finished.data, durationMs: 800 }])
  })
})
