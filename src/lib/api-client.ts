import type { ErrorEnvelope, ResponseEnvelope } from './api-types'
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

type RequestOptions = {
  scope?: Scope
  query?: Record<string, string | number | undefined>
  body?: unknown
  /** A body sent as it is (YAML), with its Content-Type in `headers`. */
  rawBody?: string
  signal?: AbortSignal
  headers?: Record<string, string>
}

export function apiUrl(path: string, options: Pick<RequestOptions, 'scope' | 'query'> = {}): URL {
  const base = API_BASE_URL || window.location.origin
  const url = new URL(`${base.replace(/\/$/, '')}${path}`)
  const query = { ...(options.scope ? scopeQuery(options.scope) : {}), ...options.query }
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value))
  }
  return url
}

export async function apiFetch(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  await backendReady()
  let response: Response
  try {
    response = await fetch(apiUrl(path, options), {
      method,
      signal: options.signal,
      headers: {
        Accept: 'application/json',
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, undefined, 'The server could not be reached. Check your network and try again.')
  }
  if (!response.ok) {
    let body: ErrorEnvelope | undefined
    try {
      body = (await response.json()) as ErrorEnvelope
    } catch {
      body = undefined
    }
    throw new ApiError(response.status, body, `The server answered ${response.status} ${response.statusText}.`)
  }
  return response
}

/** A request whose answer is Harness's `{status, data}` envelope; resolves to `data`. */
export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiFetch(method, path, options)
  const envelope = (await response.json()) as ResponseEnvelope<T>
  return envelope.data
}
