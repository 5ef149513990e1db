// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serverUrlRefusal } from '../delegate-agent/server-url'
import { selfSignedCertificate, type TestCertificate } from '../test/registry-servers/tls-cert'
import { expectHarnessError, rawRequest, withTestServerApp } from '../test/server-app'
import { allowedHostHeaders } from './host-names'
import { parseServerOptions, UsageError } from './server-options'

/**
 * The server behind an HTTPS reverse proxy, and serving HTTPS itself. A browser's write carries
 * the origin it saw (`https://connectors.example`), which the server must take for its own when
 * told so (--public-url, --trust-proxy), and only then; a forged X-Forwarded-Host is believed
 * only from a trusted proxy, and even then only for a host the server serves.
 */

const { start } = withTestServerApp()
let certificateDir: string
let certificate: TestCertificate

beforeAll(async () => {
  certificateDir = await mkdtemp(path.join(tmpdir(), 'https-test-'))
  certificate = await selfSignedCertificate(certificateDir, {
    commonName: 'localhost',
    subjectAltName: 'DNS:localhost,IP:127.0.0.1',
  })
})

afterAll(async () => {
  await rm(certificateDir, { recursive: true, force: true })
})

const write = (port: number, headers: Record<string, string>, ca?: string) =>
  rawRequest(port, {
    method: 'POST',
    path: '/ng/api/connectors/listV2',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: '{}',
    ...(ca ? { ca } : {}),
  })

describe('behind an HTTPS reverse proxy', () => {
  it('refuses the proxied HTTPS origin until told the public URL, and says how', async () => {
    // The proxy passes the browser's Host through; the browser left out port 443.
    const { port } = await start({ extraHosts: ['connectors.example'] })
    const refused = await write(port, { Host: 'connectors.example', Origin: 'https://connectors.example' })
    expect(refused.status).toBe(403)
    expectHarnessError(JSON.parse(refused.body), 'ACCESS_DENIED')
    expect((JSON.parse(refused.body) as { message: string }).message).toContain(
      '--public-url https://connectors.example',
    )
    // Plain HTTP on the same name still works as before.
    expect((await write(port, { Host: 'connectors.example', Origin: 'http://connectors.example' })).status).toBe(200)
  })

  it('takes writes from the public origin when the proxy rewrites Host (nginx’s default)', async () => {
    const { port } = await start({ publicOrigin: 'https://connectors.example' })
    const host = `127.0.0.1:${port}`
    expect((await write(port, { Host: host, Origin: 'https://connectors.example' })).status).toBe(200)
    // The list, loaded with a POST, works too; other origins still do not write.
    for (const origin of ['https://evil.example', 'http://connectors.example', 'https://connectors.example:8443']) {
      expect((await write(port, { Host: host, Origin: origin })).status).toBe(403)
    }
    // The public name is served when the proxy passes the browser's Host through.
    expect((await rawRequest(port, { path: '/', headers: { Host: 'connectors.example' } })).status).toBe(200)
    expect((await rawRequest(port, { path: '/', headers: { Host: 'connectors.example:443' } })).status).toBe(200)
  })

  it('believes X-Forwarded-Proto and X-Forwarded-Host only with --trust-proxy, and only for hosts it serves', async () => {
    const forwarded = {
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'connectors.example:8443',
      Origin: 'https://connectors.example:8443',
    }
    const trusting = await start({ trustProxy: true, extraHosts: ['connectors.example:8443'] })
    expect((await write(trusting.port, { Host: `127.0.0.1:${trusting.port}`, ...forwarded })).status).toBe(200)
    // A rebinding page behind the same proxy names its own host: refused, by the forwarded name.
    const rebound = await write(trusting.port, {
      Host: `127.0.0.1:${trusting.port}`,
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'evil.example',
      Origin: 'https://evil.example',
    })
    expect(rebound.status).toBe(403)
    expect((JSON.parse(rebound.body) as { message: string }).message).toContain('X-Forwarded-Host')

    // A rebinding page can send X-Forwarded-Host itself: the Host it sent is still checked.
    const selfForwarded = await write(trusting.port, { Host: 'evil.example', ...forwarded })
    expect(selfForwarded.status).toBe(403)
    // A proxy that appends: its own value is the last one, what the client sent before it is not believed.
    const appended = (value: string) =>
      write(trusting.port, { Host: `127.0.0.1:${trusting.port}`, ...forwarded, 'X-Forwarded-Host': value })
    expect((await appended('evil.example, connectors.example:8443')).status).toBe(200)
    expect((await appended('connectors.example:8443, evil.example')).status).toBe(403)

    // Without --trust-proxy a client's X-Forwarded-* headers change nothing.
    const plain = await start({ extraHosts: ['connectors.example:8443'] })
    expect((await write(plain.port, { Host: `127.0.0.1:${plain.port}`, ...forwarded })).status).toBe(403)
    const spoofed = await rawRequest(plain.port, {
      path: '/',
      headers: { Host: 'evil.example', 'X-Forwarded-Host': `127.0.0.1:${plain.port}` },
    })
    expect(spoofed.status).toBe(403)
  })

  it('tells browsers to stay on HTTPS under a public name, never on loopback', async () => {
    const { port } = await start({ publicOrigin: 'https://connectors.example', trustProxy: true })
    const proxied = await rawRequest(port, {
      path: '/',
      headers: { Host: `127.0.0.1:${port}`, 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'connectors.example' },
    })
    expect(proxied.headers['strict-transport-security']).toBe('max-age=31536000')
    const local = await rawRequest(port, { path: '/', headers: { Host: `127.0.0.1:${port}` } })
    expect(local.headers['strict-transport-security']).toBeUndefined()
  })
})

describe('serving HTTPS itself (--tls-cert, --tls-key)', () => {
  it('answers over TLS and takes writes from its https origin, not its http one', async () => {
    const { base, port } = await start({
      serveTls: { cert: certificate.certPem, key: await readKey(certificate.keyFile) },
    })
    expect(base).toBe(`https://127.0.0.1:${port}`)
    const ca = certificate.certPem
    const host = `localhost:${port}`
    expect((await write(port, { Host: host, Origin: `https://localhost:${port}` }, ca)).status).toBe(200)
    expect((await write(port, { Host: host, Origin: `http://localhost:${port}` }, ca)).status).toBe(403)
    // Plain HTTP on the TLS port gets no answer of the app.
    await expect(rawRequest(port, { path: '/', headers: { Host: host } })).rejects.toThrow()
  })
})

async function readKey(file: string): Promise<string> {
  const { readFile } = await import('node:fs/promises')
  return readFile(file, 'utf8')
}

describe('the options', () => {
  it('reads --public-url, --trust-proxy and --tls-*, and refuses what cannot work', () => {
    const options = parseServerOptions(
      ['--public-url', 'https://Connectors.Example/', '--trust-proxy', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'],
      {},
    )
    expect(options).toMatchObject({
      publicUrl: 'https://connectors.example',
      trustProxy: true,
      tls: { certFile: 'c.pem', keyFile: 'k.pem' },
    })
    expect(
      parseServerOptions([], { CONNECTORS_PUBLIC_URL: 'https://c.example:8443', CONNECTORS_TRUST_PROXY: '1' }),
    ).toMatchObject({ publicUrl: 'https://c.example:8443', trustProxy: true })
    for (const bad of [
      'connectors.example',
      'ftp://c.example',
      'https://c.example/connectors',
      'https://u:p@c.example',
    ]) {
      expect(() => parseServerOptions(['--public-url', bad], {})).toThrow(UsageError)
    }
    expect(() => parseServerOptions(['--tls-cert', 'c.pem'], {})).toThrow(/go together/)
  })

  it('serves the public host with and without its port, and a bare --allowed-host at any port', () => {
    const hosts = allowedHostHeaders({
      host: '127.0.0.1',
      port: 5173,
      extraHosts: ['internal.example'],
      publicUrl: 'https://connectors.example',
    })
    expect(hosts).toEqual(
      expect.arrayContaining([
        'connectors.example',
        'connectors.example:443',
        'internal.example',
        'internal.example:5173',
      ]),
    )
    expect(hosts).not.toContain('connectors.example:5173')
  })
})

describe('npm run delegate and plain HTTP', () => {
  it('refuses a plain http:// server on another machine unless --insecure, and says why', () => {
    const refusal = serverUrlRefusal('http://connectors.example:5173', false)
    expect(refusal).toMatch(/plain HTTP to another machine: the delegate token, and the secrets/)
    expect(refusal).toContain('--insecure')
    expect(serverUrlRefusal('http://connectors.example:5173', true)).toBeUndefined()
    for (const fine of [
      'https://connectors.example',
      'http://127.0.0.1:5173',
      'http://localhost:5173',
      'http://[::1]:1',
    ]) {
      expect(serverUrlRefusal(fine, false)).toBeUndefined()
    }
    expect(serverUrlRefusal('connectors.example', false)).toMatch(/not a URL/)
  })
})

describe("a load balancer's probes", () => {
  it('answers /healthz and /readyz as JSON whatever Host the balancer names, and nothing else under it', async () => {
    const { port } = await start()
    for (const path of ['/healthz', '/readyz']) {
      const probe = await rawRequest(port, { path, headers: { Host: '10.1.2.3:5173' } })
      expect(probe.status, path).toBe(200)
      expect(probe.headers['content-type']).toMatch(/^application\/json/)
    }
    expect(JSON.parse((await rawRequest(port, { path: '/readyz' })).body)).toEqual({
      status: 'READY',
      database: 'reachable',
      migrations: 'done',
    })
    expect((await rawRequest(port, { path: '/', headers: { Host: '10.1.2.3:5173' } })).status).toBe(403)
  })
})
