// Test support: a real OpenID Connect provider (oidc-provider, access-control.md §4) on a
// loopback port, and a "browser" that walks its development login and consent pages.
import { generateKeyPairSync } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

export type TestProvider = { issuer: string; stop: () => Promise<void> }

export async function startOidcProvider(options: {
  redirectUri: string
  groups: Record<string, string[]>
}): Promise<TestProvider> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'arc', client_secret: 'arc-secret', redirect_uris: [options.redirectUri] }],
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig' }] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    cookies: { keys: ['test-only'] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        email: `${id}@example.test`,
        email_verified: true,
        name: `${id[0]!.toUpperCase()}${id.slice(1)}`,
        groups: options.groups[id] ?? [],
      }),
    }),
  })
  const handle = provider.callback()
  server.on('request', (request, response) => void handle(request, response))
  return {
    issuer,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/**
 * Follows redirects as a browser would, keeping cookies (by name: cookies ignore ports, and
 * every server here is 127.0.0.1), logging in as `login` and consenting on the provider's pages.
 * Answers the last response (the app's redirect after the callback) and the cookies.
 */
export async function walkSignIn(startUrl: string, login: string) {
  const jar = new Map<string, string>()
  const keep = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at)
      const value = pair.slice(at + 1)
      if (/Max-Age=0|expires=Thu, 01 Jan 1970/i.test(header) || value === '') jar.delete(name)
      else jar.set(name, value)
    }
  }
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
  let url = startUrl
  let init: RequestInit = {}
  const visited: string[] = []
  for (let step = 0; step < 20; step++) {
    visited.push(url)
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, Cookie: cookie() } })
    keep(response)
    init = {}
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url)
      // Back at the app, after its callback: done.
      if (visited.some((seen) => seen.includes('/api/auth/oidc/callback'))) return { response, jar, visited }
      url = next.href
      continue
    }
    const html = await response.text()
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
    if (response.status !== 200 || !action) return { response, jar, visited, html }
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1]
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt: prompt ?? '' })
    url = new URL(action, url).href
    init = { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }
  }
  throw new Error(`The sign-in did not end: ${visited.join(' → ')}`)
}
