// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerErrorEntry } from '../backend/router'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { Scope } from '../lib/scope'
import { startDelegateTestServer, type DelegateTestServer } from '../test/delegate-server'
import { paymentsDockerConnector } from '../test/payments-bodies'
import { startTestPostgres, type TestPostgres } from './pg-test-server'

/**
 * A PostgreSQL outage while the server runs: requests answer 503 in words at once (a read says
 * it could not read, a write that nothing was changed), every one is logged under the request id
 * the client received, /readyz says not ready while /healthz says up, and once PostgreSQL is back
 * requests succeed again without restarting the server.
 */

const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

let database: TestPostgres
let server: DelegateTestServer
const logged: ServerErrorEntry[] = []

beforeAll(async () => {
  mockServiceWorker.close()
  database = await startTestPostgres({ database: 'outage' })
  server = await startDelegateTestServer({ databaseUrl: database.url, onServerError: (entry) => logged.push(entry) })
}, 60_000)

afterAll(async () => {
  await server?.close().catch(() => undefined)
  await database?.stop()
}, 60_000)

const list = () =>
  server.api<{ data?: unknown; message?: string; correlationId?: string }>('POST', '/ng/api/connectors/listV2', {
    scope: PAYMENTS,
    body: { filterType: 'Connector' },
  })

describe('a PostgreSQL outage', () => {
  it('answers 503 in words while the database is away, logs each, and recovers by itself', async () => {
    expect((await list()).status).toBe(200)
    expect((await server.fetch('/readyz')).status).toBe(200)
    const delegateToken = (await server.dispatch.createToken(PAYMENTS, 'outage-delegate'))!.value

    await database.pause()

    const read = await list()
    expect(read.status).toBe(503)
    expect(read.body.message).toBe('The database is unavailable; nothing was changed. Try again in a moment.')
    const got = await server.api<{ message: string; correlationId: string }>(
      'GET',
      '/ng/api/connectors/docker_hub_public',
      {
        scope: PAYMENTS,
      },
    )
    expect(got.status).toBe(503)
    expect(got.body.message).toBe('The database is unavailable; the data could not be read. Try again in a moment.')
    const write = await server.api<{ message: string }>('POST', '/ng/api/connectors', {
      scope: PAYMENTS,
      body: { connector: paymentsDockerConnector('during_outage', 'https://registry.example') },
    })
    expect(write.status).toBe(503)
    expect(write.body.message).toBe('The database is unavailable; nothing was changed. Try again in a moment.')

    // Each was logged under the id its answer carried.
    expect(logged.map((entry) => entry.requestId)).toEqual(
      expect.arrayContaining([got.body.correlationId, read.body.correlationId]),
    )
    expect(logged.every((entry) => entry.status === 503)).toBe(true)

    // A delegate's call meets the same words.
    const heartbeat = await server.fetch('/delegate-api/v1/heartbeat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${delegateToken}` },
      body: JSON.stringify({ delegateId: 'any' }),
    })
    expect(heartbeat.status).toBe(503)
    expect(((await heartbeat.json()) as { message: string }).message).toBe(
      'The database is unavailable; nothing was changed. Try again in a moment.',
    )

    const ready = await server.fetch('/readyz')
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ status: 'NOT_READY', database: 'unreachable' })
    expect((await server.fetch('/healthz')).status).toBe(200)

    await database.resume()
    // Back by itself: the server was not restarted.
    await expect.poll(async () => (await list()).status, { timeout: 20_000, interval: 250 }).toBe(200)
    expect((await server.fetch('/readyz')).status).toBe(200)
    const created = await server.api('POST', '/ng/api/connectors', {
      scope: PAYMENTS,
      body: { connector: paymentsDockerConnector('after_outage', 'https://registry.example') },
    })
    expect(created.status).toBe(200)
    expect(await server.store.getConnector(PAYMENTS, 'during_outage')).toBeUndefined()
  }, 60_000)
})
