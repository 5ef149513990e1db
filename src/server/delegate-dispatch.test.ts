import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CheckOptions, CheckOutcome, CheckTask } from '../delegate-agent/check-types'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { AuditEventDTO } from '../lib/audit-types'
import type { Scope } from '../lib/scope'
import { readEvents, startDelegateTestServer, type DelegateTestServer } from '../test/delegate-server'
import { paymentsDockerConnector, paymentsSecretBody } from '../test/payments-bodies'

/**
 * Connection tests as tasks on real delegate processes' protocol: queued in the database, taken
 * by a delegate whose tags match, streamed, kept, cancelled, lost. The checks themselves are
 * scripted here (checks/*.test.ts run the real ones against real registries).
 */

const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }
const ACCOUNT: Scope = { accountIdentifier: 'acme' }
const PASSWORD = 'delegate-secret-value-1'

let server: DelegateTestServer

beforeAll(async () => {
  mockServiceWorker.close()
  server = await startDelegateTestServer({ dispatch: { heartbeatTimeoutMs: 400 } })
  await server.api('POST', '/ng/api/v2/secrets', {
    scope: PAYMENTS,
    body: paymentsSecretBody('registry_password', PASSWORD, 'Registry password'),
  })
}, 60_000)

afterAll(async () => {
  await server?.close()
})

async function createConnector(identifier: string, selectors: string[] = []) {
  const created = await server.api('POST', '/ng/api/connectors', {
    scope: PAYMENTS,
    body: {
      connector: paymentsDockerConnector(identifier, 'http://127.0.0.1:5999', {
        passwordRef: 'registry_password',
        selectors,
        name: identifier.replace(/_/g, ' '),
      }),
    },
  })
  expect(created.status).toBe(200)
}

function test(identifier: string, signal?: AbortSignal) {
  return server.fetch(
    `/ng/api/connectors/testConnection/${identifier}?accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments`,
    {
      method: 'POST',
      headers: { Accept: 'application/x-ndjson' },
      ...(signal ? { signal } : {}),
    },
  )
}

/** The connector's connection tests on the audit trail, newest first. */
async function testEvents(identifier: string) {
  const answer = await server.api<{ data: { content: AuditEventDTO[] } }>('POST', '/audit/api/audits/list', {
    scope: PAYMENTS,
    body: { resources: [{ type: 'CONNECTOR', identifier }], actions: ['TEST'] },
  })
  expect(answer.status).toBe(200)
  return answer.body.data.content
}

/** Settles when the delegate is told to stop the check (its signal aborts). */
function abortedBy(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve()
    signal?.addEventListener('abort', () => resolve(), { once: true })
  })
}

const passing = (_task: CheckTask, options: CheckOptions): Promise<CheckOutcome> => {
  const stage = { title: 'Connect to the registry', status: 'passed' as const, durationMs: 12, log: ['GET /v2/ → 200'] }
  options.onStageStarted?.(0, stage.title)
  options.onStageFinished?.(0, stage)
  return Promise.resolve({ stages: [stage], result: { status: 'SUCCESS' } })
}

describe('connection tests on delegates', () => {
  it('fails at once, as no eligible delegate, when none is connected', async () => {
    await createConnector('nobody_home')
    const events = await readEvents(await test('nobody_home'))
    expect(events[0]).toMatchObject({ type: 'task' })
    // The whole list, though only the first stage ran: the same list as a test that passes.
    expect(events[1]).toMatchObject({ type: 'plan', stages: expect.arrayContaining(['Assign a delegate']) })
    expect(events[1]).toMatchObject({ stages: { length: 4 } })
    const result = events.at(-1)
    expect(result).toMatchObject({ type: 'result', result: { status: 'FAILURE', failureKind: 'NO_DELEGATE' } })
    const history = await server.api<{ data: { content: unknown[] } }>(
      'GET',
      '/ng/api/connectors/nobody_home/testHistory',
      {
        scope: PAYMENTS,
      },
    )
    expect(history.body.data.content).toHaveLength(1)
    // Recorded when it ended, at once: who asked, and that no delegate ran it.
    const [event, ...more] = await testEvents('nobody_home')
    expect(more).toEqual([])
    expect(event).toMatchObject({
      outcome: 'FAILURE',
      authenticationInfo: { principal: { type: 'SERVICE_ACCOUNT', identifier: 'bootstrap' } },
    })
  })

  it('runs on the delegate, streams its stages after the assignment, and keeps the result', async () => {
    const seen: CheckTask[] = []
    let streamed: () => void = () => {}
    const stageStreamed = new Promise<void>((resolve) => (streamed = resolve))
    const delegate = server.startDelegate({
      name: 'local',
      tags: ['docker'],
      runCheck: async (task, options) => {
        seen.push(task)
        options.onStageStarted?.(0, 'Connect to the registry')
        // The check ends only once its started stage has reached the client: stages stream while
        // a check runs (after the delegate's event window), not only with its result.
        await Promise.race([stageStreamed, abortedBy(options.signal)])
        return passing(task, options)
      },
    })
    await delegate.registered
    await createConnector('runs_on_local')
    const events = await readEvents(await test('runs_on_local'), (event) => {
      if (event.type === 'stage-started' && event.index === 1) streamed()
    })
    expect(events.map((event) => event.type)).toEqual([
      'task',
      'plan',
      'delegate',
      'stage-started',
      'stage-finished',
      // The delegate's stage as it started; its end came with the result, inside the event window.
      'stage-started',
      'result',
    ])
    // Every stage of a whole test of the connector, before the first: the wizard lists them all.
    expect(events[1]).toEqual({
      type: 'plan',
      stages: [
        'Assign a delegate',
        'Resolve the password secret',
        'Check that http://127.0.0.1:5999 is reachable',
        'Validating Docker Registry authentication and permissions',
      ],
    })
    expect(events[2]).toMatchObject({ delegateName: 'local' })
    expect(events[5]).toMatchObject({ index: 1, title: 'Connect to the registry' })
    const result = events.at(-1)?.result as { status: string; delegateName: string; stages: { title: string }[] }
    expect(result.status).toBe('SUCCESS')
    expect(result.delegateName).toBe('local')
    expect(result.stages.map((stage) => stage.title)).toEqual(['Assign a delegate', 'Connect to the registry'])
    // The secret's value reached the delegate inside its task, and nowhere else.
    expect(seen[0]?.secrets).toEqual({ registry_password: PASSWORD })
    const rows = await server.store.client.query(
      'SELECT events::text AS events, result::text AS result FROM test_tasks',
    )
    expect(JSON.stringify(rows)).not.toContain(PASSWORD)
    const connector = await server.api<{ data: { status: { status: string } } }>(
      'GET',
      '/ng/api/connectors/runs_on_local',
      {
        scope: PAYMENTS,
      },
    )
    expect(connector.body.data.status.status).toBe('SUCCESS')
    // The test's audit event, written with its result after the request had its answer: who
    // asked (kept with the task), which delegate ran it, the outcome.
    expect(result).toMatchObject({ startedBy: { type: 'SERVICE_ACCOUNT', identifier: 'bootstrap' } })
    const [event, ...more] = await testEvents('runs_on_local')
    expect(more).toEqual([])
    expect(event).toMatchObject({
      action: 'TEST',
      outcome: 'SUCCESS',
      summary: 'Tested on local: Connection successful',
      authenticationInfo: { principal: { type: 'SERVICE_ACCOUNT', identifier: 'bootstrap' } },
    })
    expect(JSON.stringify(event)).not.toContain(PASSWORD)
    await delegate.stop()
  })

  it('hands a test only to a delegate with every selector', async () => {
    const east = server.startDelegate({ name: 'east-1', tags: ['east'], runCheck: passing })
    const west = server.startDelegate({ name: 'west-1', tags: ['west', 'helm'], runCheck: passing })
    await Promise.all([east.registered, west.registered])
    await createConnector('wants_west', ['West', 'helm'])
    const events = await readEvents(await test('wants_west'))
    expect(events.at(-1)).toMatchObject({ result: { status: 'SUCCESS', delegateName: 'west-1' } })
    const groups = await server.api<{
      resource: { delegateGroupDetails: { groupName: string; activelyConnected: boolean }[] }
    }>('GET', '/api/setup/delegates/v2/up-the-hierarchy?accountId=acme')
    const connected = groups.body.resource.delegateGroupDetails.filter((group) => group.activelyConnected)
    expect(connected.map((group) => group.groupName).sort()).toEqual(['east-1', 'west-1'])
    await Promise.all([east.stop(), west.stop()])
  })

  it('keeps running when the reader goes away (a reload), and can be read again from the start', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const delegate = server.startDelegate({
      name: 'slow-1',
      runCheck: async (task, options) => {
        options.onStageStarted?.(0, 'Connect to the registry')
        await gate
        return passing(task, options)
      },
    })
    await delegate.registered
    await createConnector('outlives_reload', ['slow-1'])
    const reader = new AbortController()
    const first = await test('outlives_reload', reader.signal)
    const lines = first.body!.pipeThrough(new TextDecoderStream()).getReader()
    const { value } = await lines.read()
    const taskId = (JSON.parse(value!.split('\n')[0]!) as { taskId: string }).taskId
    reader.abort()
    await lines.cancel().catch(() => undefined)

    const list = await server.api<{
      data: { content: { connector: { identifier: string }; runningTest?: { taskId: string } }[] }
    }>('POST', '/ng/api/connectors/listV2', { scope: PAYMENTS, body: { filterType: 'Connector' } })
    const row = list.body.data.content.find((item) => item.connector.identifier === 'outlives_reload')
    expect(row?.runningTest).toEqual({ taskId })

    // Another project's caller can neither read nor cancel it, whatever id they hold.
    const checkout = { ...PAYMENTS, projectIdentifier: 'checkout' }
    const path = `/ng/api/connectors/testConnection/tasks/${taskId}`
    expect((await server.api('GET', path, { scope: checkout })).status).toBe(404)
    expect((await server.api('POST', `${path}/cancel`, { scope: checkout })).status).toBe(404)

    release()
    const again = await readEvents(
      await server.fetch(
        `/ng/api/connectors/testConnection/tasks/${taskId}?accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments`,
        {
          headers: { Accept: 'application/x-ndjson' },
        },
      ),
    )
    expect(again[0]).toEqual({ type: 'task', taskId, startedAt: expect.any(Number) })
    expect(again.at(-1)).toMatchObject({ type: 'result', result: { status: 'SUCCESS' } })
    await delegate.stop()
  })

  it('cancel aborts the check on the delegate, keeps no result, and puts who cancelled it on the audit trail', async () => {
    let aborted = false
    const delegate = server.startDelegate({
      name: 'cancel-1',
      runCheck: (_task, options) =>
        new Promise((_resolve, reject) => {
          options.onStageStarted?.(0, 'Connect to the registry')
          options.signal?.addEventListener('abort', () => {
            aborted = true
            reject(options.signal?.reason as Error)
          })
        }),
    })
    await delegate.registered
    await createConnector('cancelled_test', ['cancel-1'])
    const response = await test('cancelled_test')
    const lines = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    // Cancel once the delegate's own stage has started (before that, a queued test just ends).
    let received = ''
    while (!received.includes('"index":1')) received += (await lines.read()).value ?? ''
    const taskId = (JSON.parse(received.split('\n')[0]!) as { taskId: string }).taskId
    const cancel = await server.api('POST', `/ng/api/connectors/testConnection/tasks/${taskId}/cancel`, {
      scope: PAYMENTS,
    })
    expect(cancel.status).toBe(200)
    // The stream ends without a result once the delegate has stopped.
    let rest = ''
    for (;;) {
      const next = await lines.read()
      if (next.done) break
      rest += next.value
    }
    expect(rest).not.toContain('"result"')
    expect(aborted).toBe(true)
    const history = await server.api<{ data: { content: unknown[] } }>(
      'GET',
      '/ng/api/connectors/cancelled_test/testHistory',
      {
        scope: PAYMENTS,
      },
    )
    expect(history.body.data.content).toEqual([])
    // The delegate may already have sent the credentials to the registry: the trail says the test
    // was stopped, by whom and on which delegate (issue 20: every connection test is recorded).
    const [event, ...more] = await testEvents('cancelled_test')
    expect(more).toEqual([])
    expect(event).toMatchObject({
      action: 'TEST',
      outcome: 'FAILURE',
      summary: 'Test cancelled while running on cancel-1',
      authenticationInfo: { principal: { type: 'SERVICE_ACCOUNT', identifier: 'bootstrap' } },
    })
    // A cancel that comes too late changes nothing, and records nothing.
    const again = await server.api('POST', `/ng/api/connectors/testConnection/tasks/${taskId}/cancel`, {
      scope: PAYMENTS,
    })
    expect(again.status).toBe(404)
    expect(await testEvents('cancelled_test')).toHaveLength(1)
    await delegate.stop()
  })

  it('records a test cancelled before any delegate took it', async () => {
    // One check at a time, and the first never ends by itself: the second test waits in the queue.
    const delegate = server.startDelegate({
      name: 'cancel-2',
      maxConcurrency: 1,
      runCheck: (_task, options) =>
        new Promise((_resolve, reject) => {
          options.signal?.addEventListener('abort', () => reject(options.signal?.reason as Error))
        }),
    })
    await delegate.registered
    await createConnector('busy_delegate', ['cancel-2'])
    await createConnector('queued_then_cancelled', ['cancel-2'])
    const taskOf = async (identifier: string) => {
      const lines = (await test(identifier)).body!.pipeThrough(new TextDecoderStream()).getReader()
      const first = (await lines.read()).value ?? ''
      await lines.cancel().catch(() => undefined)
      return (JSON.parse(first.split('\n')[0]!) as { taskId: string }).taskId
    }
    const running = await taskOf('busy_delegate')
    const queued = await taskOf('queued_then_cancelled')
    const cancel = (taskId: string) =>
      server.api('POST', `/ng/api/connectors/testConnection/tasks/${taskId}/cancel`, { scope: PAYMENTS })
    expect((await cancel(queued)).status).toBe(200)
    const [event, ...more] = await testEvents('queued_then_cancelled')
    expect(more).toEqual([])
    expect(event).toMatchObject({
      action: 'TEST',
      outcome: 'FAILURE',
      summary: 'Test cancelled before a delegate took it',
    })
    expect((await cancel(running)).status).toBe(200)
    await delegate.stop()
  })

  it('fails a test as delegate lost when its delegate stops sending heartbeats', async () => {
    let running: () => void = () => {}
    const taken = new Promise<void>((resolve) => (running = resolve))
    const delegate = server.startDelegate({
      name: 'doomed-1',
      runCheck: (_task, options) =>
        new Promise(() => {
          running()
          options.onStageStarted?.(0, 'Connect to the registry')
        }),
    })
    const delegateId = await delegate.registered
    await createConnector('lost_delegate', ['doomed-1'])
    const response = await test('lost_delegate')
    const reading = readEvents(response)
    // Once the delegate runs the test, its process dies: no more polls or heartbeats, no goodbye.
    await taken
    await server.store.client.query('UPDATE delegates SET last_heartbeat = 0 WHERE id = $1', [delegateId])
    await server.dispatch.sweep()
    const events = await reading
    expect(events.at(-1)).toMatchObject({
      type: 'result',
      result: { status: 'FAILURE', failureKind: 'DELEGATE_LOST', delegateName: 'doomed-1' },
    })
    // Ended by the sweeper, not by a request: still the asker's event.
    const [event] = await testEvents('lost_delegate')
    expect(event).toMatchObject({ outcome: 'FAILURE', authenticationInfo: { principal: { identifier: 'bootstrap' } } })
    expect(event!.summary).toMatch(/^Tested on doomed-1: Delegate Lost/)
    void delegate.stop()
  })
})

describe('a delegate and a server that goes away', () => {
  it('retries with backoff while the server does not answer, and registers again when it forgot the delegate', async () => {
    let unreachable = 2
    const lines: string[] = []
    const delegate = server.startDelegate({
      name: 'flaky-1',
      runCheck: passing,
      log: (line) => lines.push(line),
      fetch: (url, init) => {
        if (unreachable > 0) {
          unreachable -= 1
          return Promise.reject(new TypeError('fetch failed'))
        }
        const { pathname, search } = new URL(url)
        return server.fetch(`${pathname}${search}`, init)
      },
    })
    const first = await delegate.registered
    expect(lines.filter((line) => line.includes('not answering'))).toHaveLength(2)

    // The server lost track of it (a restore, a restart on another database): it registers again.
    await server.store.client.query('UPDATE delegates SET disconnected_at = 1 WHERE id = $1', [first])
    await expect.poll(() => delegate.delegateId(), { timeout: 10_000 }).not.toBe(first)
    await createConnector('after_reconnect', ['flaky-1'])
    const events = await readEvents(await test('after_reconnect'))
    expect(events.at(-1)).toMatchObject({ result: { status: 'SUCCESS', delegateName: 'flaky-1' } })
    await delegate.stop()
  }, 20_000)
})

describe('delegate tokens', () => {
  it('answers 401 and nothing else to a delegate without a valid token; a revoked token stops working', async () => {
    const register = (token: string) =>
      server.fetch('/delegate-api/v1/register', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: 'remote', tags: [], hostname: 'box', maxConcurrency: 2 }),
      })
    const refused = await register('dlg_made_up')
    expect(refused.status).toBe(401)
    expect(await refused.text()).not.toContain('delegateId')

    const created = await server.api<{ data: { value: string; token: { name: string } } }>(
      'POST',
      '/ng/api/delegate-tokens',
      {
        scope: ACCOUNT,
        body: { name: 'ci-runners' },
      },
    )
    expect(created.status).toBe(200)
    const { value } = created.body.data
    expect((await register(value)).status).toBe(200)
    const listed = await server.api<{ data: { name: string }[] }>('GET', '/ng/api/delegate-tokens', { scope: ACCOUNT })
    expect(JSON.stringify(listed.body)).not.toContain(value)
    expect(listed.body.data.map((token) => token.name)).toContain('ci-runners')

    expect((await server.api('DELETE', '/ng/api/delegate-tokens/ci-runners', { scope: ACCOUNT })).status).toBe(200)
    expect((await register(value)).status).toBe(401)
  })

  it('refuses a token name the rules do not allow, and a name taken, in any scope', async () => {
    const create = (name: string, scope: Scope = ACCOUNT) =>
      server.api('POST', '/ng/api/delegate-tokens', { scope, body: { name } })
    expect((await create(' spaced out ')).status).toBe(400)
    expect((await create('twice')).status).toBe(200)
    expect((await create('twice')).status).toBe(409)
    // Names are the server's, not a scope's: a delegate's name belongs to its token's name.
    expect((await create('twice', PAYMENTS)).status).toBe(409)
  })
})
