// @vitest-environment node
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import {
  createPaymentsProject,
  PAYMENTS_QUERY,
  paymentsDockerConnector,
  paymentsSecretBody,
} from '../test/payments-bodies'
import { startTsProcess, type StartedProcess } from '../test/processes'
import { startRegistry, type TestRegistry } from '../test/registry-servers/registry-server'
import type { TestPostgres } from './pg-test-server'
import { startTestPostgres } from './pg-test-server'

/**
 * Several servers share one PostgreSQL: a delegate connected to the first takes a test requested
 * through the second. Everything is a real process: PostgreSQL, two servers (`npm start`'s entry
 * point), a delegate (`npm run delegate`'s) with tags, and Debian's docker-registry with htpasswd,
 * the registry the built-in delegate meets in e2e/real-delegates.spec.ts.
 */

/** The key every server on this database shares (CONNECTORS_SECRET_KEY). */
const SHARED_KEY = randomBytes(32).toString('base64')

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

function serverProcess(env: NodeJS.ProcessEnv): StartedProcess {
  const url = database.url.replace(/\/[^/]+$/, '/two_servers')
  // A real server's first start makes the account acme; the test makes project payments in it.
  const started = startTsProcess(
    'src/server/main.ts',
    ['--port', '0', '--no-delegate', '--account', 'acme', '--no-sign-in'],
    {
      DATABASE_URL: url,
      CONNECTORS_SECRET_KEY_FILE: '',
      ...env,
    },
  )
  processes.push(started)
  return started
}

async function startServer(): Promise<string> {
  const started = serverProcess({ CONNECTORS_SECRET_KEY: SHARED_KEY })
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
  await createPaymentsProject(first)

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

it('refuses to start a server on the shared database with another secret key, or with none', async () => {
  // The first server wrote a secret with the shared key (above); one started with a key of its
  // own would write secrets the others cannot read, and fail every test they hand out.
  const other = serverProcess({ CONNECTORS_SECRET_KEY: randomBytes(32).toString('base64') })
  const exited = new Promise<number | null>((resolve) => other.child.once('exit', (code) => resolve(code)))
  expect(await exited).toBe(1)
  expect(other.output()).toMatch(/cannot decrypt .*it is not the key this database's secrets were stored with/)
  expect(other.output()).toMatch(/same CONNECTORS_SECRET_KEY or --secret-key-file as the other servers/)
  expect(other.output()).not.toMatch(/Artifact Repository Connectors: http/)

  // Without a key, a server does not make one up for a shared database.
  const keyless = serverProcess({ CONNECTORS_SECRET_KEY: '' })
  const keylessExit = new Promise<number | null>((resolve) => keyless.child.once('exit', (code) => resolve(code)))
  expect(await keylessExit).toBe(1)
  expect(keyless.output()).toContain('With DATABASE_URL the secret key must be given')
}, 60_000)
