import { useQuery } from '@tanstack/react-query'
import { accessControlListSchema } from './access-control-types'
import { apiRequest } from './api-client'
import type { Permission } from './permissions'
import { PERMISSION_ACTIONS, resourceTypeOf } from './permissions'
import type { Scope } from './scope'

/**
 * What the signed-in person (or the demo's "View as" user) may do at a scope, asked of the
 * server once per scope and list of permissions (Harness's ACL check). The server refuses
 * whatever this says anyway; the answer only lets the UI disable a control and say why, before
 * anyone clicks. Until it arrives, nothing is disabled.
 */
export function useScopePermissions(scope: Scope, permissions: readonly Permission[]) {
  const query = useQuery({
    queryKey: [
      'acl',
      scope.accountIdentifier,
      scope.orgIdentifier ?? '',
      scope.projectIdentifier ?? '',
      ...permissions,
    ],
    queryFn: async ({ signal }) => {
      const answer = await apiRequest(accessControlListSchema, 'POST', '/authz/api/acl', {
        body: {
          permissions: permissions.map((permission) => ({
            resourceScope: scope,
            resourceType: resourceTypeOf(permission),
            permission,
          })),
        },
        signal,
      })
      return new Map(answer.accessControlList.map((entry) => [entry.permission, entry.permitted]))
    },
    staleTime: 30_000,
  })
  return {
    /** Why the control for `permission` is disabled, in words; undefined when it is allowed (or not known yet). */
    denied(permission: Permission): string | undefined {
      return query.data?.get(permission) === false ? deniedReason(permission, scope) : undefined
    },
    /** True once the answer allows `permission`: for what is not even asked of the server before. */
    permitted(permission: Permission): boolean {
      return query.data?.get(permission) === true
    },
  }
}

/** "project payments", "organization default" or "account acme": where, in the words of a sentence. */
export function scopeWords(scope: Scope): string {
  return scope.projectIdentifier
    ? `project ${scope.projectIdentifier}`
    : scope.orgIdentifier
      ? `organization ${scope.orgIdentifier}`
      : `account ${scope.accountIdentifier}`
}

/** "Your role does not let you delete connectors in project payments (core_connector_delete)." */
export function deniedReason(permission: Permission, scope: Scope): string {
  return `Your role does not let you ${PERMISSION_ACTIONS[permission]} in ${scopeWords(scope)} (${permission}).`
}
