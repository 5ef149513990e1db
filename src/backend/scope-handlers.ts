import type { OrganizationResponse, PageResponse, ProjectResponse } from '../lib/api-types'
import { ok, paginate } from './api-responses'
import type { HandlerContext } from './handler-context'
import type { Route } from './router'
import { scopedRoute } from './scoped-route'
import { SEED_ORGANIZATION_DETAILS } from './seed-data'

/**
 * The account's organizations and projects, for the scope switcher. They are fixed demo data
 * (the seed), not stored entities: creating organizations or projects is outside this demo.
 */

function matches(term: string, ...texts: string[]): boolean {
  return term === '' || texts.join('\n').toLowerCase().includes(term)
}

export function scopeRoutes(context: HandlerContext): Route[] {
  return [
    scopedRoute(context, 'GET', '/ng/api/organizations', ({ query }) => {
      const term = (query.get('searchTerm') ?? '').trim().toLowerCase()
      const items: OrganizationResponse[] = SEED_ORGANIZATION_DETAILS.filter((org) =>
        matches(term, org.identifier, org.name, org.description),
      ).map(({ identifier, name, description }) => ({ organization: { identifier, name, description } }))
      const data: PageResponse<OrganizationResponse> = paginate(items, query)
      return ok(data)
    }),

    scopedRoute(context, 'GET', '/ng/api/projects', ({ query, scope }) => {
      const term = (query.get('searchTerm') ?? '').trim().toLowerCase()
      const items: ProjectResponse[] = SEED_ORGANIZATION_DETAILS.filter(
        (org) => !scope.orgIdentifier || org.identifier === scope.orgIdentifier,
      ).flatMap((org) =>
        org.projects
          .filter((project) => matches(term, project.identifier, project.name, project.description))
          .map(({ identifier, name, description }) => ({
            project: { identifier, orgIdentifier: org.identifier, name, description },
          })),
      )
      const data: PageResponse<ProjectResponse> = paginate(items, query)
      return ok(data)
    }),
  ]
}
