// @vitest-environment node
import postgres from 'postgres'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startRegistry, type TestRegistry } from '../delegate-agent/checks/test-servers/registry-server'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import { PAYMENTS_QUERY, paymentsDockerConnector, paymentsSecretBody } from '../test/payments-bodies'
import { startTsProcess, type StartedProcess } from '../test/processes'
import type { TestPostgres } from './pg-test-server'
import { startTestPostgres } from './pg-test-server'

/**
 * Several servers share one PostgreSQL: a delegate connected to the first takes a test requested
 * through the second. Everything is a real process: PostgreSQL, two servers (`npm start`'s entry
 * point), a delegate (`npm run delegate`'s) with tags, and Debian's docker-registry with htpasswd,
 * the registry the built-in delegate meets in e2e/real-delegates.spec.ts.
 */

let database: TestPostgres
let registry: TestRegistry
const processes: StartedProcess[] = []

beforeAll(async () => {
  mockServiceWorker.close()
  database = await startTestPostgres()
  const admin = postgres(database.url, { onnotice: () => undefined })
  await admin.unsafe('CREATE DATABASE two_servers')
  await admin.end()
  registry = await startRegistry({ auth: { htpasswd: { username: 'demo', password: 'lab-password' } } })
}, 60_000)

afterAll(async () => {
  await Promise.all(processes.map((started) => started.stop()))
  await registry?.stop()
  await database?.stop()
}, 60_000)

async function startServer(): Promise<string> {
  const url = database.url.replace(/\/[^/]+$/, '/two_servers')
  const started = startTsProcess('src/server/main.ts', ['--port', '0', '--no-delegate'], { DATABASE_URL: url })
  processes.push(started)
  const [, address] = await started.waitFor(/Artifact Repository Connectors: (http:\/\/\S+)/)
  return address!.replace(/\/+$/, '')
}

async function api(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}${path.includes('?') ? '&' : '?'}${PAYMENTS_QUERY}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: response.status, body: (await response.json()) as { data: Record<string, unknown> } }
}

it('hands a test requested through one server to a delegate connected to another', async () => {
  const [first, second] = await Promise.all([startServer(), startServer()])

  const token = await api(first, 'POST', '/ng/api/delegate-tokens', { name: 'lab-token' })
  expect(token.status).toBe(200)
  const delegate = startTsProcess(
    'src/delegate-agent/main.ts',
    ['--server', first, '--name', 'lab-delegate', '--tags', 'lab'],
    { DELEGATE_TOKEN: String(token.body.data.value) },
  )
  processes.push(delegate)
  await delegate.waitFor(/Delegate lab-delegate connected/)

  const secret = await api(second, 'POST', '/ng/api/v2/secrets', paymentsSecretBody('lab_password', 'lab-password'))
  expect(secret.status).toBe(200)
  const created = await api(second, 'POST', '/ng/api/connectors', {
    connector: paymentsDockerConnector('lab_registry', registry.url, {
      passwordRef: 'lab_password',
      selectors: ['lab'],
    }),
  })
  expect(created.status).toBe(200)

  const tested = await api(second, 'POST', '/ng/api/connectors/testConnection/lab_registry')
  expect(tested.status).toBe(200)
  expect(tested.body.data).toMatchObject({ status: 'SUCCESS', delegateName: 'lab-delegate' })
}, 120_000)
