import { IncomingMessage } from 'node:http'
import type { MiddlewareHandler } from 'hono'
import { harnessError, isWrite } from './security'

/**
 * What an API write's body may be: JSON (the pipeline service also YAML), in UTF-8, and no
 * larger than the server's limit (smaller for a list's filter and a pipeline), counted as it is
 * read so that no Content-Length can let more through.
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
