import type { OrganizationResponse, ProjectResponse } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import {
  errorResponse,
  expectedVersion,
  invalidRequest,
  isRecord,
  notFound,
  ok,
  pageResponse,
  pagingOf,
  staleWrite,
} from './api-responses'
import type { HandlerContext } from './handler-context'
import type { StoredScope } from './records'
import { scopeRecord } from './records'
import type { Route } from './router'
import { scopeHoldings } from './scope-contents'
import { DEFAULT_ORGANIZATION } from './scope-list'
import type { ScopeBodyKind, ScopeFields } from './scope-validation'
import { validateScopeBody } from './scope-validation'
import type { ScopedRequest } from './scoped-route'
import { scopedJsonRoute, scopedRoute } from './scoped-route'

/**
 * Harness's organizations and projects (docs/reference/access-control.md §2): stored scopes that
 * users create, edit and delete. A scope that still holds anything is not deleted (unlike
 * Harness, which deletes everything below it). Versions as for connectors: `version` in the
 * body, `ETag: W/<version>` on create, get and update, `If-Match` read on PUT and DELETE.
 */

export function toOrganizationResponse(record: StoredScope): OrganizationResponse {
  const { identifier, name, description, tags, createdAt, lastModifiedAt, version } = record
  return {
    organization: { identifier, name, description, tags },
    createdAt,
    lastModifiedAt,
    harnessManaged: identifier === DEFAULT_ORGANIZATION,
    version,
  }
}

export function toProjectResponse(record: StoredScope): ProjectResponse & { isFavorite: boolean } {
  const { orgIdentifier, identifier, name, color, description, tags, createdAt, lastModifiedAt, version } = record
  return {
    project: { orgIdentifier, identifier, name, color, description, tags },
    createdAt,
    lastModifiedAt,
    harnessManaged: false,
    isFavorite: false,
    version,
  }
}

/** Words and shapes that differ between the two kinds. */
type Kind = {
  kind: ScopeBodyKind
  path: string
  /** The scope a request's identifier names, under the request's scope. */
  target: (scope: Scope, identifier: string) => Scope
  respond: (record: StoredScope) => unknown
  notFound: (target: Scope) => string
  duplicate: (target: Scope) => string
  title: (target: Scope) => string
}

const ORGANIZATIONS: Kind = {
  kind: 'organization',
  path: '/ng/api/organizations',
  target: (scope, identifier) => ({ accountIdentifier: scope.accountIdentifier, orgIdentifier: identifier }),
  respond: toOrganizationResponse,
  notFound: (target) => `Organization with identifier [${target.orgIdentifier ?? ''}] not found`,
  duplicate: (target) => `An organization with identifier [${target.orgIdentifier ?? ''}] is already present`,
  title: (target) => `Organization ${target.orgIdentifier ?? ''}`,
}

const PROJECTS: Kind = {
  kind: 'project',
  path: '/ng/api/projects',
  // As in Harness, a project's organization defaults to `default`.
  target: (scope, identifier) => ({
    accountIdentifier: scope.accountIdentifier,
    orgIdentifier: scope.orgIdentifier ?? DEFAULT_ORGANIZATION,
    projectIdentifier: identifier,
  }),
  respond: toProjectResponse,
  notFound: (target) =>
    `Project with orgIdentifier [${target.orgIdentifier ?? ''}] and identifier [${target.projectIdentifier ?? ''}] not found`,
  duplicate: (target) =>
    `A project with identifier [${target.projectIdentifier ?? ''}] and orgIdentifier [${target.orgIdentifier ?? ''}] is already present`,
  title: (target) => `Project ${target.projectIdentifier ?? ''}`,
}

function withEtag(response: Response, record: StoredScope): Response {
  response.headers.set('ETag', `W/${record.version}`)
  return response
}

/** A project body names its organization (the scope it is created in); an organization's names none. */
function bodyScopeOf(kind: ScopeBodyKind) {
  return (body: unknown) => {
    const entity = isRecord(body) ? body[kind] : undefined
    return kind === 'project' && isRecord(entity) ? { orgIdentifier: entity.orgIdentifier } : {}
  }
}

function managedRefusal(kind: Kind, target: Scope, operation: 'Update' | 'Delete'): Response | undefined {
  if (kind.kind !== 'organization' || target.orgIdentifier !== DEFAULT_ORGANIZATION) return undefined
  return errorResponse(
    400,
    'INVALID_REQUEST',
    `${operation} operation not supported for Default Organization (identifier: [${DEFAULT_ORGANIZATION}])`,
  )
}

function invalidIfMatch(): Response {
  return invalidRequest([{ fieldId: 'If-Match', error: 'If-Match must be the version you read, for example "3".' }])
}

function routesOf(context: HandlerContext, kind: Kind): Route[] {
  const bodyRoute = (
    method: 'POST' | 'PUT',
    path: string,
    handle: (fields: ScopeFields, scoped: ScopedRequest<unknown>) => Promise<Response>,
  ) =>
    scopedJsonRoute(
      context,
      method,
      path,
      async (scoped) => {
        const checked = validateScopeBody(scoped.body, kind.kind)
        return checked.errors ? invalidRequest(checked.errors) : handle(checked.fields, scoped)
      },
      { shape: `{"${kind.kind}": {...}}`, scopeIn: bodyScopeOf(kind.kind) },
    )

  return [
    scopedRoute(context, 'GET', kind.path, async ({ query, scope, store }) => {
      const paging = pagingOf(query)
      const page = await store.listScopes({
        kind: kind.kind,
        accountIdentifier: scope.accountIdentifier,
        ...(kind.kind === 'project' && scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
        searchTerm: (query.get('searchTerm') ?? '').trim().toLowerCase(),
        ...paging,
      })
      return ok(pageResponse(page, paging, kind.respond))
    }),

    bodyRoute('POST', kind.path, async (fields, { scope, store }) => {
      if (kind.kind === 'project' && !scope.orgIdentifier) {
        return invalidRequest([
          { fieldId: 'orgIdentifier', error: 'orgIdentifier is required: the organization of the project.' },
        ])
      }
      const target = kind.target(scope, fields.identifier)
      const now = store.now()
      const created = await store.createScope(scopeRecord(target, fields, { createdAt: now, lastModifiedAt: now }))
      // Atomic in the store: two tabs creating the same identifier cannot both succeed.
      if (!created.ok) return errorResponse(409, 'DUPLICATE_FIELD', kind.duplicate(target))
      return withEtag(ok(kind.respond(created.record)), created.record)
    }),

    scopedRoute(context, 'GET', `${kind.path}/:identifier`, async ({ params, scope, store }) => {
      const target = kind.target(scope, params.identifier ?? '')
      const record = await store.getScope(target)
      return record ? withEtag(ok(kind.respond(record)), record) : notFound(kind.notFound(target))
    }),

    bodyRoute('PUT', `${kind.path}/:identifier`, async (fields, { request, params, scope, store }) => {
      const target = kind.target(scope, params.identifier ?? '')
      if (fields.identifier !== params.identifier) {
        return invalidRequest([
          { fieldId: 'identifier', error: `The identifier of ${kind.title(target).toLowerCase()} cannot change.` },
        ])
      }
      const refused = managedRefusal(kind, target, 'Update')
      if (refused) return refused
      const expected = expectedVersion(request)
      if (expected === null) return invalidIfMatch()
      const existing = await store.getScope(target)
      // Saving a scope that another tab deleted must not bring it back.
      if (!existing) return notFound(kind.notFound(target))
      const edited: StoredScope = {
        ...existing,
        ...fields,
        orgIdentifier: existing.orgIdentifier,
        lastModifiedAt: store.now(),
      }
      const updated = await store.updateScope(edited, expected ?? existing.version)
      if (updated.ok) return withEtag(ok(kind.respond(updated.record)), updated.record)
      if (updated.refusal === 'not-found') return notFound(kind.notFound(target))
      return staleWrite(kind.title(target))
    }),

    scopedRoute(context, 'DELETE', `${kind.path}/:identifier`, async ({ request, params, scope, store }) => {
      const target = kind.target(scope, params.identifier ?? '')
      const refused = managedRefusal(kind, target, 'Delete')
      if (refused) return refused
      const expected = expectedVersion(request)
      if (expected === null) return invalidIfMatch()
      if (!(await store.getScope(target))) return notFound(kind.notFound(target))
      const holdings = await scopeHoldings(store, target)
      if (holdings) return errorResponse(400, 'ENTITY_REFERENCE_EXCEPTION', holdings)
      const deleted = await store.deleteScope(target, expected)
      if (deleted.ok) return ok(true)
      if (deleted.refusal === 'not-found') return notFound(kind.notFound(target))
      return staleWrite(kind.title(target))
    }),
  ]
}

export function scopeRoutes(context: HandlerContext): Route[] {
  return [...routesOf(context, ORGANIZATIONS), ...routesOf(context, PROJECTS)]
}
