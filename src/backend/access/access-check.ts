import type { Permission, ResourceType } from '../../lib/permissions'
import { RESOURCE_TYPE_LABELS, resourceTypeOf } from '../../lib/permissions'
import type { Scope } from '../../lib/scope'
import { correlationId } from '../api-responses'
import { scopeOfKey } from '../records'
import { describeScope } from '../request-scope'
import type { Principal } from './principal'
import { principalReaches } from './principal-directory'
import type { StoredRoleAssignment } from './role-assignments'
import { bindingCovers } from './role-assignments'
import { findRole } from './roles'

/** One check, as Harness's ACL takes it: a permission on a resource (or any of its type) at a scope. */
export type PermissionCheck = { permission: Permission; scope: Scope; resourceIdentifier?: string }

/**
 * What one request's principal may do. The principal's bindings in its account are read once,
 * on the first check, so a request costs at most one read however many checks it makes.
 */
export class AccessControl {
  private bindings: Promise<readonly StoredRoleAssignment[]> | undefined

  constructor(
    readonly principal: Principal,
    private readonly loadBindings: () => Promise<readonly StoredRoleAssignment[]>,
    /** The bench's "permission checks switched off": every check passes. */
    readonly enforced = true,
  ) {}

  /** The bindings, when read already with another of the request's reads (scoped-route.ts). */
  preload(bindings: readonly StoredRoleAssignment[]): void {
    this.bindings ??= Promise.resolve(bindings)
  }

  async permitted(permission: Permission, scope: Scope): Promise<boolean> {
    if (!this.enforced) return true
    if (scope.accountIdentifier !== this.principal.accountIdentifier) return false
    this.bindings ??= this.loadBindings()
    const bindings = await this.bindings
    const home = { scopeKey: this.principal.homeScopeKey }
    return bindings.some(
      (binding) =>
        bindingCovers(binding, scope) &&
        principalReaches(home, scopeOfKey(binding.scopeKey)) &&
        findRole(binding.roleIdentifier)?.permissions.has(permission) === true,
    )
  }

  /** Undefined when permitted; otherwise the 403 that refuses the request. */
  async require(check: PermissionCheck): Promise<Response | undefined> {
    return (await this.permitted(check.permission, check.scope)) ? undefined : accessDenied(check)
  }
}

/**
 * Harness's refusal (NGAccessDeniedException): 403 `NG_ACCESS_DENIED`, the missing permission in
 * words, and `failedPermissionChecks` so that a client can show the reason without parsing text.
 */
export function accessDenied(check: PermissionCheck, words?: string): Response {
  const type: ResourceType = resourceTypeOf(check.permission)
  const label = RESOURCE_TYPE_LABELS[type]
  const on = check.resourceIdentifier
    ? `${label} ${check.resourceIdentifier}`
    : `${label.toLowerCase()}s in ${describeScope(check.scope)}`
  const message = words ?? `Missing permission ${check.permission} on ${on}`
  const failedPermissionChecks = [
    {
      resourceScope: {
        accountIdentifier: check.scope.accountIdentifier,
        orgIdentifier: check.scope.orgIdentifier ?? null,
        projectIdentifier: check.scope.projectIdentifier ?? null,
      },
      resourceType: type,
      resourceIdentifier: check.resourceIdentifier ?? null,
      permission: check.permission,
    },
  ]
  const body = {
    status: 'ERROR',
    code: 'NG_ACCESS_DENIED',
    message,
    correlationId: correlationId(),
    detailedMessage: null,
    responseMessages: [{ code: 'NG_ACCESS_DENIED', level: 'ERROR', message }],
    failedPermissionChecks,
  }
  return Response.json(body, { status: 403 })
}
