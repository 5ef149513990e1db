// @vitest-environment node
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoAuthentication } from '../backend/access/demo-principals'
import { createApi } from '../backend/create-api'
import { SEED_ACCOUNT, createSeedState } from '../backend/seed-data'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import { checkConnectorBodies } from '../test/connector-body-properties'
import { createServerApp } from './app'
import { allowedHostHeaders } from './host-names'
import type { RunningServer } from './shutdown'
import { startServer } from './shutdown'
import type { SqlStore } from './sql-store'
import { openSqlStore } from './sql-store'

/**
 * The connector API's property (src/test/connector-body-properties.ts) against the Node server
 * over real HTTP on loopback, on PGlite; and what only that host has: its body limit.
 */

const MAX_BODY_BYTES = 64 * 1024
const SCOPE = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'

let dataDir: string
let store: SqlStore
let running: RunningServer
let base: string

beforeAll(async () => {
  // The shared setup answers fetch() with Mock Service Worker; these tests talk to a real server.
  mockServiceWorker.close()
  dataDir = await mkdtemp(join(tmpdir(), 'api-properties-'))
  store = await openSqlStore({ dataDir, secretKey: randomBytes(32), seed: createSeedState })
  let port = 0
  const app = createServerApp({
    api: createApi({ store, latency: 0, authenticate: demoAuthentication(SEED_ACCOUNT) }),
    distDir: dataDir,
    allowedHosts: () => allowedHostHeaders({ host: '127.0.0.1', port }),
    maxBodyBytes: MAX_BODY_BYTES,
    logError: () => {},
  })
  running = await startServer({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, close: () => store.close() })
  port = running.port
  base = `http://127.0.0.1:${port}`
}, 60_000)

afterAll(async () => {
  await running?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

async function request(method: string, path: string, body?: string, contentType = 'application/json') {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': contentType }) },
    body,
  })
  const text = await response.text()
  return { status: response.status, json: JSON.parse(text) as unknown, text }
}

describe('connector bodies, at random, on the Node server over HTTP', () => {
  it('never answer 5xx, answer 200 exactly for valid bodies, and read back as sent', async () => {
    await checkConnectorBodies((method, path, body) => request(method, path, body), 150)
  }, 60_000)
})

describe('bodies over the server’s limit', () => {
  async function count() {
    const list = await request('POST', `/ng/api/connectors/listV2?${SCOPE}`, '{"filterType":"Connector"}')
    const pipelines = await request('POST', `/pipeline/api/pipelines/list?${SCOPE}`)
    return [
      (list.json as { data: { totalItems: number } }).data.totalItems,
      (pipelines.json as { data: { totalItems: number } }).data.totalItems,
    ]
  }

  it.each([
    [
      'a connector',
      '/ng/api/connectors',
      JSON.stringify({ connector: { name: 'x'.repeat(MAX_BODY_BYTES) } }),
      'application/json',
    ],
    [
      'a secret',
      '/ng/api/v2/secrets',
      JSON.stringify({ secret: { spec: { value: 'v'.repeat(MAX_BODY_BYTES) } } }),
      'application/json',
    ],
    [
      'a pipeline',
      '/pipeline/api/pipelines',
      `pipeline:\n  name: Huge\n  identifier: huge\n  description: ${'d'.repeat(MAX_BODY_BYTES)}\n`,
      'application/yaml',
    ],
  ])('refuses %s larger than the limit with 413, in words, storing nothing', async (_, path, body, contentType) => {
    const before = await count()
    const answer = await request('POST', `${path}?${SCOPE}`, body, contentType)
    expect(answer.status).toBe(413)
    expect((answer.json as { message: string }).message).toBe(
      `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
    )
    expect(await count()).toEqual(before)
  })

  // Found by this suite: a malformed escape such as %E0%A4%A used to fail the request with a 500.
  it('answers a malformed path encoding with a 400, not a crash', async () => {
    const answer = await request('GET', `/ng/api/connectors/%E0%A4%A?${SCOPE}`)
    expect(answer.status).toBe(400)
  })
})
