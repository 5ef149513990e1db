import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod/mini'
import {
  currentUserSchema,
  principalEntrySchema,
  roleAssignmentResponseSchema,
  roleResponseSchema,
} from '../lib/access-control-types'
import type { PrincipalTypeDTO } from '../lib/access-control-types'
import { apiRequest } from '../lib/api-client'
import { pageResponseSchema } from '../lib/api-types'
import type { Scope } from '../lib/scope'

const scopeKey = (scope: Scope) => [scope.accountIdentifier, scope.orgIdentifier ?? '', scope.projectIdentifier ?? '']

export const accessKeys = {
  all: ['access-control'] as const,
  bindings: (scope: Scope) => ['access-control', 'bindings', ...scopeKey(scope)] as const,
  roles: (scope: Scope) => ['access-control', 'roles', ...scopeKey(scope)] as const,
  principals: (scope: Scope, purpose: PrincipalPurpose) =>
    ['access-control', 'principals', purpose, ...scopeKey(scope)] as const,
}

const bindingPageSchema = pageResponseSchema(roleAssignmentResponseSchema)
const rolePageSchema = pageResponseSchema(roleResponseSchema)

export function useRoleBindings(scope: Scope) {
  return useQuery({
    queryKey: accessKeys.bindings(scope),
    queryFn: ({ signal }) =>
      apiRequest(bindingPageSchema, 'GET', '/authz/api/roleassignments', { scope, query: { pageSize: 100 }, signal }),
    retry: false,
  })
}

export function useRoles(scope: Scope) {
  return useQuery({
    queryKey: accessKeys.roles(scope),
    queryFn: async ({ signal }) =>
      (await apiRequest(rolePageSchema, 'GET', '/authz/api/roles', { scope, signal })).content.map(
        (entry) => entry.role,
      ),
    staleTime: Infinity,
  })
}

/**
 * The people and service accounts of the scope: to `bind` there (its users, and the service
 * accounts made there or above), or that may have `acted` there (above or inside it), to filter
 * its audit trail by.
 */
export type PrincipalPurpose = 'bind' | 'acted'

export function usePrincipals(scope: Scope, enabled: boolean, purpose: PrincipalPurpose) {
  return useQuery({
    queryKey: accessKeys.principals(scope, purpose),
    queryFn: ({ signal }) =>
      apiRequest(z.array(principalEntrySchema), 'GET', '/ng/api/access-control/principals', {
        scope,
        query: { purpose },
        signal,
      }),
    enabled,
    retry: false,
  })
}

export function useCurrentUser() {
  return useQuery({
    queryKey: ['access-control', 'current-user'],
    queryFn: ({ signal }) => apiRequest(currentUserSchema, 'GET', '/ng/api/user/currentUser', { signal }),
    staleTime: 60_000,
  })
}

export type NewBinding = { roleIdentifier: string; principal: { identifier: string; type: PrincipalTypeDTO } }

export function useAddBinding(scope: Scope) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (binding: NewBinding) =>
      apiRequest(roleAssignmentResponseSchema, 'POST', '/authz/api/roleassignments', { scope, body: binding }),
    // Someone's rights changed: every permission answer may be stale.
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => isAccessQuery(query.queryKey) }),
  })
}

export function useRemoveBinding(scope: Scope) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (identifier: string) =>
      apiRequest(
        roleAssignmentResponseSchema,
        'DELETE',
        `/authz/api/roleassignments/${encodeURIComponent(identifier)}`,
        {
          scope,
        },
      ),
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => isAccessQuery(query.queryKey) }),
  })
}

function isAccessQuery(key: readonly unknown[]): boolean {
  return key[0] === 'access-control' || key[0] === 'acl'
}
