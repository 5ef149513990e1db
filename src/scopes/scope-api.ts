import { useQuery } from '@tanstack/react-query'
import { apiRequest } from '../lib/api-client'
import { organizationResponseSchema, pageResponseSchema, projectResponseSchema } from '../lib/api-types'

const organizationPageSchema = pageResponseSchema(organizationResponseSchema)
const projectPageSchema = pageResponseSchema(projectResponseSchema)

export function useOrganizations(accountIdentifier: string) {
  return useQuery({
    queryKey: ['scopes', 'organizations', accountIdentifier],
    queryFn: async () => {
      const page = await apiRequest(organizationPageSchema, 'GET', '/ng/api/organizations', {
        query: { accountIdentifier, pageSize: 100 },
      })
      return page.content.map((entry) => entry.organization)
    },
    staleTime: 60_000,
  })
}

export function useProjects(accountIdentifier: string) {
  return useQuery({
    queryKey: ['scopes', 'projects', accountIdentifier],
    queryFn: async () => {
      const page = await apiRequest(projectPageSchema, 'GET', '/ng/api/projects', {
        query: { accountIdentifier, pageSize: 100 },
      })
      return page.content.map((entry) => entry.project)
    },
    staleTime: 60_000,
  })
}
