import type { Scope } from '../../lib/scope'
import { scopeLevel } from '../../lib/scope'
import { recordKey, scopeKey, scopeOfKey } from '../records'
import type { PrincipalRef } from './principal'
import { findResourceGroup } from './roles'

/**
 * A role bound to a principal at a scope, over a resource group: Harness's RoleAssignment
 * (access-control.md §1.1), as both stores keep it.
 */
export type StoredRoleAssignment = {
  /** `scopeKey/identifier`. */
  key: string
  scopeKey: string
  identifier: string
  roleIdentifier: string
  resourceGroupIdentifier: string
  principal: PrincipalRef
  /** Made by the system (the first administrator, a project's creator): shown, but deletable like any other. */
  managed: boolean
  createdAt: number
  lastModifiedAt: number
}

export function roleAssignmentRecord(
  scope: Scope,
  fields: Pick<StoredRoleAssignment, 'identifier' | 'roleIdentifier' | 'resourceGroupIdentifier' | 'principal'> & {
    managed?: boolean
  },
  now: number,
): StoredRoleAssignment {
  return {
    key: recordKey(scope, fields.identifier),
    scopeKey: scopeKey(scope),
    identifier: fields.identifier,
    roleIdentifier: fields.roleIdentifier,
    resourceGroupIdentifier: fields.resourceGroupIdentifier,
    principal: { identifier: fields.principal.identifier, type: fields.principal.type },
    managed: fields.managed ?? false,
    createdAt: now,
    lastModifiedAt: now,
  }
}

/** Harness's form of a new binding's identifier: `role_assignment_` and 20 random letters and digits. */
export function newRoleAssignmentIdentifier(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = crypto.getRandomValues(new Uint8Array(20))
  return `role_assignment_${Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('')}`
}

/**
 * Whether a binding reaches `scope`: its own scope always; the organizations and projects below
 * it when its resource group includes child scopes.
 */
export function bindingCovers(assignment: StoredRoleAssignment, scope: Scope): boolean {
  const bound = scopeOfKey(assignment.scopeKey)
  if (bound.accountIdentifier !== scope.accountIdentifier) return false
  const children = findResourceGroup(assignment.resourceGroupIdentifier)?.includesChildScopes === true
  if (scopeLevel(bound) === 'account') return children || !scope.orgIdentifier
  if (bound.orgIdentifier !== scope.orgIdentifier) return false
  if (scopeLevel(bound) === 'org') return children || !scope.projectIdentifier
  return bound.projectIdentifier === scope.projectIdentifier
}

/** The same binding (principal, role, group, scope) twice is refused, as Harness's unique index does. */
export function sameBinding(a: StoredRoleAssignment, b: StoredRoleAssignment): boolean {
  return (
    a.scopeKey === b.scopeKey &&
    a.roleIdentifier === b.roleIdentifier &&
    a.resourceGroupIdentifier === b.resourceGroupIdentifier &&
    a.principal.type === b.principal.type &&
    a.principal.identifier === b.principal.identifier
  )
}
