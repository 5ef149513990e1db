import type { OrganizationResponse, ProjectResponse } from '../lib/api-types'
import type { Permission } from '../lib/permissions'
import type { Scope } from '../lib/scope'
import { newRoleAssignmentIdentifier, roleAssignmentRecord } from './access/role-assignments'
import {
  errorResponse,
  expectedVersion,
  invalidRequest,
  isRecord,
  notFound,
  ok,
  paginate,
  staleWrite,
} from './api-responses'
import type { HandlerContext } from './handler-context'
import type { StoredScope } from './records'
import { scopeOfKey, scopeRecord } from './records'
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
  /** The kind's permissions: view, create, edit and delete (Harness's `core_organization_*`, `core_project_*`). */
  permissions: { view: Permission; create: Permission; edit: Permission; delete: Permission }
  /** The role its creator is bound to, as Harness does. */
  creatorRole: { roleIdentifier: string; resourceGroupIdentifier: string }
}

const ORGANIZATIONS: Kind = {
  kind: 'organization',
  path: '/ng/api/organizations',
  target: (scope, identifier) => ({ accountIdentifier: scope.accountIdentifier, orgIdentifier: identifier }),
  respond: toOrganizationResponse,
  notFound: (target) => `Organization with identifier [${target.orgIdentifier ?? ''}] not found`,
  duplicate: (target) => `An organization with identifier [${target.orgIdentifier ?? ''}] is already present`,
  title: (target) => `Organization ${target.orgIdentifier ?? ''}`,
  permissions: {
    view: 'core_organization_view',
    create: 'core_organization_create',
    edit: 'core_organization_edit',
    delete: 'core_organization_delete',
  },
  creatorRole: {
    roleIdentifier: '_organization_admin',
    resourceGroupIdentifier: '_all_resources_including_child_scopes',
  },
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
  permissions: {
    view: 'core_project_view',
    create: 'core_project_create',
    edit: 'core_project_edit',
    delete: 'core_project_delete',
  },
  creatorRole: { roleIdentifier: '_project_admin', resourceGroupIdentifier: '_all_project_level_resources' },
}

/** The permission a request needs on the scope it names, checked once that scope is known. */
function requireOn(scoped: ScopedRequest<unknown>, permission: Permission, target: Scope) {
  const identifier = target.projectIdentifier ?? target.orgIdentifier
  return scoped.access.require({ permission, scope: target, ...(identifier ? { resourceIdentifier: identifier } : {}) })
}

/** Harness binds whoever creates an organization or project as its admin. */
async function bindCreator(scoped: ScopedRequest<unknown>, kind: Kind, target: Scope): Promise<void> {
  const { principal } = scoped.access
  await scoped.store.createRoleAssignment(
    roleAssignmentRecord(
      target,
      {
        identifier: newRoleAssignmentIdentifier(),
        ...kind.creatorRole,
        principal: { identifier: principal.identifier, type: principal.type },
        managed: true,
      },
      scoped.store.now(),
    ),
  )
}

async function organizationsOfViewableProjects(
  store: ScopedRequest['store'],
  access: ScopedRequest['access'],
  accountIdentifier: string,
): Promise<Set<string>> {
  const projects = await store.listScopes({
    kind: 'project',
    accountIdentifier,
    searchTerm: '',
    pageIndex: 0,
    pageSize: SCOPE_LIST_LIMIT,
  })
  const organizations = new Set<string>()
  for (const project of projects.items) {
    if (await access.permitted('core_project_view', scopeOfRecord(project))) organizations.add(project.orgIdentifier)
  }
  return organizations
}

/** How far a list of organizations or projects reads before it keeps those the caller may view. */
const SCOPE_LIST_LIMIT = 1_000

function scopeOfRecord(record: StoredScope): Scope {
  return scopeOfKey(record.key)
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
    // Only what the caller may view: an organization's viewer sees it and its projects, not the others.
    scopedRoute(context, 'GET', kind.path, async ({ query, scope, store, access }) => {
      const all = await store.listScopes({
        kind: kind.kind,
        accountIdentifier: scope.accountIdentifier,
        ...(kind.kind === 'project' && scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
        searchTerm: (query.get('searchTerm') ?? '').trim().toLowerCase(),
        pageIndex: 0,
        pageSize: SCOPE_LIST_LIMIT,
      })
      const visible: StoredScope[] = []
      let reachable: Set<string> | undefined
      for (const record of all.items) {
        if (await access.permitted(kind.permissions.view, scopeOfRecord(record))) visible.push(record)
        else if (kind.kind === 'organization') {
          // Someone bound in one of its projects only still has to reach the project through it.
          reachable ??= await organizationsOfViewableProjects(store, access, scope.accountIdentifier)
          if (reachable.has(record.identifier)) visible.push(record)
        }
      }
      return ok(paginate(visible.map(kind.respond), query))
    }),

    bodyRoute('POST', kind.path, async (fields, scoped) => {
      const { scope, store } = scoped
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
      await bindCreator(scoped, kind, target)
      return withEtag(ok(kind.respond(created.record)), created.record)
    }),

    scopedRoute(context, 'GET', `${kind.path}/:identifier`, async (scoped) => {
      const { params, scope, store } = scoped
      const target = kind.target(scope, params.identifier ?? '')
      const refusal = await requireOn(scoped, kind.permissions.view, target)
      if (refusal) return refusal
      const record = await store.getScope(target)
      return record ? withEtag(ok(kind.respond(record)), record) : notFound(kind.notFound(target))
    }),

    bodyRoute('PUT', `${kind.path}/:identifier`, async (fields, scoped) => {
      const { request, params, scope, store } = scoped
      const target = kind.target(scope, params.identifier ?? '')
      const refusal = await requireOn(scoped, kind.permissions.edit, target)
      if (refusal) return refusal
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

    scopedRoute(context, 'DELETE', `${kind.path}/:identifier`, async (scoped) => {
      const { request, params, scope, store } = scoped
      const target = kind.target(scope, params.identifier ?? '')
      const refusal = await requireOn(scoped, kind.permissions.delete, target)
      if (refusal) return refusal
      const refused = managedRefusal(kind, target, 'Delete')
      if (refused) return refused
      const expected = expectedVersion(request)
      if (expected === null) return invalidIfMatch()
      if (!(await store.getScope(target))) return notFound(kind.notFound(target))
      const holdings = await scopeHoldings(store, target)
      if (holdings) return errorResponse(400, 'ENTITY_REFERENCE_EXCEPTION', holdings)
      const deleted = await store.deleteScope(target, expected)
      // Its bindings go with it, in the store's delete (each on the trail).
      if (deleted.ok) return ok(true)
      if (deleted.refusal === 'not-found') return notFound(kind.notFound(target))
      return staleWrite(kind.title(target))
    }),
  ]
}

export function scopeRoutes(context: HandlerContext): Route[] {
  return [...routesOf(context, ORGANIZATIONS), ...routesOf(context, PROJECTS)]
}
