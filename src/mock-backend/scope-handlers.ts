import { http } from 'msw'
import type { PageResponse } from '../lib/api-types'
import type { OrganizationResponse, ProjectResponse } from '../scopes/scope-api-types'
import { ok, paginate } from './api-responses'
import type { HandlerContext } from './handler-context'
import { apiPath } from './handler-context'
import { requestScope } from './request-scope'
import { SEED_ORGANIZATION_DETAILS } from './seed-data'

/**
 * The account's organizations and projects, for the scope switcher. They are fixed demo data
 * (the seed), not stored entities: creating organizations or projects is outside this demo.
 */

function matches(term: string, ...texts: string[]): boolean {
  return term === '' || texts.join('\n').toLowerCase().includes(term)
}

export function scopeHandlers(context: HandlerContext) {
  const { latency } = context
  return [
    http.get(apiPath(context, '/ng/api/organizations'), async ({ request }) => {
      await latency.request()
      const { error } = requestScope(request)
      if (error) return error
      const params = new URL(request.url).searchParams
      const term = (params.get('searchTerm') ?? '').trim().toLowerCase()
      const items: OrganizationResponse[] = SEED_ORGANIZATION_DETAILS.filter((org) =>
        matches(term, org.identifier, org.name, org.description),
      ).map(({ identifier, name, description }) => ({ organization: { identifier, name, description } }))
      const data: PageResponse<OrganizationResponse> = paginate(items, params)
      return ok(data)
    }),

    http.get(apiPath(context, '/ng/api/projects'), async ({ request }) => {
      await latency.request()
      const { scope, error } = requestScope(request)
      if (error) return error
      const params = new URL(request.url).searchParams
      const term = (params.get('searchTerm') ?? '').trim().toLowerCase()
      const items: ProjectResponse[] = SEED_ORGANIZATION_DETAILS.filter(
        (org) => !scope.orgIdentifier || org.identifier === scope.orgIdentifier,
      ).flatMap((org) =>
        org.projects
          .filter((project) => matches(term, project.identifier, project.name, project.description))
          .map(({ identifier, name, description }) => ({
            project: { identifier, orgIdentifier: org.identifier, name, description },
          })),
      )
      const data: PageResponse<ProjectResponse> = paginate(items, params)
      return ok(data)
    }),
  ]
}
