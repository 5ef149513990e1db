import type { Context, MiddlewareHandler } from 'hono'
import { errorResponse } from '../../backend/api-responses'
import type { Reachability } from '../reachability'
import { constantTimeEqual } from '../security'
import { TOKEN_PREFIX as SERVICE_ACCOUNT_TOKEN_PREFIX } from '../sql-service-accounts'
import { AUTH_PREFIX, type Authenticated } from './sign-in-routes'

/**
 * What the server app needs of sign-in: who a request is from, and the /api/auth/* answers.
 * The gate sits where the API key check sat, after the Host and origin checks (so a write to
 * /api/auth/* from another origin is refused like any other: CSRF).
 */
export type SignInGate = {
  authenticateRequest(request: Request): Promise<Authenticated>
  route(request: Request, clientAddress: string): Promise<Response | undefined>
}

/**
 * On API paths: /api/auth/* goes through (it is how one signs in); until a user exists every
 * other request is refused with SETUP_REQUIRED; then a request needs a live session, or the API
 * key (`x-api-key`) when one is set, or a service account's token, for scripts.
 */
export function signInGate(gate: SignInGate, apiKey: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    const { pathname } = new URL(c.req.url)
    if (pathname.startsWith(AUTH_PREFIX)) return next()
    const who = await gate.authenticateRequest(c.req.raw)
    if (who && 'refusal' in who && who.code === 'SETUP_REQUIRED') return who.refusal
    const given = c.req.header('x-api-key')
    // A service account's token: the API's authentication looks it up and refuses a bad one.
    if (given?.startsWith(SERVICE_ACCOUNT_TOKEN_PREFIX)) return next()
    if (apiKey !== undefined && given !== undefined) {
      if (constantTimeEqual(given, apiKey)) return next()
      return errorResponse(401, 'INVALID_CREDENTIAL', 'The API key is not valid.')
    }
    if (who && 'user' in who) return next()
    if (who) return who.refusal
    return errorResponse(401, 'UNAUTHORIZED', 'Sign in to use this server.')
  }
}

/** The client's address, for the sign-in throttle: behind a trusted proxy, the last X-Forwarded-For hop. */
export function clientAddress(c: Context, reach: Reachability): string {
  if (reach.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
    if (forwarded) return forwarded
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? 'unknown'
}
