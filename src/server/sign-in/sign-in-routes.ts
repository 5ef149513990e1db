import { errorResponse, ok } from '../../backend/api-responses'
import { clearedSessionCookie, readSessionCookie, sessionCookie } from './session-cookie'
import { SignInRefusal } from './sign-in-refusal'
import type { SignedInUser, SignInService } from './sign-in-service'

/**
 * The sign-in API under /api/auth/ (JSON bodies, Harness envelopes), and `authenticateRequest`,
 * which says who a request is from. Sign-in answers set the session cookie; the token is never
 * in a body or a URL.
 *
 *   POST /api/auth/setup                {token, accountName?, name, email, password}
 *   POST /api/auth/sign-in              {email, password}
 *   POST /api/auth/sign-out             (no body)
 *   POST /api/auth/sign-out-everywhere  (no body)
 *   POST /api/auth/invites/accept       {token, name, password}
 *   GET  /api/auth/session              → {signedIn: false, setupRequired, sso} or {signedIn: true, user}
 *   GET  /api/auth/oidc/start?returnTo=/path, /api/auth/oidc/callback (single sign-on, oidc.ts)
 */

export const AUTH_PREFIX = '/api/auth/'

/** A user; a refusal to answer with (its `code` as in its body); or undefined: no session cookie. */
export type Authenticated = { user: SignedInUser } | { refusal: Response; code: string } | undefined

export const SETUP_REQUIRED_MESSAGE =
  "No administrator exists yet. Open the setup link printed on the server's console to create one."
export const SESSION_EXPIRED_MESSAGE = 'Your session has ended. Sign in again to continue.'

export type SignInHttpOptions = {
  service: SignInService
  /** The cookie gets Secure: the public URL is https, or the server speaks TLS. */
  secureCookie: boolean
  /** Single sign-on is offered (the Sign in page shows its button). */
  sso?: () => boolean
}

export function createSignInHttp({ service, secureCookie, sso = () => false }: SignInHttpOptions) {
  const maxAgeSeconds = Math.floor(service.maxMs / 1000)
  const remembered = new WeakMap<Request, Promise<Authenticated>>()

  function signedIn(user: SignedInUser, token: string): Response {
    const response = ok({ signedIn: true, user: userBody(user) })
    response.headers.append('Set-Cookie', sessionCookie(token, { secure: secureCookie, maxAgeSeconds }))
    return response
  }

  function signedOut(): Response {
    const response = ok({ signedIn: false, setupRequired: false })
    response.headers.append('Set-Cookie', clearedSessionCookie({ secure: secureCookie }))
    return response
  }

  function expired(): Response {
    const response = errorResponse(401, 'SESSION_EXPIRED', SESSION_EXPIRED_MESSAGE)
    response.headers.append('Set-Cookie', clearedSessionCookie({ secure: secureCookie }))
    return response
  }

  async function authenticate(request: Request): Promise<Authenticated> {
    if (await service.setupRequired())
      return { refusal: errorResponse(401, 'SETUP_REQUIRED', SETUP_REQUIRED_MESSAGE), code: 'SETUP_REQUIRED' }
    const token = readSessionCookie(request)
    if (!token) return undefined
    const found = await service.session(token)
    if (!found) return undefined
    if ('expired' in found) return { refusal: expired(), code: 'SESSION_EXPIRED' }
    return { user: found.user }
  }

  /** Who sent `request`: a user, a refusal to answer with, or undefined (no session cookie). */
  function authenticateRequest(request: Request): Promise<Authenticated> {
    let answer = remembered.get(request)
    if (!answer) {
      answer = authenticate(request)
      remembered.set(request, answer)
    }
    return answer
  }

  async function route(request: Request, clientAddress: string): Promise<Response | undefined> {
    const { pathname } = new URL(request.url)
    if (!pathname.startsWith(AUTH_PREFIX)) return undefined
    const action = `${request.method} ${pathname.slice(AUTH_PREFIX.length)}`
    const userAgent = request.headers.get('user-agent') ?? ''
    try {
      switch (action) {
        case 'GET session': {
          const who = await authenticateRequest(request)
          if (who && 'user' in who) return ok({ signedIn: true, user: userBody(who.user) })
          const setupRequired = await service.setupRequired()
          const response = ok({ signedIn: false, setupRequired, sso: sso() })
          if (who && 'refusal' in who && !setupRequired)
            response.headers.append('Set-Cookie', clearedSessionCookie({ secure: secureCookie }))
          return response
        }
        case 'POST setup': {
          const body = await readBody(request, ['token', 'name', 'email', 'password'], ['accountName'])
          const { user, sessionToken } = await service.setup(
            body.token,
            {
              name: body.name,
              email: body.email,
              password: body.password,
              ...(body.accountName ? { accountName: body.accountName } : {}),
            },
            userAgent,
          )
          return signedIn(user, sessionToken)
        }
        case 'POST sign-in': {
          const body = await readBody(request, ['email', 'password'])
          const { user, sessionToken } = await service.signIn(body.email, body.password, clientAddress, userAgent)
          return signedIn(user, sessionToken)
        }
        case 'POST invites/accept': {
          const body = await readBody(request, ['token', 'name', 'password'])
          const { user, sessionToken } = await service.acceptInvite(
            body.token,
            { name: body.name, password: body.password },
            userAgent,
          )
          return signedIn(user, sessionToken)
        }
        case 'POST sign-out': {
          const token = readSessionCookie(request)
          if (token) await service.signOut(token, clientAddress)
          return signedOut()
        }
        case 'POST sign-out-everywhere': {
          const who = await authenticateRequest(request)
          if (!who) return errorResponse(401, 'UNAUTHORIZED', 'You are not signed in.')
          if ('refusal' in who) return who.refusal
          await service.signOutEverywhere(who.user, clientAddress)
          return signedOut()
        }
        default:
          return errorResponse(404, 'RESOURCE_NOT_FOUND_EXCEPTION', `No API resource at ${request.method} ${pathname}.`)
      }
    } catch (error) {
      if (!(error instanceof SignInRefusal)) throw error
      const response = errorResponse(error.status, error.code, error.message)
      if (error.retryAfterSeconds !== undefined) response.headers.set('Retry-After', String(error.retryAfterSeconds))
      return response
    }
  }

  return { authenticateRequest, route }
}

export type SignInHttp = ReturnType<typeof createSignInHttp>

function userBody(user: SignedInUser) {
  return { identifier: user.identifier, email: user.email, name: user.name, accountIdentifier: user.accountIdentifier }
}

/** The JSON body's string members: the required ones must be there. */
async function readBody<R extends string, O extends string = never>(
  request: Request,
  required: readonly R[],
  optional: readonly O[] = [],
): Promise<Record<R, string> & Partial<Record<O, string>>> {
  let body: unknown
  try {
    body = await request.json()
  } catch {
    throw new SignInRefusal(400, 'INVALID_REQUEST', 'The request body must be a JSON object.')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SignInRefusal(400, 'INVALID_REQUEST', 'The request body must be a JSON object.')
  const record = body as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const key of [...required, ...optional]) {
    const value = record[key]
    if (value === undefined || value === null) {
      if ((required as readonly string[]).includes(key))
        throw new SignInRefusal(400, 'INVALID_REQUEST', `The request body lacks ${key}.`)
      continue
    }
    if (typeof value !== 'string') throw new SignInRefusal(400, 'INVALID_REQUEST', `${key} must be text.`)
    out[key] = value
  }
  return out as Record<R, string> & Partial<Record<O, string>>
}
