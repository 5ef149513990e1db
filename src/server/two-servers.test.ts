// @vitest-environment node
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import postgres from 'postgres'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import { startTsProcess, type StartedProcess } from '../test/processes'
import type { TestPostgres } from './pg-test-server'
import { startTestPostgres } from './pg-test-server'

/**
 * Several servers share one PostgreSQL: a delegate connected to the first takes a test requested
 * through the second. Everything is a real process: PostgreSQL, two servers (`npm start`'s entry
 * point), a delegate (`npm run delegate`'s), and a registry answering on loopback.
 */

const SCOPE = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'

let database: TestPostgres
let registry: Server
const processes: StartedProcess[] = []

beforeAll(async () => {
  mockServiceWorker.close()
  database = await startTestPostgres()
  const admin = postgres(database.url, { onnotice: () => undefined })
  await admin.unsafe('CREATE DATABASE two_servers')
  await admin.end()
  // The smallest Docker registry: an anonymous /v2/ that answers as distribution does.
  registry = createServer((request, response) => {
    if (request.url === '/v2/') {
      response.writeHead(200, { 'Docker-Distribution-Api-Version': 'registry/2.0', 'Content-Type': 'application/json' })
      response.end('{}')
      return
    }
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve))
}, 60_000)

afterAll(async () => {
  await Promise.all(processes.map((started) => started.stop()))
  registry?.close()
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
  const response = await fetch(`${base}${path}${path.includes('?') ? '&' : '?'}${SCOPE}`, {
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

  const port = (registry.address() as AddressInfo).port
  const created = await api(second, 'POST', '/ng/api/connectors', {
    connector: {
      name: 'Lab registry',
      identifier: 'lab_registry',
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
      tags: {},
      type: 'DockerRegistry',
      spec: {
        dockerRegistryUrl: `http://127.0.0.1:${port}`,
        providerType: 'Other',
        auth: { type: 'Anonymous' },
        delegateSelectors: ['lab'],
      },
    },
  })
  expect(created.status).toBe(200)

  const tested = await api(second, 'POST', '/ng/api/connectors/testConnection/lab_registry')
  expect(tested.status).toBe(200)
  expect(tested.body.data).toMatchObject({ status: 'SUCCESS', delegateName: 'lab-delegate' })
}, 120_000)
