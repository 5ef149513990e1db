import type { SqlClient } from '../sql-client'
import { type Oidc, OIDC_PREFIX } from './oidc'
import { createSignInHttp } from './sign-in-routes'
import { createSignInService, HOUR_MS, type SignInServiceOptions } from './sign-in-service'

/**
 * Sign-in for the real server, in one piece: the service (users, sessions, links), its HTTP
 * routes and `authenticateRequest`, and the first start's setup link.
 *
 * Wiring to the core (its `authenticate` option): `authenticateRequest(request)` answers
 * `{user}` (make a Principal of type USER from it), `{refusal}` (answer it as it is), or
 * undefined (no session: the API key may still be accepted).
 */
export type SignInOptions = Omit<SignInServiceOptions, 'idleMs' | 'maxMs'> & {
  client: SqlClient
  idleHours: number
  maxDays: number
  /** `--public-url` is https, or the server speaks TLS. */
  secureCookie: boolean
}

export function createSignIn(options: SignInOptions) {
  const { idleHours, maxDays, secureCookie, ...rest } = options
  const service = createSignInService({ ...rest, idleMs: idleHours * HOUR_MS, maxMs: maxDays * 24 * HOUR_MS })
  let oidc: Oidc | undefined
  const http = createSignInHttp({ service, secureCookie, sso: () => oidc !== undefined })
  return {
    service,
    authenticateRequest: http.authenticateRequest,
    route: (request: Request, clientAddress: string) =>
      oidc && new URL(request.url).pathname.startsWith(OIDC_PREFIX)
        ? oidc.route(request)
        : http.route(request, clientAddress),
    /** Single sign-on (oidc.ts), once the provider has been discovered. */
    useOidc(provider: Oidc) {
      oidc = provider
    },
    /**
     * At start with no user yet: the one-time setup link (valid 1 hour; the previous one stops
     * working), to print on the console. Undefined once someone exists.
     */
    async setupLink(baseUrl: string): Promise<string | undefined> {
      const token = await service.issueSetupToken()
      return token === undefined ? undefined : `${baseUrl.replace(/\/$/, '')}/setup?token=${token}`
    },
  }
}

export type SignIn = ReturnType<typeof createSignIn>
