import type { Scope } from '../lib/scope'
import { errorResponse, malformedBody, readJson } from './api-responses'
import type { HandlerContext } from './handler-context'
import type { BodyScope, ScopeParamNames } from './request-scope'
import { requestScope } from './request-scope'
import type { Route, RouteParams } from './router'
import type { DataStore } from './store'

/** What a scoped handler is given once the common checks have passed. */
export type ScopedRequest<Body = undefined> = {
  request: Request
  params: RouteParams
  query: URLSearchParams
  scope: Scope
  store: DataStore
  body: Body
}

type ScopedOptions = {
  /** The delegate API names its scope parameters the manager's way (accountId, orgId, projectId). */
  scopeParams?: ScopeParamNames
  /** Refuses the request unless the scope is a project, with this message. */
  projectOnly?: string
}

type JsonBodyOptions = ScopedOptions & {
  /** The body's shape, for the message when it is not JSON: `{"connector": {...}}`. */
  shape: string
  /** Where the body names its organization and project, which complete the query's scope. */
  scopeIn: (body: unknown) => BodyScope
}

/**
 * Every API call pays the same preamble: the simulated latency, the scope from the query (and
 * the body), its refusal when it does not exist, then the store. Handlers start after it.
 */
async function preamble(
  context: HandlerContext,
  request: Request,
  options: ScopedOptions,
  bodyScope?: BodyScope,
): Promise<{ scope: Scope; store: DataStore; error?: undefined } | { error: Response }> {
  const store = await context.store()
  const { scope, error } = await requestScope(request, store, options.scopeParams, bodyScope)
  if (error) return { error }
  if (options.projectOnly && !scope.projectIdentifier) {
    return { error: errorResponse(400, 'INVALID_REQUEST', options.projectOnly) }
  }
  return { scope, store }
}

export function scopedRoute(
  context: HandlerContext,
  method: string,
  path: string,
  handle: (scoped: ScopedRequest) => Response | Promise<Response>,
  options: ScopedOptions = {},
): Route {
  return buildScopedRoute(context, method, path, options, undefined, (scoped) => handle({ ...scoped, body: undefined }))
}

/** A scoped route whose request carries a JSON body; a body that is not JSON is refused first. */
export function scopedJsonRoute(
  context: HandlerContext,
  method: string,
  path: string,
  handle: (scoped: ScopedRequest<unknown>) => Response | Promise<Response>,
  options: JsonBodyOptions,
): Route {
  return buildScopedRoute(context, method, path, options, options, handle)
}

function buildScopedRoute(
  context: HandlerContext,
  method: string,
  path: string,
  options: ScopedOptions,
  json: JsonBodyOptions | undefined,
  handle: (scoped: ScopedRequest<unknown>) => Response | Promise<Response>,
): Route {
  return {
    method,
    path: `${context.base}${path}`,
    handle: async (request, params) => {
      await context.latency.request()
      const body = json ? await readJson(request) : undefined
      if (json && body === undefined) return malformedBody(json.shape)
      const checked = await preamble(context, request, options, json?.scopeIn(body))
      if (checked.error) return checked.error
      const { scope, store } = checked
      return handle({ request, params, query: new URL(request.url).searchParams, scope, store, body })
    },
  }
}

/** A route outside any scope (the demo's own endpoints): only the latency is common. */
export function openRoute(
  context: HandlerContext,
  method: string,
  path: string,
  handle: (request: Request, params: Record<string, string>) => Response | Promise<Response>,
): Route {
  return {
    method,
    path: `${context.base}${path}`,
    handle: async (request, params) => {
      await context.latency.request()
      return handle(request, params)
    },
  }
}
