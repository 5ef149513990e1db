import { z } from 'zod/mini'
import type { ErrorEnvelope } from './api-types'
import { errorEnvelopeSchema, responseEnvelopeSchema } from './api-types'
import { backendReady } from './backend-ready'
import type { Scope } from './scope'
import { scopeQuery } from './scope'

/**
 * The API's base URL. Empty means "this origin", where the built-in mock backend answers;
 * set VITE_API_BASE_URL at build time to point the same UI at another server.
 */
export const API_BASE_URL: string = import.meta.env.VITE_API_BASE_URL ?? ''

export class ApiError extends Error {
  readonly status: number
  readonly body: ErrorEnvelope | undefined

  constructor(status: number, body: ErrorEnvelope | undefined, fallback: string) {
    super(body?.message || fallback)
    this.name = 'ApiError'
    this.status = status
    this.body = body
  }
}

/**
 * The server answered, but not with what the API contract says (a field missing or of another
 * type, a body that is not JSON). Retrying will not help.
 */
export class ApiContractError extends ApiError {
  /** What did not match, one line each (`data.content[0].connector.name: expected string`). */
  readonly problems: string[]

  constructor(status: number, problems: string[], request: string) {
    super(
      status,
      undefined,
      `The server's answer did not match the API contract: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''} (${request}).`,
    )
    this.name = 'ApiContractError'
    this.problems = problems
  }
}

let apiKey: string | null = null

/**
 * The key every request carries in `x-api-key` from now on (a Harness API key or token), or
 * `null` to send none.
 */
export function setApiKey(key: string | null): void {
  apiKey = key || null
}

let viewAs: string | null = null

/**
 * The demo only (it has no sign-in): the demo user every request acts as from now on, sent as
 * `x-demo-view-as`, or `null` for the demo's Account Admin. A real server ignores the header.
 */
export function setViewAs(identifier: string | null): void {
  viewAs = identifier || null
}

export type RequestOptions = {
  scope?: Scope
  query?: Record<string, string | number | undefined>
  body?: unknown
  /** A body sent as it is (YAML), with its Content-Type in `headers`. */
  rawBody?: string
  signal?: AbortSignal
  headers?: Record<string, string>
  /**
   * How long to wait for the server's answer (30 s unless said); `null` for none (a connection
   * test's stream, which has its own limits). A request that runs out answers an ApiError with
   * words, so the user can retry or leave, never wait forever.
   */
  timeoutMs?: number | null
}

export const REQUEST_TIMEOUT_MS = 30_000

export function apiUrl(path: string, options: Pick<RequestOptions, 'scope' | 'query'> = {}): URL {
  const base = API_BASE_URL || window.location.origin
  const url = new URL(`${base.replace(/\/$/, '')}${path}`)
  const query = { ...(options.scope ? scopeQuery(options.scope) : {}), ...options.query }
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value))
  }
  return url
}

function describePath(path: PropertyKey[]): string {
  let text = ''
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : `${text ? '.' : ''}${String(key)}`
  }
  return text || '(the whole answer)'
}

/** One line per issue, in words that do not depend on a zod locale being loaded. */
function describeIssues(issues: readonly z.core.$ZodIssue[], pathPrefix: PropertyKey[]): string[] {
  return issues.map((issue) => {
    const where = describePath([...pathPrefix, ...issue.path])
    switch (issue.code) {
      case 'invalid_type':
        return `${where}: expected ${issue.expected}`
      case 'invalid_value':
        return `${where}: expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`
      case 'invalid_union':
        return `${where}: matches none of the expected shapes`
      default:
        return `${where}: ${issue.message}`
    }
  })
}

/**
 * Checks `value` against `schema`; throws ApiContractError, saying what differs, when it does
 * not match. `request` names the call in the message ("GET /ng/api/connectors/x").
 */
export function parseAnswer<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  request: string,
  { status = 200, pathPrefix = [] }: { status?: number; pathPrefix?: PropertyKey[] } = {},
): z.output<S> {
  const result = z.safeParse(schema, value)
  if (result.success) return result.data
  throw new ApiContractError(status, describeIssues(result.error.issues, pathPrefix), request)
}

/** The body of an answer as JSON; ApiContractError when it is not JSON. */
export async function readJson(response: Response, request: string): Promise<unknown> {
  const text = await response.text()
  try {
    const value: unknown = JSON.parse(text)
    return value
  } catch {
    throw new ApiContractError(response.status, ['the answer is not JSON'], request)
  }
}

async function errorFrom(response: Response): Promise<ApiError> {
  const fallback = `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`
  let text = ''
  try {
    text = await response.text()
  } catch {
    // The body could not be read: the status says enough.
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // A gateway's HTML or plain-text page: say what it said if it is short and not markup.
    const plain = text.trim()
    const usable = plain && plain.length <= 200 && !plain.startsWith('<')
    return new ApiError(response.status, undefined, usable ? `${fallback} ${plain}` : fallback)
  }
  const parsed = z.safeParse(errorEnvelopeSchema, json)
  return new ApiError(response.status, parsed.success ? parsed.data : undefined, fallback)
}

/** Sends a request; resolves to the raw Response when it is 2xx, throws ApiError otherwise. */
export async function apiFetch(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  await backendReady()
  const timeoutMs = options.timeoutMs === undefined ? REQUEST_TIMEOUT_MS : options.timeoutMs
  const controller = new AbortController()
  const stop = () => controller.abort()
  options.signal?.addEventListener('abort', stop, { once: true })
  if (options.signal?.aborted) controller.abort()
  let timedOut = false
  const timer =
    timeoutMs === null
      ? undefined
      : setTimeout(() => {
          timedOut = true
          controller.abort()
        }, timeoutMs)
  let response: Response
  try {
    response = await fetch(apiUrl(path, options), {
      method,
      signal: controller.signal,
      headers: {
        Accept: 'application/json',
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(apiKey ? { 'x-api-key': apiKey } : {}),
        ...(viewAs ? { 'x-demo-view-as': viewAs } : {}),
        ...options.headers,
      },
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    })
  } catch (error) {
    if (timedOut) {
      const seconds = (timeoutMs ?? 0) / 1000
      throw new ApiError(
        0,
        undefined,
        `The server did not answer within ${seconds} s. Check your network and try again.`,
      )
    }
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, undefined, 'The server could not be reached. Check your network and try again.')
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', stop)
  }
  if (!response.ok) throw await errorFrom(response)
  return response
}

/** The envelope around every NG answer; its `data` is checked with each call's own schema. */
const envelopeSchema = responseEnvelopeSchema(z.unknown())

/**
 * A request whose answer is Harness's `{status: 'SUCCESS', data}` envelope; resolves to `data`
 * parsed with `schema`, or throws ApiContractError when the answer does not match it.
 */
export async function apiRequest<S extends z.ZodMiniType>(
  schema: S,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const response = await apiFetch(method, path, options)
  const request = `${method} ${path}`
  const context = { status: response.status }
  const envelope = parseAnswer(envelopeSchema, await readJson(response, request), request, context)
  return parseAnswer(schema, envelope.data, request, { ...context, pathPrefix: ['data'] })
}

/** A request whose answer is not enveloped (Harness's older RestResponse): the whole body is parsed. */
export async function apiRequestBody<S extends z.ZodMiniType>(
  schema: S,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const response = await apiFetch(method, path, options)
  const request = `${method} ${path}`
  return parseAnswer(schema, await readJson(response, request), request, { status: response.status })
}
