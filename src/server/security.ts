import { createHash, timingSafeEqual } from 'node:crypto'
import { IncomingMessage } from 'node:http'
import type { MiddlewareHandler } from 'hono'
import { errorResponse } from '../backend/api-responses'

/**
 * The server's defences, each a Hono middleware. Every refusal is a Harness error body
 * (`{status: 'ERROR', code, message, correlationId}`), like the API's own.
 */

/**
 * No inline script or style, no nonce: the built app loads only its own files, and no library
 * inserts a `<style>` at run time (the browser's `<dialog>` needs no scroll-lock style; 015).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ')

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function isWrite(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase())
}

export function harnessError(status: number, code: string, message: string): Response {
  return errorResponse(status, code, message)
}

/** Adds the security headers to every response, refusals and errors included. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    c.res.headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value)
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store')
  }
}

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

/** Equal strings, compared in time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison does not reveal the key's length either.
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(a), digest(b))
}

/** Requires `x-api-key` when a key is configured. */
export function apiKeyCheck(apiKey: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (apiKey !== undefined) {
      const given = c.req.header('x-api-key')
      if (given === undefined || !constantTimeEqual(given, apiKey)) {
        return harnessError(
          401,
          'INVALID_CREDENTIAL',
          given === undefined ? 'This server requires an API key (x-api-key).' : 'The API key is not valid.',
        )
      }
    }
    await next()
  }
}

/** The pipeline service takes the pipeline YAML as it is; everything else takes JSON. */
function acceptedMediaTypes(path: string): readonly string[] {
  if (path === '/pipeline/api/pipelines' || path.startsWith('/pipeline/api/pipelines/')) {
    return ['application/yaml', 'application/x-yaml', 'text/yaml', 'application/json']
  }
  return ['application/json']
}

/**
 * A list's filter is a few hundred bytes (20 tags of 256 characters at most are 5 KB): a body
 * far larger is refused before it is read and parsed, whatever the server's limit for writes.
 */
export const FILTER_BODY_MAX_BYTES = 64 * 1024
/**
 * A pipeline's YAML holds at most 5,000 keys (yaml-bounds.ts), some 130 KB: a body four times
 * that is refused by its Content-Length, unread.
 */
export const PIPELINE_BODY_MAX_BYTES = 512 * 1024

function bodyLimitFor(path: string, maxBytes: number): number {
  if (/\/(listV2|list)$/.test(path)) return Math.min(maxBytes, FILTER_BODY_MAX_BYTES)
  if (path === '/pipeline/api/pipelines' || path.startsWith('/pipeline/api/pipelines/')) {
    return Math.min(maxBytes, PIPELINE_BODY_MAX_BYTES)
  }
  return maxBytes
}

/** HTTP's framing: a request has a body only with Transfer-Encoding or a non-zero Content-Length. */
function hasBody(request: Request): boolean {
  if (request.headers.has('transfer-encoding')) return true
  const length = request.headers.get('content-length')
  return length !== null && length.trim() !== '0'
}

export function tooLarge(maxBytes: number): Response {
  const response = harnessError(413, 'REQUEST_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`)
  // The rest of the body is not read; the connection is not reused.
  response.headers.set('Connection', 'close')
  return response
}

/**
 * An API write's body: of an accepted media type (415 otherwise) and at most `maxBytes` long
 * (413 otherwise). The size is counted while reading, so a missing or lying Content-Length
 * cannot let a larger body through (behind Node's HTTP server, whose parser enforces a
 * Content-Length, a declared body is left for the handler to read).
 */
export function bodyRules(writeMaxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const request = c.req.raw
    const maxBytes = bodyLimitFor(c.req.path, writeMaxBytes)
    if (!isWrite(request.method)) return next()
    const contentType = request.headers.get('content-type') ?? ''
    // JSON and YAML are read as UTF-8: a body declared in another charset would be read wrong.
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1]?.toLowerCase()
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return harnessError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `The request body must be UTF-8 (charset=utf-8), not ${charset}.`,
      )
    }
    if (!hasBody(request)) return next()
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase()
    const accepted = acceptedMediaTypes(c.req.path)
    if (!accepted.includes(mediaType)) {
      return harnessError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `The request body must be ${accepted.length === 1 ? 'JSON (application/json)' : 'YAML (application/yaml) or JSON'}.`,
      )
    }
    const declared = Number(request.headers.get('content-length') ?? '0')
    if (declared > maxBytes) return tooLarge(maxBytes)
    // Behind Node's HTTP server a Content-Length is exact: its parser reads that many bytes as
    // the body and no more. The handler then reads the body straight from the socket (the
    // adapter's fast path); copying it into a new Request here cost a tenth of a list request.
    if (framedByNodeHttp(c.env) && request.headers.has('content-length') && !request.headers.has('transfer-encoding'))
      return next()
    const body = await readAtMost(request, maxBytes)
    if (body === undefined) return tooLarge(maxBytes)
    c.req.raw = new Request(request, { body })
    await next()
  }
}

/** The bindings @hono/node-server passes: the request came through Node's HTTP parser. */
function framedByNodeHttp(bindings: unknown): boolean {
  return (
    typeof bindings === 'object' &&
    bindings !== null &&
    (bindings as { incoming?: unknown }).incoming instanceof IncomingMessage
  )
}

/** A request's body, read until it passes `maxBytes` (then undefined: the rest is never read). */
export async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    // Stop reading: the Node adapter drains (or drops) the rest after the answer.
    if (size > maxBytes) return undefined
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}
