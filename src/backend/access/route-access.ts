import type { Permission } from '../../lib/permissions'

/**
 * What every route of the API needs, in one table (`METHOD path`, the path as the route declares
 * it). A route whose entry is missing cannot be built (`routeAccess` throws), and
 * `route-access.test.ts` enumerates the router's routes against this table both ways, so no
 * route ships without a decision and no entry outlives its route.
 *
 * - `permission`: checked before the handler, at the request's scope; `resource` names the path
 *   parameter that identifies the resource, for the refusal's words.
 * - `inHandler`: the handler checks, because what it needs depends on the body or the record
 *   (a list filters what it shows; a test needs the connector it names). `why` says which.
 * - `signedIn`: any principal of the account: the answer is no data of a scope.
 * - `open`: no principal at all.
 */
export type RouteAccess =
  | { permission: Permission; resource?: string; resourceInBody?: (body: unknown) => unknown }
  | { inHandler: readonly Permission[]; why: string }
  | { signedIn: string }
  | { open: string }

const connector = (permission: Permission): RouteAccess => ({ permission, resource: 'identifier' })
/** A create or update names its connector in the body (`{"connector": {"identifier": …}}`). */
const connectorInBody = (permission: Permission): RouteAccess => ({
  permission,
  resourceInBody: (body) =>
    typeof body === 'object' && body !== null && 'connector' in body
      ? (body.connector as { identifier?: unknown } | null)?.identifier
      : undefined,
})

const identifierInBody = (body: unknown) =>
  typeof body === 'object' && body !== null && 'identifier' in body ? body.identifier : undefined
/** A key or token names its service account as `parentIdentifier`. */
const parentInBody = (body: unknown) =>
  typeof body === 'object' && body !== null && 'parentIdentifier' in body ? body.parentIdentifier : undefined

/** An organization or project the path names: the permission is checked at that scope, not the request's. */
const onNamedScope = (permission: Permission): RouteAccess => ({
  inHandler: [permission],
  why: 'The path names the scope the permission is needed at.',
})

export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  // Connectors
  'GET /ng/api/connectors/catalogue': { signedIn: 'The connector types and their fields are the same for everyone.' },
  'GET /ng/api/connectors/validateUniqueIdentifier': { permission: 'core_connector_edit' },
  'POST /ng/api/connectors/listV2': { permission: 'core_connector_view' },
  'POST /ng/api/connectors': connectorInBody('core_connector_edit'),
  'PUT /ng/api/connectors': connectorInBody('core_connector_edit'),
  'GET /ng/api/connectors/:identifier': connector('core_connector_view'),
  'DELETE /ng/api/connectors/:identifier': connector('core_connector_delete'),
  'GET /ng/api/connectors/:identifier/testHistory': connector('core_connector_view'),
  // Testing a connector uses it, as a pipeline does (Harness's "Access" permission).
  'POST /ng/api/connectors/testConnection/:identifier': connector('core_connector_access'),
  'GET /ng/api/connectors/testConnection/tasks/:taskId': { permission: 'core_connector_access' },
  'POST /ng/api/connectors/testConnection/tasks/:taskId/cancel': { permission: 'core_connector_access' },

  // Secrets
  'GET /ng/api/v2/secrets': { permission: 'core_secret_view' },
  'POST /ng/api/v2/secrets': { permission: 'core_secret_edit' },
  'GET /ng/api/v2/secrets/validateUniqueIdentifier/:identifier': { permission: 'core_secret_edit' },
  'GET /ng/api/v2/secrets/:identifier': { permission: 'core_secret_view', resource: 'identifier' },
  'PUT /ng/api/v2/secrets/:identifier': { permission: 'core_secret_edit', resource: 'identifier' },
  'DELETE /ng/api/v2/secrets/:identifier': { permission: 'core_secret_delete', resource: 'identifier' },

  // Pipelines
  'POST /pipeline/api/pipelines/list': { permission: 'core_pipeline_view' },
  'GET /pipeline/api/pipelines/:identifier': { permission: 'core_pipeline_view', resource: 'identifier' },
  'PUT /pipeline/api/pipelines/:identifier': { permission: 'core_pipeline_edit', resource: 'identifier' },
  'POST /pipeline/api/pipelines': { permission: 'core_pipeline_edit' },
  'GET /ng/api/entitySetupUsage': {
    inHandler: ['core_pipeline_view', 'core_secret_view'],
    why: 'A connector’s users are pipelines (core_pipeline_view); a secret’s are connectors (core_secret_view).',
  },

  // Delegates
  'GET /api/setup/delegates/v2/up-the-hierarchy': { permission: 'core_delegate_view' },
  'POST /api/setup/delegates/v2/up-the-hierarchy': { permission: 'core_delegate_view' },
  // A scope's tokens start delegates that take its tests: only those who may make them see them (issue 19).
  'GET /ng/api/delegate-tokens': { permission: 'core_delegate_edit' },
  'POST /ng/api/delegate-tokens': { permission: 'core_delegate_edit' },
  'DELETE /ng/api/delegate-tokens/:name': { permission: 'core_delegate_edit', resource: 'name' },
  // Only a disconnected delegate; the list it leaves is what core_delegate_view shows (issue 21).
  'DELETE /ng/api/delegates/:name': { permission: 'core_delegate_edit', resource: 'name' },

  // Scopes: created in the request's scope; read, edited and deleted at the scope the path names.
  'GET /ng/api/organizations': {
    inHandler: ['core_organization_view'],
    why: 'The list holds the organizations the caller may view.',
  },
  'POST /ng/api/organizations': { permission: 'core_organization_create' },
  'GET /ng/api/organizations/:identifier': onNamedScope('core_organization_view'),
  'PUT /ng/api/organizations/:identifier': onNamedScope('core_organization_edit'),
  'DELETE /ng/api/organizations/:identifier': onNamedScope('core_organization_delete'),
  'GET /ng/api/projects': { inHandler: ['core_project_view'], why: 'The list holds the projects the caller may view.' },
  'POST /ng/api/projects': { permission: 'core_project_create' },
  'GET /ng/api/projects/:identifier': onNamedScope('core_project_view'),
  'PUT /ng/api/projects/:identifier': onNamedScope('core_project_edit'),
  'DELETE /ng/api/projects/:identifier': onNamedScope('core_project_delete'),

  // Access control
  'GET /authz/api/roleassignments': {
    inHandler: ['core_user_view', 'core_serviceaccount_view'],
    why: 'The list holds the bindings of the principal types the caller may view.',
  },
  'POST /authz/api/roleassignments': {
    inHandler: ['core_user_manage', 'core_serviceaccount_edit'],
    why: 'Binding a user needs core_user_manage, a service account core_serviceaccount_edit.',
  },
  'DELETE /authz/api/roleassignments/:identifier': {
    inHandler: ['core_user_manage', 'core_serviceaccount_edit'],
    why: 'As for creating: the binding’s principal type decides.',
  },
  // Harness checks core_user_manage to invite, not core_user_invite.
  'POST /ng/api/user/users': { permission: 'core_user_manage' },
  'GET /authz/api/roles': { signedIn: 'The built-in roles are the same for everyone.' },
  'POST /authz/api/acl': { signedIn: 'Answers what the caller itself may do, nothing about others.' },
  'GET /ng/api/user/currentUser': { signedIn: 'The caller’s own name and account.' },
  'GET /ng/api/access-control/principals': { permission: 'core_user_view' },

  // Service accounts, their API keys and tokens: managed at the scope they were made at.
  'GET /ng/api/serviceaccount': { permission: 'core_serviceaccount_view' },
  'POST /ng/api/serviceaccount': { permission: 'core_serviceaccount_edit', resourceInBody: identifierInBody },
  'GET /ng/api/serviceaccount/:identifier': { permission: 'core_serviceaccount_view', resource: 'identifier' },
  'DELETE /ng/api/serviceaccount/:identifier': { permission: 'core_serviceaccount_delete', resource: 'identifier' },
  'GET /ng/api/apikey': { permission: 'core_serviceaccount_view' },
  'POST /ng/api/apikey': { permission: 'core_serviceaccount_manageapikey', resourceInBody: parentInBody },
  'DELETE /ng/api/apikey/:identifier': { permission: 'core_serviceaccount_manageapikey' },
  'GET /ng/api/token': { permission: 'core_serviceaccount_view' },
  'POST /ng/api/token': { permission: 'core_serviceaccount_manageapikey', resourceInBody: parentInBody },
  'DELETE /ng/api/token/:identifier': { permission: 'core_serviceaccount_manageapikey' },

  // The audit trail: who did what in the scope and below it.
  'POST /audit/api/audits/list': { permission: 'core_audit_view' },

  // Everyone's
  'GET /ng/api/changes': {
    inHandler: ['core_connector_view', 'core_secret_view', 'core_pipeline_view', 'core_project_view'],
    why: 'The count sums the changes of the scopes the caller may view, and no others.',
  },
  'POST /ng/api/demo/reset': { permission: 'core_connector_delete' },
  'GET /ng/api/demo/world': { open: 'The simulated world’s guide describes no data of any account.' },
  'GET /ng/api/demo/people': { open: 'The demo’s “View as” people are fixed sample names, the same for everyone.' },
}

export function routeAccess(method: string, path: string): RouteAccess {
  const access = ROUTE_ACCESS[`${method} ${path}`]
  if (!access) throw new Error(`No access rule for ${method} ${path}: add one to ROUTE_ACCESS (route-access.ts).`)
  return access
}
