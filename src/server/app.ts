import { Hono } from 'hono'
import type { MiddlewareHandler } from 'hono'
import { compress } from 'hono/compress'
import { correlationId, errorResponse } from '../backend/api-responses'
import { StoreUnavailableError } from '../backend/store'
import { DELEGATE_API_PREFIX } from '../delegate-agent/agent-protocol'
import { bodyRules } from './body-rules'
import { rememberClientAddress } from './client-addresses'
import { hostCheck, originCheck, type Reachability, strictTransport } from './reachability'
import { apiKeyCheck, harnessError, securityHeaders } from './security'
import { DEFAULT_MAX_BODY_BYTES } from './server-options'
import { clientAddress, signInGate, type SignInGate } from './sign-in/sign-in-gate'
import { createStaticFiles } from './static-files'

/**
 * The Node server as a Hono app: the built app from `dist/` and the API, answered by the
 * backend core (`createApi`), behind the server's defences. In order, every request:
 *
 * 1. gets the security headers on its answer, whatever the answer (outermost);
 * 2. is refused (403) unless its Host (behind a trusted proxy, its X-Forwarded-Host) is one the
 *    server serves (DNS rebinding); over HTTPS under a real name, the answer says so (HSTS);
 * 3. if it is a write, is refused (403) when it comes from a page of another origin (the public
 *    origin of --public-url is the server's own);
 * 4. on an API path: needs the API key when one is set (401), or, with sign-in, a session or
 *    the API key (401; /api/auth/* is open, sign-in-gate.ts), then a write's body must be
 *    JSON (YAML for pipelines; 415) of at most `maxBodyBytes` (413), and the core answers;
 * 5. otherwise: a GET or HEAD is a file of `dist/` or, for a route of the app, its
 *    `index.html` (with the meta tag that says the API is this server); any other method
 *    is refused (405).
 *
 * An exception anywhere is a 500 with a generic message; the server's log gets the method,
 * the path and the stack, never the body.
 */

/** The backend core: the answer to a request of the API, or undefined when it has no such route. */
export type ApiHandler = (request: Request) => Promise<Response | undefined>

export type ServerAppOptions = {
  api: ApiHandler
  /** The built app (`vite build`'s output). */
  distDir: string
  /** Started with --simulated-world: the page says so (the app shows the guide and Reset). */
  simulatedWorld?: boolean
  /**
   * The Host header values served (`allowedHostHeaders` in ./server-options). A function is
   * read at each request, so that a port chosen when listening (port 0) can be in them.
   */
  allowedHosts: readonly string[] | (() => readonly string[])
  /** `--public-url`: the origin browsers reach the server at behind a proxy (`https://connectors.example`). */
  publicOrigin?: string
  /** `--trust-proxy`: believe X-Forwarded-Proto and X-Forwarded-Host. */
  trustProxy?: boolean
  /** The server speaks TLS itself (`--tls-cert`). */
  tls?: boolean
  /** Required as `x-api-key` on API requests when set (with `signIn`: instead of a session). */
  apiKey?: string
  /**
   * Sign-in (the real server; sign-in/): API requests need a session or the API key, and
   * /api/auth/* is answered here. Without it, the API key alone (tests, the simulated world).
   */
  signIn?: SignInGate
  /** The largest request body accepted; 1 MiB by default. */
  maxBodyBytes?: number
  /** Where failures are reported; console.error by default. */
  logError?: (message: string) => void
  /** The delegates' API (delegate-routes.ts), served under /delegate-api/v1 with its own tokens. */
  delegateRoutes?: { fetch: (request: Request) => Response | Promise<Response> }
  /** For /readyz: whether the database answers (migrations are done before the server listens). */
  ready?: () => Promise<{ ready: boolean; detail?: string }>
}

/** A load balancer's probes: answered whatever Host they name (they reveal nothing but up or ready). */
const PROBES = new Set(['/healthz', '/readyz'])

const API_PREFIXES = ['/ng/api/', '/pipeline/api/', '/api/', '/authz/api/', '/audit/api/']

export function isApiPath(pathname: string): boolean {
  return API_PREFIXES.some((prefix) => pathname.startsWith(prefix) || pathname === prefix.slice(0, -1))
}

function pathnameOf(c: { req: { url: string } }): string {
  return new URL(c.req.url).pathname
}

/** A middleware for every path but the load balancer's probes. */
function exceptProbes(middleware: MiddlewareHandler): MiddlewareHandler {
  return (c, next) => (PROBES.has(pathnameOf(c)) ? next() : middleware(c, next))
}

/** A middleware that applies to API paths only. */
function onApi(middleware: MiddlewareHandler): MiddlewareHandler {
  return (c, next) => (isApiPath(pathnameOf(c)) ? middleware(c, next) : next())
}

/** A middleware for every answer but a connection test's ndjson stream. */
function unlessStreaming(middleware: MiddlewareHandler): MiddlewareHandler {
  return (c, next) => ((c.req.header('Accept') ?? '').includes('application/x-ndjson') ? next() : middleware(c, next))
}

export function createServerApp(options: ServerAppOptions): Hono {
  const { api, allowedHosts } = options
  const hosts = typeof allowedHosts === 'function' ? allowedHosts : () => allowedHosts
  const logError = options.logError ?? ((message: string) => console.error(message))
  const staticFiles = createStaticFiles(options.distDir, {
    simulatedWorld: options.simulatedWorld,
    signIn: options.signIn !== undefined,
  })

  const app = new Hono()

  app.onError((error, c) => {
    const requestId = correlationId()
    // The database away (a delegate's poll during an outage, say): said as the API says it.
    if (error instanceof StoreUnavailableError) {
      logError(`[server] 503 ${c.req.method} ${pathnameOf(c)} request ${requestId}: ${error.message}`)
      const response = errorResponse(
        503,
        'DATABASE_UNAVAILABLE',
        'The database is unavailable; nothing was changed. Try again in a moment.',
        requestId,
      )
      response.headers.set('Retry-After', '2')
      return response
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
    logError(`[server] 500 ${c.req.method} ${pathnameOf(c)} request ${requestId} failed: ${detail}`)
    return errorResponse(500, 'UNEXPECTED', 'The server failed to answer the request. Try again later.', requestId)
  })

  const reach: Reachability = {
    allowedHosts: hosts,
    ...(options.publicOrigin ? { publicOrigin: options.publicOrigin } : {}),
    trustProxy: options.trustProxy === true,
    tls: options.tls === true,
  }
  app.use('*', securityHeaders())
  app.use('*', strictTransport(reach))
  app.use('*', exceptProbes(hostCheck(reach)))
  app.use('*', originCheck(reach))
  app.use('*', onApi(options.signIn ? signInGate(options.signIn, options.apiKey) : apiKeyCheck(options.apiKey)))
  app.use('*', onApi(bodyRules(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)))
  // A phone on a slow network waits for bytes, not for the server.
  // Compressed: the app's files, and API answers except a connection test's stream (gzip would
  // hold its events back until a buffer fills).
  app.use('*', unlessStreaming(compress()))

  // A probe names the address the balancer knows the server by: the host check lets it be.
  app.get('/healthz', (c) => c.json({ status: 'UP' }))
  app.get('/readyz', async (c) => {
    const state = (await options.ready?.().catch((error: unknown) => ({ ready: false, detail: String(error) }))) ?? {
      ready: true,
    }
    return state.ready
      ? c.json({ status: 'READY', database: 'reachable', migrations: 'done' })
      : c.json({ status: 'NOT_READY', database: 'unreachable', detail: state.detail ?? '' }, 503)
  })

  const { delegateRoutes } = options
  if (delegateRoutes) app.all(`${DELEGATE_API_PREFIX}/*`, (c) => delegateRoutes.fetch(c.req.raw))

  app.all('*', async (c) => {
    const pathname = pathnameOf(c)
    if (isApiPath(pathname)) {
      const address = clientAddress(c, reach)
      const signedIn = await options.signIn?.route(c.req.raw, address)
      if (signedIn) return signedIn
      rememberClientAddress(c.req.raw, address)
      const response = await api(c.req.raw)
      if (!response) return harnessError(404, 'RESOURCE_NOT_FOUND_EXCEPTION', `No API resource at ${pathname}.`)
      // Answered as it is (securityHeaders adds `Cache-Control: no-store` and the rest): a copy
      // would turn the adapter's written-at-once string body into a stream.
      return response
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      return staticFiles(pathname, c.req.method === 'HEAD', c.req.header('Accept-Encoding'))
    }
    const refusal = harnessError(405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${pathname}.`)
    refusal.headers.set('Allow', 'GET, HEAD')
    return refusal
  })

  return app
}
