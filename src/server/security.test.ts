// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
import { echoApi, expectHarnessError, json, rawRequest, withTestServerApp } from '../test/server-app'
import { createServerApp } from './app'
import { CONTENT_SECURITY_POLICY, constantTimeEqual, isWrite } from './security'

const { start, distDir } = withTestServerApp()

describe('constantTimeEqual', () => {
  it('tells equal keys from different ones, of any length', () => {
    expect(constantTimeEqual('a-long-api-key-123', 'a-long-api-key-123')).toBe(true)
    expect(constantTimeEqual('a-long-api-key-123', 'a-long-api-key-124')).toBe(false)
    expect(constantTimeEqual('a-long-api-key-123', 'a-long')).toBe(false)
    expect(constantTimeEqual('', 'x')).toBe(false)
  })
})

describe('isWrite', () => {
  it('counts POST, PUT, PATCH and DELETE as writes', () => {
    expect(['POST', 'PUT', 'PATCH', 'DELETE', 'post'].map(isWrite)).toEqual([true, true, true, true, true])
    expect(['GET', 'HEAD', 'OPTIONS'].map(isWrite)).toEqual([false, false, false])
  })
})

describe('defences', () => {
  it('refuses a request for a host it does not serve (DNS rebinding)', async () => {
    const { port } = await start()
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1:1']) {
      const response = await rawRequest(port, { path: '/ng/api/connectors', headers: { Host: host } })
      expect(response.status).toBe(403)
      expectHarnessError(JSON.parse(response.body), 'ACCESS_DENIED')
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await rawRequest(port, { path: '/', headers: { Host: host } })).status).toBe(200)
    }
  })

  it('refuses a write from another origin, and allows one from its own or with no Origin', async () => {
    const { base, port } = await start()
    const write = (headers: Record<string, string>) =>
      fetch(`${base}/ng/api/connectors`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: '{}',
      })
    const refused = await write({ Origin: 'http://evil.example' })
    expect(refused.status).toBe(403)
    expectHarnessError(await refused.json(), 'ACCESS_DENIED')
    expect((await write({ Origin: 'null' })).status).toBe(403)
    expect((await write({ Origin: `https://127.0.0.1:${port}` })).status).toBe(403)
    expect((await write({ Origin: `http://localhost:${port}` })).status).toBe(200)
    expect((await write({})).status).toBe(200)
    // Reads are not writes: the browser's same-origin policy keeps their answers from other pages.
    expect((await fetch(`${base}/ng/api/connectors`, { headers: { Origin: 'http://evil.example' } })).status).toBe(200)
  })

  it('accepts only JSON bodies (YAML for pipelines) on API writes: 415 otherwise', async () => {
    const { base } = await start()
    const send = (url: string, contentType: string, method = 'POST') =>
      fetch(`${base}${url}`, { method, headers: { 'Content-Type': contentType }, body: 'a: 1' })
    const refused = await send('/ng/api/connectors', 'text/plain')
    expect(refused.status).toBe(415)
    expectHarnessError(await refused.json(), 'UNSUPPORTED_MEDIA_TYPE')
    expect((await send('/ng/api/connectors', 'application/x-www-form-urlencoded')).status).toBe(415)
    expect((await send('/ng/api/connectors', 'application/yaml')).status).toBe(415)
    expect((await send('/ng/api/connectors', 'application/json; charset=utf-8')).status).toBe(200)
    expect((await send('/pipeline/api/pipelines?projectIdentifier=p', 'application/yaml')).status).toBe(200)
    expect((await send('/pipeline/api/pipelines/deploy', 'application/yaml', 'PUT')).status).toBe(200)
    expect((await send('/pipeline/api/pipelines/list', 'application/json')).status).toBe(200)
    expect((await send('/pipeline/api/pipelines', 'text/plain')).status).toBe(415)
    // A write without a body (DELETE, reset) needs no Content-Type.
    expect((await fetch(`${base}/ng/api/connectors/x`, { method: 'DELETE' })).status).toBe(200)
    expect((await fetch(`${base}/ng/api/demo/reset`, { method: 'POST' })).status).toBe(200)
  })

  it('refuses a body over the limit with 413, with or without Content-Length', async () => {
    const { base } = await start()
    const big = `"${'x'.repeat(2 * 1024 * 1024)}"`
    const declared = await fetch(`${base}/ng/api/connectors`, { method: 'POST', ...json(null), body: big })
    expect(declared.status).toBe(413)
    expectHarnessError(await declared.json(), 'REQUEST_TOO_LARGE')

    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * 1024 * 1024) return controller.close()
        sent += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
    const chunked = await fetch(`${base}/ng/api/connectors`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
    expectHarnessError(await chunked.json(), 'REQUEST_TOO_LARGE')

    const limited = await start({ maxBodyBytes: 10 })
    const small = await fetch(`${limited.base}/ng/api/connectors`, { method: 'POST', ...json({ a: 1 }) })
    expect(small.status).toBe(200)
    const over = await fetch(`${limited.base}/ng/api/connectors`, { method: 'POST', ...json({ abc: 12345 }) })
    expect(over.status).toBe(413)
  })

  it('counts the bytes it reads: a Content-Length that lies does not let a larger body through', async () => {
    const api = vi.fn(echoApi)
    const app = createServerApp({ api, distDir: distDir(), allowedHosts: ['127.0.0.1:5173'], maxBodyBytes: 1024 })
    const response = await app.fetch(
      new Request('http://127.0.0.1:5173/ng/api/connectors', {
        method: 'POST',
        headers: { Host: '127.0.0.1:5173', 'Content-Type': 'application/json', 'Content-Length': '5' },
        body: `"${'x'.repeat(4096)}"`,
      }),
    )
    expect(response.status).toBe(413)
    expect(api).not.toHaveBeenCalled()
  })

  it('requires the API key when one is configured: 401 without it or with a wrong one', async () => {
    const { base } = await start({ apiKey: 'correct-horse-battery-staple' })
    const missing = await fetch(`${base}/ng/api/connectors`)
    expect(missing.status).toBe(401)
    expectHarnessError(await missing.json(), 'INVALID_CREDENTIAL')
    const wrong = await fetch(`${base}/ng/api/connectors`, { headers: { 'x-api-key': 'correct-horse-battery-stapl' } })
    expect(wrong.status).toBe(401)
    const right = await fetch(`${base}/ng/api/connectors`, { headers: { 'x-api-key': 'correct-horse-battery-staple' } })
    expect(right.status).toBe(200)
    // The app's own files are not secret.
    expect((await fetch(`${base}/`)).status).toBe(200)
  })

  it('puts the security headers on every answer', async () => {
    const { base, port } = await start({ apiKey: 'correct-horse-battery-staple' })
    const answers = [
      await fetch(`${base}/`),
      await fetch(`${base}/assets/index-abc123.js`),
      await fetch(`${base}/ng/api/connectors`),
      await fetch(`${base}/nothing.png`),
    ]
    for (const response of answers) {
      expect(response.headers.get('content-security-policy')).toMatch(
        /^default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'$/,
      )
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
      expect(response.headers.get('x-frame-options')).toBe('DENY')
      expect(response.headers.get('cache-control')).toBeTruthy()
    }
    const refused = await rawRequest(port, { path: '/', headers: { Host: 'evil.example' } })
    expect(refused.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|nonce/)
  })
})
