import * as client from 'openid-client'
import { grantsForGroups, type RoleGrant } from './oidc-role-map'
import { sessionCookie } from './session-cookie'
import { SignInRefusal } from './sign-in-refusal'
import type { SignedInUser, SignInService } from './sign-in-service'

/**
 * Single sign-on with an OpenID Connect provider (`--oidc-issuer`): the authorization code flow
 * with PKCE, by `openid-client` (decision 022). `/api/auth/oidc/start` sends the browser to the
 * provider with a state and a code challenge, whose verifier waits in a short-lived HttpOnly
 * cookie; `/api/auth/oidc/callback` exchanges the code, reads the verified email, name and groups,
 * makes the user on their first sign-in, and signs them in. The groups become grants through the
 * role map (oidc-role-map.ts), handed to `onSignIn`: roles are the core's.
 */

export const OIDC_PREFIX = '/api/auth/oidc/'
const FLOW_COOKIE = 'connectors_oidc'
const FLOW_SECONDS = 600

export type OidcOptions = {
  issuer: string
  clientId: string
  /** CONNECTORS_OIDC_CLIENT_SECRET; none for a public client. */
  clientSecret?: string
  /** The claim that lists the user's groups (`groups` by default). */
  groupsClaim: string
  roleMap: readonly RoleGrant[]
  /** The origin the browser uses (`--public-url`, or the listening URL): the callback is under it. */
  publicBase: () => string
  service: SignInService
  secureCookie: boolean
  onSignIn?: (user: SignedInUser, details: { groups: string[]; grants: RoleGrant[] }) => Promise<void> | void
  logError?: (message: string) => void
}

export type Oidc = { route(request: Request): Promise<Response | undefined> }

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname)
}

/** Discovers the provider (at start: a wrong issuer stops the start, with words). */
export async function createOidc(options: OidcOptions): Promise<Oidc> {
  const issuer = new URL(options.issuer)
  // Plain HTTP only to a provider on this machine (the tests' oidc-provider); never over a network.
  const insecure = issuer.protocol === 'http:' && isLoopback(issuer.hostname)
  const config = await client.discovery(
    issuer,
    options.clientId,
    options.clientSecret,
    undefined,
    insecure ? { execute: [client.allowInsecureRequests] } : undefined,
  )
  const logError = options.logError ?? ((message: string) => console.error(message))
  const callbackUrl = () => `${options.publicBase().replace(/\/$/, '')}${OIDC_PREFIX}callback`
  const flowCookie = (value: string, maxAge: number) =>
    `${FLOW_COOKIE}=${value}; HttpOnly; SameSite=Lax; Path=${OIDC_PREFIX}; Max-Age=${maxAge}${options.secureCookie ? '; Secure' : ''}`

  function redirect(location: string, cookies: string[] = []): Response {
    const headers = new Headers({ Location: location })
    for (const cookie of cookies) headers.append('Set-Cookie', cookie)
    return new Response(null, { status: 302, headers })
  }

  async function start(request: Request): Promise<Response> {
    const wanted = new URL(request.url).searchParams.get('returnTo') ?? '/'
    // Only a path of this app: never another site (an open redirect).
    const returnTo = wanted.startsWith('/') && !wanted.startsWith('//') && !wanted.includes('\\') ? wanted : '/'
    const verifier = client.randomPKCECodeVerifier()
    const state = client.randomState()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(),
      scope: `openid email profile ${options.groupsClaim}`,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    })
    const flow = Buffer.from(JSON.stringify({ verifier, state, returnTo })).toString('base64url')
    return redirect(url.href, [flowCookie(flow, FLOW_SECONDS)])
  }

  function readFlow(request: Request): { verifier: string; state: string; returnTo: string } | undefined {
    const raw = request.headers
      .get('cookie')
      ?.split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${FLOW_COOKIE}=`))
      ?.slice(FLOW_COOKIE.length + 1)
    if (!raw) return undefined
    try {
      const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Record<string, unknown>
      const { verifier, state, returnTo } = value
      if (typeof verifier !== 'string' || typeof state !== 'string' || typeof returnTo !== 'string') return undefined
      return { verifier, state, returnTo }
    } catch {
      return undefined
    }
  }

  async function callback(request: Request): Promise<Response> {
    const flow = readFlow(request)
    const failed = (code: string) => redirect(`/?signInError=${code}`, [flowCookie('', 0)])
    if (!flow) return failed('SSO_EXPIRED')
    try {
      // The URL the browser came back to, as the provider sent it (behind a proxy: the public one).
      const current = new URL(`${callbackUrl()}${new URL(request.url).search}`)
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
      })
      const claims: Record<string, unknown> = { ...tokens.claims() }
      if (claims.email === undefined || claims[options.groupsClaim] === undefined) {
        const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub))
        for (const [key, value] of Object.entries(info)) claims[key] ??= value
      }
      const email = typeof claims.email === 'string' ? claims.email : ''
      if (!email || claims.email_verified === false) return failed('SSO_NO_EMAIL')
      const name = typeof claims.name === 'string' ? claims.name : email
      const rawGroups = claims[options.groupsClaim]
      const groups = Array.isArray(rawGroups) ? rawGroups.filter((group) => typeof group === 'string') : []
      const { user, sessionToken } = await options.service.signInWithProvider(
        { email, name },
        request.headers.get('user-agent') ?? '',
      )
      await options.onSignIn?.(user, { groups, grants: grantsForGroups(groups, options.roleMap) })
      return redirect(flow.returnTo, [
        flowCookie('', 0),
        sessionCookie(sessionToken, {
          secure: options.secureCookie,
          maxAgeSeconds: Math.floor(options.service.maxMs / 1000),
        }),
      ])
    } catch (error) {
      if (error instanceof SignInRefusal) return failed(error.code)
      // The provider's words go to the log (never a token: openid-client's errors carry none).
      logError(`[sign-in] single sign-on failed: ${error instanceof Error ? error.message : String(error)}`)
      return failed('SSO_FAILED')
    }
  }

  return {
    async route(request) {
      const { pathname } = new URL(request.url)
      if (request.method !== 'GET' || !pathname.startsWith(OIDC_PREFIX)) return undefined
      if (pathname === `${OIDC_PREFIX}start`) return start(request)
      if (pathname === `${OIDC_PREFIX}callback`) return callback(request)
      return undefined
    },
  }
}
