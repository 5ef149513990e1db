import type { Scope } from '../lib/scope'
import type { FieldError } from './api-responses'
import { errorResponse, invalidRequest, notFound } from './api-responses'
import type { DataStore } from './store'

export type ScopeParamNames = { account: string; org: string; project: string }

const NG_PARAMS: ScopeParamNames = { account: 'accountIdentifier', org: 'orgIdentifier', project: 'projectIdentifier' }
/** The delegate API is Harness's older manager API, with shorter parameter names. */
export const MANAGER_PARAMS: ScopeParamNames = { account: 'accountId', org: 'orgId', project: 'projectId' }

export type ScopeResult = { scope: Scope; error?: undefined } | { scope?: undefined; error: Response }

export type BodyScope = { orgIdentifier?: unknown; projectIdentifier?: unknown }

/**
 * The scope a request's query parameters select, or the answer that refuses it. Harness's own
 * create and update calls carry the organization and project in the body only, so for those a
 * body's scope fills in what the query leaves out; a body that contradicts the query is refused
 * rather than silently moved to another scope. Whether the scope exists is the store's answer
 * (one key lookup), asked only once the request is otherwise well formed.
 */
export async function requestScope(
  request: Request,
  store: Pick<DataStore, 'scopeExists'>,
  names: ScopeParamNames = NG_PARAMS,
  body?: BodyScope,
  /** Refuses a scope before anything is said of it (another account's), or answers undefined. */
  guard?: (scope: Scope) => Response | undefined,
): Promise<ScopeResult> {
  const params = new URL(request.url).searchParams
  const accountIdentifier = params.get(names.account) ?? ''
  if (!accountIdentifier) {
    return { error: errorResponse(400, 'INVALID_REQUEST', `${names.account} is required.`) }
  }
  const conflicts: FieldError[] = []
  const pick = (field: 'orgIdentifier' | 'projectIdentifier', param: string) => {
    const fromQuery = params.get(param) ?? ''
    const fromBody = typeof body?.[field] === 'string' ? body[field] : ''
    if (fromQuery && fromBody && fromQuery !== fromBody) {
      conflicts.push({
        fieldId: field,
        error: `${field} is "${fromBody}" in the body but "${fromQuery}" in the query.`,
      })
    }
    return fromQuery || fromBody
  }
  const orgIdentifier = pick('orgIdentifier', names.org)
  const projectIdentifier = pick('projectIdentifier', names.project)
  if (conflicts.length) return { error: invalidRequest(conflicts) }
  if (projectIdentifier && !orgIdentifier) {
    return { error: errorResponse(400, 'INVALID_REQUEST', `${names.project} needs ${names.org} as well.`) }
  }
  const scope: Scope = { accountIdentifier }
  if (orgIdentifier) scope.orgIdentifier = orgIdentifier
  if (projectIdentifier) scope.projectIdentifier = projectIdentifier
  const refusal = guard?.(scope)
  if (refusal) return { error: refusal }
  if (!(await store.scopeExists(scope)))
    return { error: notFound(`${capitalize(describeScope(scope))} does not exist.`) }
  return { scope }
}

/** "project payments in organization default", "organization default" or "account acme". */
export function describeScope(scope: Scope): string {
  if (scope.projectIdentifier) return `project ${scope.projectIdentifier} in organization ${scope.orgIdentifier ?? ''}`
  if (scope.orgIdentifier) return `organization ${scope.orgIdentifier}`
  return `account ${scope.accountIdentifier}`
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
