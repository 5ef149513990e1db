import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { Scope } from '../lib/scope'
import { startDelegateTestServer, TEST_HOST, type DelegateTestServer } from '../test/delegate-server'
import { paymentsDockerConnector, paymentsSecretBody } from '../test/payments-bodies'
import { startServer } from './shutdown'

/**
 * The attacks of issue 16 on the delegates' API, played as a delegate holding its own valid token
 * would play them: acting as another token's delegate, taking the built-in delegate's name or
 * another token's delegate name, and polling on after its token was revoked. Each is refused,
 * and nothing changes: no heartbeat, no claim, no secret handed out, no result recorded.
 */

const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }
const ACCOUNT: Scope = { accountIdentifier: 'acme' }
const VICTIM_PASSWORD = 'victim-password-value-7'

let server: DelegateTestServer

type Call = { status: number; body: Record<string, unknown> }

async function call(token: string, path: string, body: unknown): Promise<Call> {
  const response = await server.fetch(`/delegate-api/v1${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function newToken(name: string): Promise<string> {
  const created = await server.api<{ data: { value: string } }>('POST', '/ng/api/delegate-tokens', {
    scope: ACCOUNT,
    body: { name },
  })
  expect(created.status).toBe(200)
  return created.body.data.value
}

async function register(token: string, name: string): Promise<Call> {
  return call(token, '/register', { name, tags: ['shared'], hostname: 'box', maxConcurrency: 4 })
}

async function registered(token: string, name: string, tags = ['shared']): Promise<string> {
  const answer = await call(token, '/register', { name, tags, hostname: 'box', maxConcurrency: 4 })
  expect(answer.status).toBe(200)
  return answer.body.delegateId as string
}

async function createConnector(identifier: string, selectors: string[]) {
  const created = await server.api('POST', '/ng/api/connectors', {
    scope: PAYMENTS,
    body: {
      connector: paymentsDockerConnector(identifier, 'http://127.0.0.1:5999', { passwordRef: 'victim_pw', selectors }),
    },
  })
  expect(created.status).toBe(200)
}

async function taskRow(id: string) {
  const rows = await server.store.client.query('SELECT state, delegate_id, result FROM test_tasks WHERE id = $1', [id])
  return rows[0] as { state: string; delegate_id: string | null; result: unknown }
}

async function delegateRow(id: string) {
  const rows = await server.store.client.query('SELECT last_heartbeat, disconnected_at FROM delegates WHERE id = $1', [
    id,
  ])
  return rows[0] as { last_heartbeat: unknown; disconnected_at: unknown }
}

beforeAll(async () => {
  mockServiceWorker.close()
  server = await startDelegateTestServer({ pollWaitMs: 1_500 })
  const secret = await server.api('POST', '/ng/api/v2/secrets', {
    scope: PAYMENTS,
    body: paymentsSecretBody('victim_pw', VICTIM_PASSWORD),
  })
  expect(secret.status).toBe(200)
}, 60_000)

afterAll(async () => {
  await server?.close()
})

describe('a delegate token acts only for the delegates it registered', () => {
  it("refuses token B's heartbeat, poll, report and disconnect as token A's delegate, and changes nothing", async () => {
    const tokenA = await newToken('team-a')
    const tokenB = await newToken('team-b')
    const victim = await registered(tokenA, 'victim-1')
    await createConnector('victims_registry', ['victim-1'])
    const before = await delegateRow(victim)

    // B knows A's delegate id (say it was printed in a log): every call in its name is refused.
    const heartbeat = await call(tokenB, '/heartbeat', { delegateId: victim })
    expect(heartbeat.status).toBe(403)
    expect(heartbeat.body.message).toMatch(/another token/)

    const queued = await server.dispatch.startTest(PAYMENTS, 'victims_registry', ['victim-1'])
    const poll = await call(tokenB, '/poll', { delegateId: victim, capacity: 4 })
    expect(poll.status).toBe(403)
    expect(JSON.stringify(poll.body)).not.toContain(VICTIM_PASSWORD)
    expect(await taskRow(queued)).toMatchObject({ state: 'queued', delegate_id: null })
    expect(await delegateRow(victim)).toEqual(before)

    // A takes its task; B reports a made-up success for it, and streams made-up stages.
    const taken = await call(tokenA, '/poll', { delegateId: victim, capacity: 4 })
    expect(taken.status).toBe(200)
    expect(taken.body.tasks).toMatchObject([{ taskId: queued, secrets: { victim_pw: VICTIM_PASSWORD } }])
    const fakeStage = { title: 'Connect to the registry', status: 'passed', durationMs: 1, log: ['all fine'] }
    const events = await call(tokenB, `/tasks/${queued}/events`, {
      delegateId: victim,
      events: [{ type: 'stage-finished', index: 0, stage: fakeStage }],
    })
    expect(events.status).toBe(403)
    const result = await call(tokenB, `/tasks/${queued}/result`, {
      delegateId: victim,
      outcome: { stages: [fakeStage], result: { status: 'SUCCESS' } },
    })
    expect(result.status).toBe(403)
    expect(await taskRow(queued)).toMatchObject({ state: 'running', delegate_id: victim, result: null })

    const disconnect = await call(tokenB, '/disconnect', { delegateId: victim })
    expect(disconnect.status).toBe(403)
    expect((await delegateRow(victim)).disconnected_at).toBeNull()

    // A itself still works: its own result is taken.
    const own = await call(tokenA, `/tasks/${queued}/result`, {
      delegateId: victim,
      outcome: { stages: [], result: { status: 'FAILURE', errorSummary: 'the real answer' } },
    })
    expect(own).toMatchObject({ status: 200, body: { accepted: true } })
  })

  it('refuses the name local to any token but the built-in delegate’s, in any case', async () => {
    const token = await newToken('would-be-local')
    for (const name of ['local', 'LOCAL', 'Local']) {
      const answer = await register(token, name)
      expect(answer.status).toBe(403)
      expect(answer.body.message).toMatch(/reserved for the server's built-in delegate/)
    }
    const rows = await server.store.client.query("SELECT count(*)::int AS n FROM delegates WHERE lower(name) = 'local'")
    expect(rows[0]?.n).toBe(0)
    // And the built-in delegate's token registers local only.
    const other = await register(server.dispatch.embeddedToken, 'not-local')
    expect(other.status).toBe(403)
    expect((await register(server.dispatch.embeddedToken, 'local')).status).toBe(200)
  })

  it("refuses a delegate name another live token's delegates use, until that token is revoked", async () => {
    const owner = await newToken('name-owner')
    const squatter = await newToken('name-squatter')
    await registered(owner, 'build-east')
    // Replicas of the owner's delegate (same token, same name) are welcome.
    await registered(owner, 'build-east')
    const refused = await register(squatter, 'Build-East')
    expect(refused.status).toBe(403)
    expect(refused.body.message).toMatch(/another token/)

    expect((await server.api('DELETE', '/ng/api/delegate-tokens/name-owner', { scope: ACCOUNT })).status).toBe(200)
    expect((await register(squatter, 'build-east')).status).toBe(200)
  })
})

describe('a tag cannot stand for another delegate', () => {
  it('refuses local, or another live token’s delegate name, as a tag', async () => {
    const owner = await newToken('tag-owner')
    const thief = await newToken('tag-thief')
    await registered(owner, 'prod-builder')
    for (const tag of ['local', 'LOCAL', 'prod-builder', 'Prod-Builder']) {
      const answer = await call(thief, '/register', {
        name: 'thief-1',
        tags: ['docker', tag],
        hostname: 'box',
        maxConcurrency: 4,
      })
      expect(answer.status, tag).toBe(403)
      expect(answer.body.message).toMatch(/is the name of another delegate/)
    }
  })

  it('never lets a tag claim a test addressed to a name its owner took later', async () => {
    const early = await newToken('early-tagger')
    const owner = await newToken('late-owner')
    const tagger = await registered(early, 'early-1', ['future-name'])
    const named = await registered(owner, 'future-name')
    await createConnector('wants_future_name', ['future-name'])
    const queued = await server.dispatch.startTest(PAYMENTS, 'wants_future_name', ['future-name'])

    const taken = await call(early, '/poll', { delegateId: tagger, capacity: 4 })
    expect(taken).toMatchObject({ status: 200, body: { tasks: [] } })
    expect(JSON.stringify(taken.body)).not.toContain(VICTIM_PASSWORD)
    expect(await taskRow(queued)).toMatchObject({ state: 'queued', delegate_id: null })

    const own = await call(owner, '/poll', { delegateId: named, capacity: 4 })
    expect(own.body.tasks).toMatchObject([{ taskId: queued }])
  })
})

describe('revoking a token', () => {
  it('hands nothing to a poll that was already waiting when the token was revoked', async () => {
    const token = await newToken('soon-revoked')
    const waiting = await registered(token, 'revokee-1')
    // The built-in delegate is connected (so the test is queued rather than refused at once),
    // but busy elsewhere: it does not poll.
    await registered(server.dispatch.embeddedToken, 'local')
    await createConnector('any_delegate', [])

    const poll = call(token, '/poll', { delegateId: waiting, capacity: 4 })
    await vi.waitFor(() => expect(server.dispatch.agents.waitingPolls()).toBe(1))
    expect((await server.api('DELETE', '/ng/api/delegate-tokens/soon-revoked', { scope: ACCOUNT })).status).toBe(200)
    const queued = await server.dispatch.startTest(PAYMENTS, 'any_delegate', [])

    const answer = await poll
    expect(answer.status).toBe(401)
    expect(JSON.stringify(answer.body)).not.toContain(VICTIM_PASSWORD)
    expect(await taskRow(queued)).toMatchObject({ state: 'queued', delegate_id: null })
    await server.dispatch.cancel(queued)
  })

  it('refuses a claim in the same statement when the token was revoked between two polls', async () => {
    const token = await newToken('revoked-between')
    const delegateId = await registered(token, 'revokee-2')
    await createConnector('wants_revokee', ['revokee-2'])
    const queued = await server.dispatch.startTest(PAYMENTS, 'wants_revokee', ['revokee-2'])
    // The revoke lands in the database behind the server's back (another server did it).
    await server.store.client.query("UPDATE delegate_tokens SET revoked_at = 1 WHERE name = 'revoked-between'")
    const answer = await call(token, '/poll', { delegateId, capacity: 4 })
    expect(answer.status).toBe(401)
    expect(await taskRow(queued)).toMatchObject({ state: 'queued', delegate_id: null })
    await server.dispatch.cancel(queued)
  })
})

describe('what the server shows of its delegates', () => {
  it('lists delegates without the ids their calls are made with', async () => {
    const token = await newToken('listed')
    const id = await registered(token, 'listed-1')
    const groups = await server.fetch('/api/setup/delegates/v2/up-the-hierarchy?accountId=acme')
    expect(groups.status).toBe(200)
    const text = await groups.text()
    expect(text).toContain('listed-1')
    expect(text).not.toContain(id)
  })
})

describe("the delegates' API reads no more of a body than it takes", () => {
  /** Sends up to `totalBytes` of chunked body, lazily, and stops once the server has answered. */
  function sendHugeBody(port: number, token: string, totalBytes: number) {
    return new Promise<{ status: number; sentBytes: number }>((resolve, reject) => {
      const chunk = Buffer.alloc(64 * 1024, 0x61)
      let sentBytes = 0
      let answered: number | undefined
      const request = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/delegate-api/v1/poll',
        headers: {
          Host: TEST_HOST,
          'Content-Type': 'application/json',
          'Transfer-Encoding': 'chunked',
          Authorization: `Bearer ${token}`,
        },
      })
      const pump = () => {
        while (answered === undefined && sentBytes < totalBytes) {
          sentBytes += chunk.length
          if (!request.write(chunk)) return void request.once('drain', pump)
        }
        if (answered === undefined) request.end()
      }
      request.on('response', (response) => {
        answered = response.statusCode ?? 0
        response.resume()
        request.destroy()
        resolve({ status: answered, sentBytes })
      })
      request.on('error', (error) => (answered === undefined ? reject(error) : undefined))
      pump()
    })
  }

  it('refuses a 300 MiB chunked body after its first MiB, without reading the rest', async () => {
    const running = await startServer({ fetch: server.app.fetch, hostname: '127.0.0.1', port: 0 })
    try {
      const token = await newToken('huge-body')
      const total = 300 * 1024 * 1024
      const answer = await sendHugeBody(running.port, token, total)
      expect(answer.status).toBe(413)
      // What the sockets' buffers took besides the first MiB, far from all of it.
      expect(answer.sentBytes).toBeLessThan(32 * 1024 * 1024)
      // Without a valid token, not a byte of the body is wanted.
      const refused = await sendHugeBody(running.port, 'dlg_made_up', total)
      expect(refused.status).toBe(401)
      expect(refused.sentBytes).toBeLessThan(32 * 1024 * 1024)
    } finally {
      await running.stop()
    }
  }, 60_000)
})
