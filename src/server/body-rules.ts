import { IncomingMessage } from 'node:http'
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { harnessError, isWrite } from './security'

/**
 * What an API write's body may be: JSON (the pipeline service also YAML), in UTF-8, and no
 * larger than the server's limit (smaller for a list's filter and a pipeline): refused by its
 * Content-Length unread, or counted as it is read (Hono's body limit) so that no Content-Length
 * can let more through.
 */

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
 * Hono's body limit, refusing in our words: a Content-Length over `maxBytes` unread, a body
 * without one (chunked) as soon as what it has read passes `maxBytes` (the rest is never read).
 *
 * Hono believes any Content-Length below the limit and leaves the body to the handler. That is
 * right behind Node's HTTP server, whose parser reads exactly that many bytes as the body and no
 * more. There the length alone decides and Hono is not asked: it looks at `request.body` first,
 * which the adapter answers by building a whole Request around a web stream instead of letting
 * the handler read the socket directly (three times the CPU of a small POST; decision 020). A
 * Request made in this process (`app.fetch`) has a Content-Length that is only a header: it is
 * dropped, so that Hono counts the bytes.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({ maxSize: maxBytes, onError: () => tooLarge(maxBytes) })
  return async (c, next) => {
    const request = c.req.raw
    if (request.headers.has('content-length') && !request.headers.has('transfer-encoding')) {
      const declared = declaredLength(request)
      if (framedByNodeHttp(c.env)) return declared > maxBytes ? tooLarge(maxBytes) : next()
      if (declared <= maxBytes) {
        const headers = new Headers(request.headers)
        headers.delete('content-length')
        c.req.raw = new Request(request, { headers })
      }
    }
    return limit(c, next)
  }
}

function declaredLength(request: Request): number {
  return Number(request.headers.get('content-length') ?? '0')
}

/**
 * An API write's body: of an accepted media type (415 otherwise) and at most `maxBytes` long
 * (413 otherwise), by its Content-Length or, without one, counted while reading (`limitBody`).
 */
export function bodyRules(writeMaxBytes: number): MiddlewareHandler {
  const limits = new Map<number, MiddlewareHandler>()
  const limitFor = (maxBytes: number) => {
    let limit = limits.get(maxBytes)
    if (!limit) limits.set(maxBytes, (limit = limitBody(maxBytes)))
    return limit
  }
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
    return limitFor(maxBytes)(c, next)
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
