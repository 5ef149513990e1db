/**
 * The API as plain functions of a Request: no MSW, no Node. The browser demo hosts it in Mock
 * Service Worker and a Node server can host the same routes, so the logic exists once.
 */

import type { RouteAccess } from './access/route-access'
import { correlationId, errorResponse, invalidRequest } from './api-responses'
import { StoreUnavailableError } from './store'

/** A 5xx the API answered, for the host's log: the request id the client also received, and why. */
export type ServerErrorEntry = { status: number; method: string; path: string; requestId: string; cause: unknown }

/** The words of a 503 when the store cannot be reached or is too slow; a read says what it could not do. */
function unavailable(error: StoreUnavailableError, method: string, requestId: string): Response {
  const read = method === 'GET' || method === 'HEAD'
  const what = error.reason === 'timeout' ? 'The database did not answer in time' : 'The database is unavailable'
  const consequence = read ? 'the data could not be read' : 'nothing was changed'
  const response = errorResponse(
    503,
    'DATABASE_UNAVAILABLE',
    `${what}; ${consequence}. Try again in a moment.`,
    requestId,
  )
  response.headers.set('Retry-After', '2')
  return response
}

export type RouteParams = Readonly<Record<string, string>>

export type RouteHandler = (request: Request, params: RouteParams) => Promise<Response>

/** A route of the API: `access` is its entry in the one table of what routes need (access/route-access.ts). */
export type Route = { method: string; path: string; handle: RouteHandler; access: RouteAccess }

type CompiledRoute = Route & { pattern: RegExp; names: string[] }

function compile(route: Route): CompiledRoute {
  const names: string[] = []
  const source = route.path
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      names.push(part.slice(1))
      return '([^/]+)'
    })
    .join('/')
  return { ...route, pattern: new RegExp(`^${source}/?$`), names }
}

/**
 * Answers a request with the first route whose method and path match, in the order given
 * (fixed paths before `/:identifier`), or `undefined` when none does, so the host can let it
 * pass. Path parameters arrive decoded.
 */
export function createRouter(
  routes: readonly Route[],
  options: { onServerError?: (entry: ServerErrorEntry) => void } = {},
): (request: Request) => Promise<Response | undefined> {
  const compiled = routes.map(compile)
  return async (request) => {
    const { pathname } = new URL(request.url)
    for (const route of compiled) {
      if (route.method !== request.method) continue
      const match = route.pattern.exec(pathname)
      if (!match) continue
      const params: Record<string, string> = {}
      try {
        route.names.forEach((name, index) => {
          params[name] = decodeURIComponent(match[index + 1] ?? '')
        })
      } catch {
        return invalidRequest([{ fieldId: 'path', error: `The address ${pathname} has a malformed %-escape.` }])
      }
      try {
        return await route.handle(request, params)
      } catch (cause) {
        // A failed store (IndexedDB closed for good, a database down) answers in words, with
        // nothing half-applied behind it and no stack trace in front of the user; the host's log
        // gets the cause under the request id the answer carries.
        const requestId = correlationId()
        const response =
          cause instanceof StoreUnavailableError
            ? unavailable(cause, request.method, requestId)
            : errorResponse(
                500,
                'UNEXPECTED_ERROR',
                request.method === 'GET' || request.method === 'HEAD'
                  ? 'The data could not be read. Try again; if it keeps failing, reload the page.'
                  : 'The change could not be stored, so nothing was changed. Try again; if it keeps failing, reload the page.',
                requestId,
              )
        options.onServerError?.({ status: response.status, method: request.method, path: pathname, requestId, cause })
        return response
      }
    }
    return undefined
  }
}
