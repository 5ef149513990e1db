import type { MiddlewareHandler } from 'hono'
import { harnessError, isWrite } from './security'

/**
 * Whether a request is for this server: the Host it names (DNS rebinding), the origin of a page
 * that writes (cross-site request forgery), and, over HTTPS under a real name, HSTS. Behind a
 * reverse proxy the public origin (`--public-url`) and, with `--trust-proxy`, the proxy's
 * X-Forwarded-* headers say how the browser reached it.
 */

/**
 * How the server is reached: the Host header values it serves, and, behind a reverse proxy, the
 * public origin (`--public-url`) and whether the proxy's X-Forwarded-* headers are believed.
 */
export type Reachability = {
  allowedHosts: () => readonly string[]
  /** `https://connectors.example`: pages of this origin may write. */
  publicOrigin?: string
  /** Believe X-Forwarded-Proto and X-Forwarded-Host (only behind a proxy that sets them). */
  trustProxy?: boolean
  /** The server itself speaks TLS. */
  tls?: boolean
}

/**
 * The last value of a comma-separated forwarded header: the one the trusted proxy in front of
 * the server wrote (a proxy that appends leaves what the client sent before it).
 */
function forwarded(request: Request, name: string): string | undefined {
  const value = request.headers.get(name)?.split(',').at(-1)?.trim().toLowerCase()
  return value || undefined
}

/** The scheme and host a request was made to, as the browser saw them. */
export function reachedAs(request: Request, reach: Reachability): { scheme: 'http' | 'https'; host: string } {
  const proto = reach.trustProxy ? forwarded(request, 'x-forwarded-proto') : undefined
  const host = (reach.trustProxy ? forwarded(request, 'x-forwarded-host') : undefined) ?? request.headers.get('host')
  return {
    scheme: reach.tls || proto === 'https' ? 'https' : 'http',
    host: (host ?? '').toLowerCase(),
  }
}

/**
 * Refuses a request for a host the server does not serve (DNS rebinding): its Host, and behind a
 * trusted proxy its X-Forwarded-Host too (a page can send that header itself, so it never
 * replaces the Host check).
 */
export function hostCheck(reach: Reachability): MiddlewareHandler {
  return async (c, next) => {
    const { host } = reachedAs(c.req.raw, reach)
    const hosts = reach.allowedHosts()
    if (!hosts.includes(host) || !hosts.includes((c.req.header('host') ?? '').toLowerCase())) {
      return harnessError(
        403,
        'ACCESS_DENIED',
        reach.trustProxy
          ? 'This server does not serve the host named in the request (X-Forwarded-Host): add it with --public-url or --allowed-host.'
          : 'This server does not serve the host named in the request.',
      )
    }
    await next()
  }
}

/** An Origin header's scheme and host, the default port left out (as browsers send it). */
function originParts(origin: string): { scheme: string; host: string; hostWithPort: string } | undefined {
  try {
    const url = new URL(origin)
    if (url.origin !== origin.toLowerCase() && url.origin !== origin) return undefined
    const port = url.port || (url.protocol === 'https:' ? '443' : '80')
    return { scheme: url.protocol.slice(0, -1), host: url.host, hostWithPort: `${url.hostname}:${port}` }
  } catch {
    return undefined
  }
}

/**
 * Refuses a write from a page of another origin (cross-site request forgery). The origin must be
 * the public one (`--public-url`), or one of the served hosts in the scheme the request came in
 * (https with --tls-cert, or as the trusted proxy says). A request with no Origin is not a
 * browser's cross-origin request (browsers send Origin on every POST, PUT, PATCH and DELETE), so
 * curl and other servers may write.
 */
export function originCheck(reach: Reachability): MiddlewareHandler {
  return async (c, next) => {
    if (isWrite(c.req.method)) {
      const origin = c.req.header('origin')
      const crossSite = c.req.header('sec-fetch-site') === 'cross-site'
      if (origin === undefined ? crossSite : !originAllowed(origin, c.req.raw, reach)) {
        const parts = origin ? originParts(origin) : undefined
        const proxied =
          parts?.scheme === 'https' &&
          reach.allowedHosts().some((host) => host === parts.host || host === parts.hostWithPort)
        return harnessError(
          403,
          'ACCESS_DENIED',
          proxied
            ? `This page is served over HTTPS (${origin}) but the request reached the server over HTTP: behind an HTTPS proxy, start the server with --public-url ${origin} (or --trust-proxy).`
            : 'Cross-origin requests may not change data on this server.',
        )
      }
    }
    await next()
  }
}

function originAllowed(origin: string, request: Request, reach: Reachability): boolean {
  if (reach.publicOrigin !== undefined && origin.toLowerCase() === reach.publicOrigin.toLowerCase()) return true
  const parts = originParts(origin)
  if (!parts) return false
  // The public name is written in one scheme only: an http:// page under an https:// name is not ours.
  if (reach.publicOrigin !== undefined) {
    const name = originParts(reach.publicOrigin)
    if (name && (parts.host === name.host || parts.hostWithPort === name.hostWithPort)) return false
  }
  const { scheme } = reachedAs(request, reach)
  if (parts.scheme !== scheme) return false
  const hosts = reach.allowedHosts()
  return hosts.includes(parts.host) || hosts.includes(parts.hostWithPort)
}

/**
 * HSTS for a server reached over HTTPS under a real name: browsers then never try it over plain
 * HTTP. Not for loopback names (it would hold for every port of localhost) nor addresses.
 */
export function strictTransport(reach: Reachability): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const { scheme, host } = reachedAs(c.req.raw, reach)
    const name = host.replace(/:\d+$/, '')
    if (scheme === 'https' && !/^(localhost|\[.*\]|[\d.]+)$/.test(name) && !name.endsWith('.localhost')) {
      c.res.headers.set('Strict-Transport-Security', 'max-age=31536000')
    }
  }
}
