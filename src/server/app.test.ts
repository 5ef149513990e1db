// @vitest-environment node
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { expectHarnessError, json, rawRequest, withTestServerApp } from '../test/server-app'
import { precompressAssets } from './precompressed-assets'
import { CONTENT_SECURITY_POLICY } from './security'

const { start, distDir } = withTestServerApp()

describe('the built app', () => {
  it('serves index.html with the meta tag that says the API is this server', async () => {
    const { base } = await start()
    const response = await fetch(`${base}/`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const html = await response.text()
    expect(html).toMatch(/<head>[^]*<meta name="connectors-backend" content="server" \/>[^]*<\/head>/)
    expect(html).toContain('/assets/index-abc123.js')
  })

  it('serves every page and file under the one strict policy: no inline script or style, no nonce', async () => {
    const { base } = await start()
    for (const page of ['/', '/account/acme/pipelines', '/assets/index-abc123.js']) {
      const response = await fetch(`${base}${page}`)
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
      expect(await response.text()).not.toContain('nonce')
    }
  })

  it('sends the app’s files compressed to a browser that accepts it', async () => {
    const { base } = await start()
    await writeFile(
      path.join(distDir(), 'assets', 'big-abc123.js'),
      `console.log(${JSON.stringify('x'.repeat(20_000))})\n`,
    )
    const response = await fetch(`${base}/assets/big-abc123.js`, { headers: { 'Accept-Encoding': 'gzip' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-encoding')).toBe('gzip')
    expect(await response.text()).toContain('x'.repeat(100))
  })

  it('sends the build’s Brotli file to a browser that accepts Brotli', async () => {
    const { base } = await start()
    const script = `console.log(${JSON.stringify('y'.repeat(20_000))})\n`
    await writeFile(path.join(distDir(), 'assets', 'big-def456.js'), script)
    await precompressAssets().writeBundle({ dir: distDir() }, { a: { fileName: 'assets/big-def456.js' } })
    const response = await fetch(`${base}/assets/big-def456.js`, { headers: { 'Accept-Encoding': 'br, gzip' } })
    expect(response.headers.get('content-encoding')).toBe('br')
    expect(await response.text()).toBe(script)
  })

  it('compresses JSON answers but never a connection test’s stream', async () => {
    const { base } = await start()
    const json = await fetch(`${base}/ng/api/echo-large`, { headers: { 'Accept-Encoding': 'gzip' } })
    expect(json.headers.get('content-encoding')).toBe('gzip')
    const stream = await fetch(`${base}/ng/api/echo-large`, {
      headers: { 'Accept-Encoding': 'gzip', Accept: 'application/x-ndjson' },
    })
    expect(stream.headers.get('content-encoding')).toBeNull()
  })

  it("answers the app's routes with index.html (single-page app)", async () => {
    const { base } = await start()
    const response = await fetch(`${base}/account/acme/orgs/default/projects/payments/connectors`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<meta name="connectors-backend" content="server" />')
  })

  it('serves hashed assets as immutable and other files for revalidation', async () => {
    const { base } = await start()
    const asset = await fetch(`${base}/assets/index-abc123.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(await asset.text()).toBe('console.log("app")\n')
    const icon = await fetch(`${base}/favicon.svg`)
    expect(icon.headers.get('content-type')).toBe('image/svg+xml')
    expect(icon.headers.get('cache-control')).toBe('no-cache')
  })

  it('answers 404 for a missing file, not index.html', async () => {
    const { base } = await start()
    for (const missing of ['/assets/gone-123.js', '/nothing.png', '/assets/route']) {
      const response = await fetch(`${base}${missing}`)
      expect(response.status).toBe(404)
      expectHarnessError(await response.json(), 'RESOURCE_NOT_FOUND_EXCEPTION')
    }
  })

  it('never serves a file outside dist/', async () => {
    const { port } = await start()
    for (const attempt of [
      '/../connectors-outside.txt',
      '/%2e%2e/connectors-outside.txt',
      '/..%2fconnectors-outside.txt',
    ]) {
      const response = await rawRequest(port, { path: attempt, headers: { Host: `127.0.0.1:${port}` } })
      expect(response.body).not.toContain('outside')
    }
  })

  it('refuses other methods than GET and HEAD outside the API', async () => {
    const { base } = await start()
    const response = await fetch(`${base}/account/acme`, { method: 'POST' })
    expect(response.status).toBe(405)
    expectHarnessError(await response.json(), 'METHOD_NOT_ALLOWED')
  })
})

describe('the API', () => {
  it('hands /ng/api, /pipeline/api and /api requests to the core', async () => {
    const { base } = await start()
    for (const prefix of ['/ng/api', '/pipeline/api', '/api']) {
      const response = await fetch(`${base}${prefix}/things?x=1`)
      expect(response.status).toBe(200)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(await response.json()).toMatchObject({ data: { method: 'GET', path: `${prefix}/things` } })
    }
    const posted = await fetch(`${base}/ng/api/connectors`, { method: 'POST', ...json({ a: 1 }) })
    expect(await posted.json()).toMatchObject({ data: { method: 'POST', body: '{"a":1}' } })
  })

  it('answers 404 in Harness shape for a route the core does not have', async () => {
    const { base } = await start()
    const response = await fetch(`${base}/ng/api/missing`)
    expect(response.status).toBe(404)
    expectHarnessError(await response.json(), 'RESOURCE_NOT_FOUND_EXCEPTION')
  })

  it('answers 500 with a generic message, and no stack, when the core throws', async () => {
    const logError = vi.fn()
    const { base } = await start({
      logError,
      api: () => Promise.reject(new Error('secret detail of the database at /var/lib')),
    })
    const response = await fetch(`${base}/ng/api/connectors`, { method: 'POST', ...json({ password: 'hunter2' }) })
    expect(response.status).toBe(500)
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    const text = await response.text()
    expectHarnessError(JSON.parse(text), 'UNEXPECTED')
    expect(text).not.toMatch(/secret detail|at .*\.ts|Error:/)
    expect(logError).toHaveBeenCalledOnce()
    const logged = String(logError.mock.calls[0]?.[0])
    expect(logged).toContain('POST /ng/api/connectors')
    expect(logged).toContain('secret detail')
    expect(logged).not.toContain('hunter2')
  })
})
