import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '../lib/api-client'
import { organizationResponseSchema, pageResponseSchema, projectResponseSchema } from '../lib/api-types'

const organizationPageSchema = pageResponseSchema(organizationResponseSchema)
const projectPageSchema = pageResponseSchema(projectResponseSchema)

export const scopeKeys = {
  all: ['scopes'] as const,
  organizations: (accountIdentifier: string) => ['scopes', 'organizations', accountIdentifier] as const,
  projects: (accountIdentifier: string) => ['scopes', 'projects', accountIdentifier] as const,
}

export function useOrganizations(accountIdentifier: string) {
  return useQuery({
    queryKey: scopeKeys.organizations(accountIdentifier),
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
    queryKey: scopeKeys.projects(accountIdentifier),
    queryFn: async () => {
      const page = await apiRequest(projectPageSchema, 'GET', '/ng/api/projects', {
        query: { accountIdentifier, pageSize: 100 },
      })
      return page.content.map((entry) => entry.project)
    },
    staleTime: 60_000,
  })
}

/** What the New organization and New project dialogs send. */
export type NewScope = { name: string; identifier: string; description: string }

/** POST /ng/api/organizations; the switcher's lists are read again once it exists. */
export function useCreateOrganization(accountIdentifier: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (fields: NewScope) =>
      apiRequest(organizationResponseSchema, 'POST', '/ng/api/organizations', {
        query: { accountIdentifier },
        body: { organization: { ...fields, tags: {} } },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scopeKeys.all }),
  })
}

/** POST /ng/api/projects in `orgIdentifier`. */
export function useCreateProject(accountIdentifier: string, orgIdentifier: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (fields: NewScope) =>
      apiRequest(projectResponseSchema, 'POST', '/ng/api/projects', {
        query: { accountIdentifier, orgIdentifier },
        body: { project: { ...fields, orgIdentifier, tags: {} } },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scopeKeys.all }),
  })
}
