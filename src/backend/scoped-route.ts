import type { Scope } from '../lib/scope'
import { AccessControl, accessDenied } from './access/access-check'
import type { RouteAccess } from './access/route-access'
import { routeAccess } from './access/route-access'
import { errorResponse, malformedBody, readJson } from './api-responses'
import { auditedStore } from './audit/audited-store'
import { changeDescriber } from './audit/describe-change'
import type { AuditDescriber } from './audit/store-change'
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
  /** Who asks, and what they may do: for the checks a handler makes itself (route-access.ts). */
  access: AccessControl
  /**
   * A change's audit event, for the changes a host keeps outside the store (service accounts,
   * delegate tokens): the handler describes it and the host appends it in its write. Undefined
   * for a read.
   */
  audit?: AuditDescriber
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
 * Who sends the request, and what they may do: the host's answer (a 401 refuses it), and the
 * principal's bindings, read on the first check.
 */
async function authenticate(
  context: HandlerContext,
  request: Request,
): Promise<{ access: AccessControl; store: DataStore; error?: undefined } | { error: Response }> {
  const principal = await context.authenticate(request)
  if (principal instanceof Response) return { error: principal }
  const store = await context.store()
  const access = new AccessControl(
    principal,
    () => store.roleAssignmentsOf(principal.accountIdentifier, principal),
    context.enforcePermissions,
  )
  return { access, store }
}

/** The route's own rule, checked once the scope is known (route-access.ts). */
async function checkRule(
  rule: RouteAccess,
  access: AccessControl,
  scope: Scope,
  params: RouteParams,
  body?: unknown,
): Promise<Response | undefined> {
  if (!('permission' in rule)) return undefined
  const named = rule.resource ? params[rule.resource] : rule.resourceInBody?.(body)
  const resourceIdentifier = typeof named === 'string' ? named : undefined
  return access.require({ permission: rule.permission, scope, ...(resourceIdentifier ? { resourceIdentifier } : {}) })
}

/**
 * Every API call pays the same preamble: the simulated latency, who asks, the scope from the
 * query (and the body), its refusal when it is another account's or does not exist, then the
 * route's permission. Handlers start after it.
 */
async function preamble(
  request: Request,
  access: AccessControl,
  store: DataStore,
  options: ScopedOptions,
  bodyScope?: BodyScope,
): Promise<{ scope: Scope; error?: undefined } | { error: Response }> {
  // A checked request reads the caller's bindings with the scope's existence, in one read.
  const exists = access.enforced
    ? {
        scopeExists: async (asked: Scope) => {
          const found = await store.scopeExistsFor(asked, access.principal)
          access.preload(found.bindings)
          return found.exists
        },
      }
    : store
  // Another account's scopes are refused before anything is said of them, not even whether they exist.
  const { scope, error } = await requestScope(request, exists, options.scopeParams, bodyScope, (asked) =>
    asked.accountIdentifier !== access.principal.accountIdentifier && access.enforced
      ? accessDenied(
          { permission: 'core_organization_view', scope: asked },
          `You have no access to account ${asked.accountIdentifier}.`,
        )
      : undefined,
  )
  if (error) return { error }
  if (options.projectOnly && !scope.projectIdentifier) {
    return { error: errorResponse(400, 'INVALID_REQUEST', options.projectOnly) }
  }
  return { scope }
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
  const rule = routeAccess(method, path)
  return {
    method,
    path: `${context.base}${path}`,
    access: rule,
    handle: async (request, params) => {
      await context.latency.request()
      const caller = await authenticate(context, request)
      if (caller.error) return caller.error
      const { access, store } = caller
      const body = json ? await readJson(request) : undefined
      if (json && body === undefined) return malformedBody(json.shape)
      const checked = await preamble(request, access, store, options, json?.scopeIn(body))
      if (checked.error) return checked.error
      const { scope } = checked
      const refusal = await checkRule(rule, access, scope, params, body)
      if (refusal) return refusal
      // A change records who made it, in the change's transaction (issue 20).
      const audit =
        request.method === 'GET' || !context.recordAudit
          ? undefined
          : changeDescriber(access.principal, context.clientAddress(request), () => store.now())
      return handle({
        request,
        params,
        query: new URL(request.url).searchParams,
        scope,
        store: audit ? auditedStore(store, audit) : store,
        body,
        access,
        ...(audit ? { audit } : {}),
      })
    },
  }
}

/**
 * A route outside any scope (the changes counter, the demo's own endpoints):
 * the latency, who asks unless the route is open, and a permission at the caller's account.
 */
export function openRoute(
  context: HandlerContext,
  method: string,
  path: string,
  handle: (request: Request, params: RouteParams, access: AccessControl | undefined) => Response | Promise<Response>,
): Route {
  const rule = routeAccess(method, path)
  return {
    method,
    path: `${context.base}${path}`,
    access: rule,
    handle: async (request, params) => {
      await context.latency.request()
      if ('open' in rule) return handle(request, params, undefined)
      const caller = await authenticate(context, request)
      if (caller.error) return caller.error
      const { access } = caller
      const refusal = await checkRule(rule, access, { accountIdentifier: access.principal.accountIdentifier }, params)
      if (refusal) return refusal
      return handle(request, params, access)
    },
  }
}
