import { useQuery } from '@tanstack/react-query'
import { currentUserSchema } from '../lib/access-control-types'
import { apiRequest } from '../lib/api-client'
import { pageResponseSchema, projectResponseSchema } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { DEFAULT_SCOPE, scopePath } from '../scopes/scope-paths'

const projectPageSchema = pageResponseSchema(projectResponseSchema)

/**
 * Where the app opens when the address names no page. The demo and the simulated world open
 * their sample project; a real server opens the first project the person may view in their
 * account (a new server's `default_project`), or the account when they may view none.
 */
export function useLandingPath(sampleData: boolean): string | undefined {
  const me = useQuery({
    queryKey: ['landing', 'current-user'],
    queryFn: ({ signal }) => apiRequest(currentUserSchema, 'GET', '/ng/api/user/currentUser', { signal }),
    enabled: !sampleData,
  })
  const accountIdentifier = me.data?.defaultAccountId
  const projects = useQuery({
    queryKey: ['landing', 'projects', accountIdentifier],
    queryFn: ({ signal }) =>
      apiRequest(projectPageSchema, 'GET', '/ng/api/projects', {
        query: { accountIdentifier: accountIdentifier ?? '', pageSize: 1 },
        signal,
      }),
    enabled: accountIdentifier !== undefined,
  })
  if (sampleData) return `${scopePath(DEFAULT_SCOPE)}/connectors`
  if (!accountIdentifier || (!projects.data && !projects.isError)) return undefined
  const first = projects.data?.content[0]?.project
  const scope: Scope = first
    ? { accountIdentifier, orgIdentifier: first.orgIdentifier, projectIdentifier: first.identifier }
    : { accountIdentifier }
  return `${scopePath(scope)}/connectors`
}
