import type { ErrorEnvelope, ResponseEnvelope } from '../lib/api-types'

/** Harness's envelopes and error bodies (docs/reference/harness-api.md §2.4). */

export type FieldError = { fieldId: string; error: string }

export function correlationId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`
}

export function envelope<T>(data: T): ResponseEnvelope<T> {
  return { status: 'SUCCESS', data, metaData: null, correlationId: correlationId() }
}

export function ok<T>(data: T): Response {
  return Response.json(envelope(data))
}

/** Harness's ErrorDTO: a refusal that is not about one field. */
export function errorResponse(httpStatus: number, code: string, message: string): Response {
  const body: ErrorEnvelope = {
    status: 'ERROR',
    code,
    message,
    correlationId: correlationId(),
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

/** A page of `items`, clamped so that a bad index or size never fails. */
export function paginate<T>(items: readonly T[], params: URLSearchParams, defaultSize = 100) {
  const size = clampInt(params.get('pageSize'), defaultSize, 1, 1000)
  const index = clampInt(params.get('pageIndex'), 0, 0, Number.MAX_SAFE_INTEGER)
  return {
    content: items.slice(index * size, index * size + size),
    totalItems: items.length,
    totalPages: Math.ceil(items.length / size),
    pageIndex: index,
    pageSize: size,
  }
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const value = raw === null || raw === '' ? NaN : Number(raw)
  if (!Number.isInteger(value)) return fallback
  return Math.min(max, Math.max(min, value))
}
