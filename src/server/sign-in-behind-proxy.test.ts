// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import { startHttpsProxy, type HttpsProxy } from '../test/https-proxy'
import { startTsProcess, type StartedProcess } from '../test/processes'
import { rawRequest } from '../test/server-app'

/**
 * Sign-in behind the HTTPS reverse proxy a team puts in front of the server (Debian's nginx on
 * loopback terminating TLS, --public-url https://… --trust-proxy): the setup link names the
 * public address, setup and sign-in work through the proxy, and the session cookie is Secure.
 */

const PASSWORD = 'correct horse battery'
let dir = ''
let server: StartedProcess
let proxy: HttpsProxy
let publicPort = 0
let setupLink = ''

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

beforeAll(async () => {
  mockServiceWorker.close()
  dir = await mkdtemp(path.join(tmpdir(), 'sign-in-proxy-'))
  publicPort = await freePort()
  server = startTsProcess(
    'src/server/main.ts',
    [
      '--port',
      '0',
      '--no-delegate',
      '--data',
      path.join(dir, 'data'),
      '--dist',
      path.join(dir, 'no-dist'),
      '--public-url',
      `https://localhost:${publicPort}`,
      '--trust-proxy',
    ],
    { CONNECTORS_SECRET_KEY: '', CONNECTORS_SECRET_KEY_FILE: '', DATABASE_URL: '' },
  )
  const [, base = ''] = await server.waitFor(/Artifact Repository Connectors: (https?:\/\/\S+)/, 90_000)
  ;[, setupLink = ''] = await server.waitFor(/(https?:\/\/\S+\/setup\?token=\S+)/, 30_000)
  proxy = await startHttpsProxy({ port: publicPort, upstreamPort: Number(new URL(base).port) })
}, 120_000)

afterAll(async () => {
  await proxy?.stop()
  await server?.stop()
  await rm(dir, { recursive: true, force: true })
})

function viaProxy(method: string, pathAndQuery: string, options: { body?: unknown; cookie?: string } = {}) {
  return rawRequest(publicPort, {
    method,
    path: pathAndQuery,
    ca: proxy.certPem,
    headers: {
      Host: `localhost:${publicPort}`,
      ...(method === 'GET' ? {} : { Origin: `https://localhost:${publicPort}`, 'Content-Type': 'application/json' }),
      ...(options.cookie ? { Cookie: options.cookie } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  })
}

function sessionCookie(headers: Record<string, unknown>): { header: string; pair: string } {
  const cookies = (headers['set-cookie'] as string[] | undefined) ?? []
  const header = cookies.find((value) => value.startsWith('connectors_session=')) ?? ''
  return { header, pair: header.split(';')[0] ?? '' }
}

it('prints the public setup link, and sets up, signs in and keeps a Secure session through the proxy', async () => {
  expect(setupLink.startsWith(`https://localhost:${publicPort}/setup?token=`)).toBe(true)
  const setup = await viaProxy('POST', '/api/auth/setup', {
    body: {
      token: new URL(setupLink).searchParams.get('token'),
      name: 'Ana Admin',
      email: 'ana@example.com',
      password: PASSWORD,
    },
  })
  expect(setup.status).toBe(200)
  const first = sessionCookie(setup.headers)
  expect(first.header).toContain('; Secure')
  expect(first.header).toContain('; HttpOnly')

  const me = await viaProxy('GET', '/ng/api/user/currentUser', { cookie: first.pair })
  expect(me.status).toBe(200)
  expect(JSON.parse(me.body)).toMatchObject({ data: { name: 'Ana Admin' } })

  // Sign out and in again, through the proxy.
  expect((await viaProxy('POST', '/api/auth/sign-out', { cookie: first.pair })).status).toBe(200)
  expect((await viaProxy('GET', '/ng/api/user/currentUser', { cookie: first.pair })).status).toBe(401)
  const again = await viaProxy('POST', '/api/auth/sign-in', { body: { email: 'ana@example.com', password: PASSWORD } })
  expect(again.status).toBe(200)
  expect(sessionCookie(again.headers).header).toContain('; Secure')
}, 60_000)
