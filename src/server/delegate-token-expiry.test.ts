import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { parse } from 'yaml'
import type { AuditEvent } from '../backend/audit/audit-event'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { DelegateToken } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { startDelegateTestServer, type DelegateTestServer } from '../test/delegate-server'
import { paymentsDockerConnector, paymentsSecretBody } from '../test/payments-bodies'

/**
 * Issue 21, defect 6: a delegate token may expire. Played as the holder of a token whose expiry
 * has passed would play it: register, heartbeat, poll for a task (and its secret), stream stages
 * and post a result. Each is refused as for a revoked token (401), in words the delegate logs,
 * and nothing changes. The delegates' clock is the test's: the token is created valid (the API
 * refuses an expiry in the past) and the clock then moves past it.
 */

const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }
const ACCOUNT: Scope = { accountIdentifier: 'acme' }
const PASSWORD = 'expiry-victim-password-3'
const HOUR = 3_600_000
const DAY = 24 * HOUR

let server: DelegateTestServer
let clock = Date.now()
const audited: AuditEvent[] = []

type Call = { status: number; body: Record<string, unknown> }

async function call(token: string, path: string, body: unknown): Promise<Call> {
  const response = await server.fetch(`/delegate-api/v1${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function createToken(body: Record<string, unknown>) {
  return server.api<{ data: { value: string; token: DelegateToken }; errors?: { fieldId: string; error: string }[] }>(
    'POST',
    '/ng/api/delegate-tokens',
    { scope: ACCOUNT, body },
  )
}

async function listed(name: string): Promise<DelegateToken | undefined> {
  const answer = await server.api<{ data: DelegateToken[] }>('GET', '/ng/api/delegate-tokens', { scope: ACCOUNT })
  return answer.body.data.find((token) => token.name === name)
}

async function registered(token: string, name: string): Promise<string> {
  const answer = await call(token, '/register', { name, tags: [], hostname: 'box', maxConcurrency: 2 })
  expect(answer.status).toBe(200)
  return answer.body.delegateId as string
}

async function taskRow(id: string) {
  const rows = await server.store.client.query('SELECT state, delegate_id, result FROM test_tasks WHERE id = $1', [id])
  return rows[0] as { state: string; delegate_id: string | null; result: unknown }
}

/** A test of a new connector that only `delegateName` may take (any delegate when undefined). */
async function queueTestFor(delegateName: string | undefined, identifier: string) {
  const selectors = delegateName ? [delegateName] : []
  const created = await server.api('POST', '/ng/api/connectors', {
    scope: PAYMENTS,
    body: {
      connector: paymentsDockerConnector(identifier, 'http://127.0.0.1:5999', {
        passwordRef: 'expiry_pw',
        selectors,
      }),
    },
  })
  expect(created.status).toBe(200)
  return server.dispatch.startTest(PAYMENTS, identifier, selectors)
}

/** The words every refusal of an expired token carries: the token, and when it expired. */
const EXPIRED_WORDS = (name: string) => new RegExp(`delegate token ${name} expired on \\d{4}-\\d{2}-\\d{2}`)

beforeAll(async () => {
  mockServiceWorker.close()
  server = await startDelegateTestServer({
    pollWaitMs: 1_500,
    dispatch: {
      now: () => clock,
      trail: { key: new Uint8Array(32).fill(3), committed: (events) => audited.push(...events) },
    },
  })
  const secret = await server.api('POST', '/ng/api/v2/secrets', {
    scope: PAYMENTS,
    body: paymentsSecretBody('expiry_pw', PASSWORD),
  })
  expect(secret.status).toBe(200)
}, 60_000)

afterAll(async () => {
  await server?.close()
})

describe('an expired delegate token', () => {
  it('is refused at every call once its expiry passed: no register, heartbeat, claim, secret or result', async () => {
    clock = Date.now()
    const created = await createToken({ name: 'expiring', expiresAt: clock + HOUR })
    expect(created.status).toBe(200)
    const token = created.body.data.value
    const delegateId = await registered(token, 'expiring-1')
    // A task claimed while the token was good, and one queued for later.
    const running = await queueTestFor('expiring-1', 'claimed_before')
    const taken = await call(token, '/poll', { delegateId, capacity: 1 })
    expect(taken.body.tasks).toMatchObject([{ taskId: running }])
    const queued = await queueTestFor('expiring-1', 'queued_after')

    clock += 2 * HOUR

    for (const [path, body] of [
      ['/register', { name: 'expiring-2', tags: [], hostname: 'box', maxConcurrency: 1 }],
      ['/heartbeat', { delegateId }],
      ['/poll', { delegateId, capacity: 2 }],
      ['/tasks/' + running + '/events', { delegateId, events: [] }],
      ['/tasks/' + running + '/result', { delegateId, outcome: { stages: [], result: { status: 'SUCCESS' } } }],
    ] as const) {
      const answer = await call(token, path, body)
      expect(answer.status, path).toBe(401)
      expect(answer.body.message, path).toMatch(EXPIRED_WORDS('expiring'))
      expect(JSON.stringify(answer.body), path).not.toContain(PASSWORD)
    }
    expect(await taskRow(queued)).toMatchObject({ state: 'queued', delegate_id: null })
    expect(await taskRow(running)).toMatchObject({ state: 'running', result: null })
    const rows = await server.store.client.query("SELECT count(*)::int AS n FROM delegates WHERE name = 'expiring-2'")
    expect(rows[0]?.n).toBe(0)
    expect(await listed('expiring')).toMatchObject({ expired: true })
    await server.dispatch.cancel(queued)
  })

  it('hands nothing to a poll that was waiting when the token expired', async () => {
    clock = Date.now()
    const created = await createToken({ name: 'expires-while-waiting', expiresAt: clock + HOUR })
    const token = created.body.data.value
    const delegateId = await registered(token, 'waiting-1')
    const poll = call(token, '/poll', { delegateId, capacity: 2 })
    await vi.waitFor(() => expect(server.dispatch.agents.waitingPolls()).toBe(1))
    clock += 2 * HOUR
    // The built-in delegate is connected (so the test is queued rather than refused at once),
    // but busy elsewhere: it does not poll.
    await registered(server.dispatch.embeddedToken, 'local')
    const queued = await queueTestFor(undefined, 'wanted_while_waiting')

    const answer = await poll
    expect(answer.status).toBe(401)
    expect(answer.body.message).toMatch(EXPIRED_WORDS('expires-while-waiting'))
    expect(JSON.stringify(answer.body)).not.toContain(PASSWORD)
    expect(await taskRow(queued)).toMatchObject({ state: 'queued', delegate_id: null })
    await server.dispatch.cancel(queued)
  })

  it('made with an expiry in the past (only the store can) registers nothing', async () => {
    clock = Date.now()
    const created = await server.dispatch.createToken(ACCOUNT, 'born-expired', undefined, clock - DAY)
    if (!created) throw new Error('born-expired exists')
    const answer = await call(created.value, '/register', {
      name: 'born-1',
      tags: [],
      hostname: 'box',
      maxConcurrency: 1,
    })
    expect(answer.status).toBe(401)
    expect(answer.body.message).toMatch(EXPIRED_WORDS('born-expired'))
    expect(await listed('born-expired')).toMatchObject({ expired: true, expiresAt: clock - DAY })
  })
})

describe('creating a token with an expiry', () => {
  it('refuses an expiry in the past or malformed, with words at the field, and makes no token', async () => {
    for (const expiresAt of [Date.now() - 60_000, 'next week', -1, 1.5, Number.MAX_SAFE_INTEGER]) {
      const answer = await createToken({ name: 'refused-expiry', expiresAt })
      expect(answer.status, String(expiresAt)).toBe(400)
      expect(answer.body.errors, String(expiresAt)).toEqual([
        { fieldId: 'expiresAt', error: expect.stringMatching(/expires at a time in the future/) },
      ])
    }
    expect(await listed('refused-expiry')).toBeUndefined()
  })

  it('keeps the expiry, lists it, and records it in the create’s audit event; no expiry means never', async () => {
    const expiresAt = Date.now() + 30 * DAY
    audited.length = 0
    const created = await createToken({ name: 'thirty-days', expiresAt })
    expect(created.status).toBe(200)
    expect(created.body.data.token).toMatchObject({ name: 'thirty-days', expiresAt })
    expect(await listed('thirty-days')).toMatchObject({ expiresAt, expired: false })
    const event = audited.find((each) => each.resourceIdentifier === 'thirty-days')
    expect(event?.action).toBe('CREATE')
    // Read as YAML: a date-like string is written quoted, so that no YAML 1.1 reader takes it for a timestamp.
    expect(parse(event?.yamlAfter ?? '')).toEqual({
      delegateToken: { name: 'thirty-days', expiresAt: new Date(expiresAt).toISOString() },
    })

    const forever = await createToken({ name: 'no-expiry' })
    expect(forever.status).toBe(200)
    expect(forever.body.data.token.expiresAt).toBeUndefined()
    const never = audited.find((each) => each.resourceIdentifier === 'no-expiry')
    expect(never?.yamlAfter).toContain('expiresAt: never')
  })
})

describe('when a token was last used', () => {
  it('is never until a delegate presents it, then the time it did, written at most once a minute', async () => {
    clock = Date.now()
    const created = await createToken({ name: 'seen' })
    const token = created.body.data.value
    expect((await listed('seen'))?.lastUsedAt).toBeUndefined()

    const registeredAt = clock
    const delegateId = await registered(token, 'seen-1')
    expect((await listed('seen'))?.lastUsedAt).toBe(registeredAt)

    // Heartbeats within the minute write nothing more.
    clock += 10_000
    expect((await call(token, '/heartbeat', { delegateId })).status).toBe(200)
    clock += 10_000
    expect((await call(token, '/heartbeat', { delegateId })).status).toBe(200)
    expect((await listed('seen'))?.lastUsedAt).toBe(registeredAt)

    clock += 50_000
    expect((await call(token, '/heartbeat', { delegateId })).status).toBe(200)
    expect((await listed('seen'))?.lastUsedAt).toBe(clock)
  })
})
