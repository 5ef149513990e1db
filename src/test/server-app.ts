// Test support for the server's own tests: a real server on a loopback port, serving a small
// built app and a core that echoes what reached it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { ApiHandler, ServerAppOptions } from '../server/app'
import { createServerApp } from '../server/app'
import { allowedHostHeaders } from '../server/host-names'
import type { RunningServer } from '../server/shutdown'
import { startServer } from '../server/shutdown'

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>Connectors</title>
    <script type="module" crossorigin src="/assets/index-abc123.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`

/** Echoes what the core was given, so the tests can see what reached it. */
export const echoApi: ApiHandler = async (request) => {
  const url = new URL(request.url)
  if (url.pathname === '/ng/api/missing') return undefined
  if (url.pathname === '/ng/api/echo-large') {
    const streaming = (request.headers.get('Accept') ?? '').includes('application/x-ndjson')
    const line = JSON.stringify({ type: 'stage', log: 'x'.repeat(4000) })
    return streaming
      ? new Response(`${line}\n`, { headers: { 'Content-Type': 'application/x-ndjson' } })
      : Response.json({ status: 'SUCCESS', data: 'x'.repeat(4000) })
  }
  const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text()
  return Response.json({ status: 'SUCCESS', data: { method: request.method, path: url.pathname, body } })
}

/**
 * Registers the lifecycle (a temporary built app; every server started is stopped after each
 * test) and answers `start`, which serves the app with `options` on a free loopback port.
 */
export function withTestServerApp() {
  let distDir = ''
  const servers: RunningServer[] = []
  beforeAll(async () => {
    // The shared setup answers fetch() with Mock Service Worker; these tests talk to a real server.
    mockServiceWorker.close()
    distDir = await mkdtemp(path.join(tmpdir(), 'connectors-dist-'))
    await mkdir(path.join(distDir, 'assets'))
    await writeFile(path.join(distDir, 'index.html'), INDEX_HTML)
    await writeFile(path.join(distDir, 'assets', 'index-abc123.js'), 'console.log("app")\n')
    await writeFile(path.join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    await writeFile(path.join(tmpdir(), 'connectors-outside.txt'), 'outside')
  })

  afterAll(async () => {
    await rm(distDir, { recursive: true, force: true })
  })

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()))
  })

  async function start(
    options: Partial<ServerAppOptions> & {
      /** --allowed-host values, and TLS (the server speaks HTTPS itself). */
      extraHosts?: string[]
      serveTls?: { cert: string; key: string }
    } = {},
  ) {
    let port = 0
    const { extraHosts, serveTls: tls, ...appOptions } = options
    const app = createServerApp({
      api: echoApi,
      distDir,
      allowedHosts: () =>
        allowedHostHeaders({
          host: '127.0.0.1',
          port,
          ...(extraHosts ? { extraHosts } : {}),
          ...(options.publicOrigin ? { publicUrl: options.publicOrigin } : {}),
        }),
      logError: () => {},
      ...(tls ? { tls: true } : {}),
      ...appOptions,
    })
    const running = await startServer({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, ...(tls ? { tls } : {}) })
    port = running.port
    servers.push(running)
    return { base: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, port }
  }

  return { start, distDir: () => distDir }
}

/** fetch() sets Host itself; node:http lets a test send any Host (and, with `ca`, over HTTPS). */
export function rawRequest(
  port: number,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: string; ca?: string },
) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const { body: requestBody, ca, ...rest } = options
    const send = ca ? httpsRequest : httpRequest
    const req = send(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', ...rest, ...(ca ? { ca } : {}) },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end(requestBody)
  })
}

export function expectHarnessError(body: unknown, code: string) {
  expect(body).toMatchObject({ status: 'ERROR', code, message: expect.any(String), correlationId: expect.any(String) })
}

export const json = (body: unknown) => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
