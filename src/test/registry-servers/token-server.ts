import { createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import http from 'node:http'
import { join } from 'node:path'
import { basicCredentials, closeServer, listen, removeDir, run, tempDir, type TestServer } from './server-kit'

/**
 * A Docker registry token server (distribution 2.x token auth), ported from docs/reference/live-servers.md §3:
 * ES256 JWTs whose `kid` is the libtrust fingerprint of a key the registry's rootcertbundle holds.
 * It grants whatever scope is asked to the one user it knows; anonymous callers get 401 unless
 * `anonymous` is set, then a token without access.
 */

export type TokenServerOptions = {
  username: string
  password: string
  service?: string
  issuer?: string
  anonymous?: boolean
}

export type TestTokenServer = TestServer & {
  /** The `realm` to configure in the registry: `<url>/token`. */
  realm: string
  service: string
  issuer: string
  /** PEM bundle holding the signing certificate, for the registry's `rootcertbundle`. */
  rootCertBundle: string
  /** A token as the server issues it, for the test's own setup (pushing a chart). */
  issue(scope: string): string
}

/** libtrust's key id: SHA-256 of the SPKI DER, first 240 bits, base32, in 12 groups of 4. */
function libtrustKid(certificate: X509Certificate): string {
  const der = certificate.publicKey.export({ type: 'spki', format: 'der' })
  const hash = createHash('sha256').update(der).digest().subarray(0, 30)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const bits = [...hash].map((byte) => byte.toString(2).padStart(8, '0')).join('')
  let encoded = ''
  for (let index = 0; index < bits.length; index += 5) encoded += alphabet[parseInt(bits.slice(index, index + 5), 2)]
  return (encoded.match(/.{4}/g) ?? []).join(':')
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url')
}

type Access = { type: string; name: string; actions: string[] }

function accessOf(scopes: string[]): Access[] {
  return scopes
    .flatMap((scope) => scope.split(' '))
    .filter(Boolean)
    .map((scope) => {
      const parts = scope.split(':')
      return { type: parts[0] ?? '', name: parts.slice(1, -1).join(':'), actions: (parts.at(-1) ?? '').split(',') }
    })
}

export async function startTokenServer(options: TokenServerOptions): Promise<TestTokenServer> {
  const dir = await tempDir('token-server')
  const keyFile = join(dir, 'ec.key')
  const certFile = join(dir, 'ec.crt')
  await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyFile])
  await run('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    keyFile,
    '-sha256',
    '-days',
    '2',
    '-subj',
    '/CN=test-token-issuer',
    '-out',
    certFile,
  ])
  const key = createPrivateKey(await readFile(keyFile))
  const certificate = new X509Certificate(await readFile(certFile))
  const service = options.service ?? 'loopback-registry'
  const issuer = options.issuer ?? 'loopback-token-issuer'
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', kid: libtrustKid(certificate) }))

  const tokenFor = (subject: string, audience: string, access: Access[]) => {
    const now = Math.floor(Date.now() / 1000)
    const claims = {
      iss: issuer,
      sub: subject,
      aud: audience,
      exp: now + 300,
      nbf: now - 5,
      iat: now,
      jti: randomUUID(),
      access,
    }
    const input = `${header}.${base64url(JSON.stringify(claims))}`
    return `${input}.${base64url(sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }))}`
  }

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/token') return void response.writeHead(404).end()
    const caller = basicCredentials(request)
    const known = caller?.username === options.username && caller.password === options.password
    if (!known && (caller || !options.anonymous)) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="token"', 'Content-Type': 'application/json' })
      return void response.end('{"details":"invalid credentials"}')
    }
    const access = known ? accessOf(url.searchParams.getAll('scope')) : []
    const token = tokenFor(caller?.username ?? '', url.searchParams.get('service') ?? '', access)
    response.writeHead(200, { 'Content-Type': 'application/json' })
    response.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }))
  })
  const port = await listen(server)
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    port,
    realm: `${url}/token`,
    service,
    issuer,
    rootCertBundle: certFile,
    issue: (scope) => tokenFor(options.username, service, accessOf([scope])),
    stop: async () => {
      await closeServer(server)
      await removeDir(dir)
    },
  }
}
