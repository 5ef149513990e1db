import type { ErrorEnvelope, ResponseEnvelope } from '../lib/api-types'
import { nulProblem } from '../lib/entity-names'

/** Harness's envelopes and error bodies (docs/reference/harness-api.md §2.4). */

export type FieldError = { fieldId: string; error: string }

export function correlationId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`
}

export function envelope<T>(data: T, metaData: Record<string, unknown> | null = null): ResponseEnvelope<T> {
  return { status: 'SUCCESS', data, metaData, correlationId: correlationId() }
}

export function ok<T>(data: T, metaData: Record<string, unknown> | null = null): Response {
  return Response.json(envelope(data, metaData))
}

/** Harness's ErrorDTO: a refusal that is not about one field. */
export function errorResponse(
  httpStatus: number,
  code: string,
  message: string,
  requestId = correlationId(),
): Response {
  const body: ErrorEnvelope = {
    status: 'ERROR',
    code,
    message,
    correlationId: requestId,
    detailedMessage: null,
    responseMessages: [{ code, level: 'ERROR', message }],
  }
  return Response.json(body, { status: httpStatus })
}

/**
 * Harness's FailureDTO for a body that fails validation: one entry per field. A single problem
 * is also the message, word for word, as Harness reports its own validation exceptions.
 */
export function invalidRequest(errors: readonly FieldError[]): Response {
  const [first] = errors
  const message = errors.length === 1 && first ? first.error : `Invalid request: ${errors.length} fields have problems.`
  const body: ErrorEnvelope = {
    status: 'FAILURE',
    code: 'INVALID_REQUEST',
    message,
    correlationId: correlationId(),
    errors: [...errors],
  }
  return Response.json(body, { status: 400 })
}

/** Harness's words when a create reuses an identifier of the scope. */
export function duplicateIdentifier(entity: 'Connector' | 'Secret', name: string, identifier: string): Response {
  return errorResponse(
    400,
    'DUPLICATE_FIELD',
    `${entity}: ${name} has been given an identifier: ${identifier} that already exists. Please enter a unique ID.`,
  )
}

/** A write from a stale copy: refused with words, never applied (HTTP 409). */
export function staleWrite(what: string): Response {
  return errorResponse(
    409,
    'VERSION_CONFLICT',
    `${what} has changed since you opened it — reload to see the current version. Nothing was saved.`,
  )
}

/**
 * The version a client read, from `If-Match` (`"3"`, `W/"3"` or `3`, as Harness's pipeline API
 * takes it); undefined when the client did not say, and null when it said something unreadable.
 */
export function expectedVersion(request: Request): number | undefined | null {
  const header = request.headers.get('If-Match')
  if (header === null || header.trim() === '' || header.trim() === '*') return undefined
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header.trim())
  return match ? Number(match[1]) : null
}

/** An If-Match that names no version. */
export function invalidIfMatch(): Response {
  return invalidRequest([{ fieldId: 'If-Match', error: 'If-Match must be the version you read, for example "3".' }])
}

export function notFound(message: string): Response {
  return errorResponse(404, 'RESOURCE_NOT_FOUND_EXCEPTION', message)
}

/** The JSON body of a request, or undefined when it is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return (await request.json()) as unknown
  } catch {
    return undefined
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function malformedBody(expected: string): Response {
  return invalidRequest([{ fieldId: 'body', error: `The request body must be JSON of the form ${expected}.` }])
}

/** The largest page any list answers, whatever it is asked for. */
export const MAX_PAGE_SIZE = 200

/** A list's paging from its query, clamped so that a bad index or size never fails. */
export function pagingOf(params: URLSearchParams, defaultSize = 100): { pageIndex: number; pageSize: number } {
  return {
    pageSize: clampInt(params.get('pageSize'), defaultSize, 1, MAX_PAGE_SIZE),
    pageIndex: clampInt(params.get('pageIndex'), 0, 0, 1_000_000),
  }
}

/** Harness's PageResponse for one page the store found. */
export function pageResponse<T, R>(
  page: { items: readonly T[]; total: number; totalIsLowerBound?: boolean },
  paging: { pageIndex: number; pageSize: number },
  map: (item: T) => R,
) {
  return {
    content: page.items.map(map),
    totalItems: page.total,
    totalPages: Math.ceil(page.total / paging.pageSize),
    pageIndex: paging.pageIndex,
    pageSize: paging.pageSize,
    // There are more matches than totalItems (a filtered list counts up to COUNT_LIMIT).
    ...(page.totalIsLowerBound ? { totalIsLowerBound: true } : {}),
  }
}

/** A page of `items` held in memory (fixed lists such as the scopes), clamped like `pagingOf`. */
export function paginate<T>(items: readonly T[], params: URLSearchParams, defaultSize = 100) {
  const paging = pagingOf(params, defaultSize)
  const start = paging.pageIndex * paging.pageSize
  return pageResponse(
    { items: items.slice(start, start + paging.pageSize), total: items.length },
    paging,
    (item) => item,
  )
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const value = raw === null || raw === '' ? NaN : Number(raw)
  if (!Number.isInteger(value)) return fallback
  return Math.min(max, Math.max(min, value))
}

/** A NUL character at `path` of a `{ <entity>: {...} }` body, said at the form's field (tags as a whole). */
export function nulError(path: readonly string[], entity: string): FieldError {
  const inner = path[0] === entity ? path.slice(1) : [...path]
  const fieldId = inner[0] === 'tags' ? 'tags' : inner.join('.') || entity
  const label = inner[0] === 'tags' ? `The tag ${inner[1] ?? ''}`.trim() : fieldId
  return { fieldId, error: nulProblem(label, '\u0000') ?? '' }
}
