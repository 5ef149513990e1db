import { useQuery } from '@tanstack/react-query'
import { apiRequestBody } from '../lib/api-client'
import type { DelegateGroup } from '../lib/api-types'
import { delegateGroupsResponseSchema } from '../lib/api-types'
import type { Scope } from '../lib/scope'

export async function fetchDelegates(scope: Scope, signal?: AbortSignal): Promise<DelegateGroup[]> {
  // Harness's delegate API predates the NG envelope and names its scope parameters differently.
  const body = await apiRequestBody(delegateGroupsResponseSchema, 'GET', '/api/setup/delegates/v2/up-the-hierarchy', {
    query: { accountId: scope.accountIdentifier, orgId: scope.orgIdentifier, projectId: scope.projectIdentifier },
    signal,
  })
  return body.resource.delegateGroupDetails
}

export function useDelegates(scope: Scope) {
  return useQuery({
    queryKey: ['delegates', scope],
    queryFn: ({ signal }) => fetchDelegates(scope, signal),
    // Harness polls every 5 s so a delegate coming online shows up without a reload.
    refetchInterval: 5_000,
  })
}

export function delegateTags(delegate: DelegateGroup): string[] {
  return [...new Set([...delegate.groupImplicitSelectors, ...delegate.groupCustomSelectors])]
}

/** A delegate qualifies when its tags include every chosen tag, compared lower-cased as the server does. */
export function delegateMatches(delegate: DelegateGroup, selectors: readonly string[]): boolean {
  const tags = delegateTags(delegate).map((tag) => tag.toLowerCase())
  return selectors.every((selector) => tags.includes(selector.trim().toLowerCase()))
}
