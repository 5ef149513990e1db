import type { RoleAssignmentResponse, RoleResponse } from '../../lib/access-control-types'
import type { Permission } from '../../lib/permissions'
import type { Scope } from '../../lib/scope'
import { scopeLevel } from '../../lib/scope'
import { errorResponse, invalidRequest, isRecord, notFound, ok, pageResponse, pagingOf } from '../api-responses'
import type { HandlerContext } from '../handler-context'
import { scopeOfKey } from '../records'
import { describeScope } from '../request-scope'
import type { Route } from '../router'
import type { ScopedRequest } from '../scoped-route'
import { scopedJsonRoute, scopedRoute } from '../scoped-route'
import type { AccessControl } from './access-check'
import { accessDenied } from './access-check'
import type { PrincipalRef } from './principal'
import { findPrincipal, principalReaches } from './principal-directory'
import type { StoredRoleAssignment } from './role-assignments'
import { newRoleAssignmentIdentifier, roleAssignmentRecord } from './role-assignments'
import { BUILT_IN_ROLES, defaultResourceGroup, findResourceGroup, findRole } from './roles'

/**
 * Role bindings through Harness's access-control API (access-control.md §1.1): list, create and
 * delete at a scope. Binding a user needs `core_user_manage` there, a service account
 * `core_serviceaccount_edit`; a role or group is bound only at the levels it allows, so nobody
 * grants more than their own scope.
 */

const MANAGE: Record<PrincipalRef['type'], Permission> = {
  USER: 'core_user_manage',
  SERVICE_ACCOUNT: 'core_serviceaccount_edit',
}
const VIEW: Record<PrincipalRef['type'], Permission> = {
  USER: 'core_user_view',
  SERVICE_ACCOUNT: 'core_serviceaccount_view',
}

const LEVEL_WORDS = { account: 'the account', org: 'an organization', project: 'a project' } as const

async function responseOf(
  context: HandlerContext,
  record: StoredRoleAssignment,
  names?: Map<string, string>,
): Promise<RoleAssignmentResponse> {
  const scope = scopeOfKey(record.scopeKey)
  const principalKey = `${record.principal.type}/${record.principal.identifier}`
  const principalName =
    names?.get(principalKey) ??
    (await findPrincipal(context.principals, scope.accountIdentifier, record.principal))?.name
  return {
    roleAssignment: {
      identifier: record.identifier,
      roleIdentifier: record.roleIdentifier,
      resourceGroupIdentifier: record.resourceGroupIdentifier,
      principal: record.principal,
      disabled: false,
      managed: record.managed,
    },
    scope,
    createdAt: record.createdAt,
    lastModifiedAt: record.lastModifiedAt,
    harnessManaged: false,
    ...(principalName ? { principalName } : {}),
    ...(findRole(record.roleIdentifier) ? { roleName: findRole(record.roleIdentifier)?.name } : {}),
    ...(findResourceGroup(record.resourceGroupIdentifier)
      ? { resourceGroupName: findResourceGroup(record.resourceGroupIdentifier)?.name }
      : {}),
  }
}

/** The body's binding, or the words that refuse it, field by field. */
async function readBinding(
  context: HandlerContext,
  body: unknown,
  scope: Scope,
): Promise<{ record: StoredRoleAssignment; error?: undefined } | { error: Response }> {
  const given = isRecord(body) ? body : {}
  const level = scopeLevel(scope)
  const errors: { fieldId: string; error: string }[] = []
  const roleIdentifier = typeof given.roleIdentifier === 'string' ? given.roleIdentifier : ''
  const role = findRole(roleIdentifier)
  if (!role) errors.push({ fieldId: 'roleIdentifier', error: `Did not find role ${roleIdentifier || '(none)'}.` })
  else if (!role.allowedScopeLevels.includes(level)) {
    errors.push({
      fieldId: 'roleIdentifier',
      error: `${role.name} cannot be bound at ${describeScope(scope)}; it is bound at ${role.allowedScopeLevels.map((allowed) => LEVEL_WORDS[allowed]).join(' or ')}.`,
    })
  }
  const groupIdentifier =
    typeof given.resourceGroupIdentifier === 'string' && given.resourceGroupIdentifier
      ? given.resourceGroupIdentifier
      : defaultResourceGroup(level)
  const group = findResourceGroup(groupIdentifier)
  if (!group)
    errors.push({ fieldId: 'resourceGroupIdentifier', error: `Did not find resource group ${groupIdentifier}.` })
  else if (!group.allowedScopeLevels.includes(level)) {
    errors.push({
      fieldId: 'resourceGroupIdentifier',
      error: `${group.name} cannot be used at ${describeScope(scope)}.`,
    })
  }
  const principal = isRecord(given.principal) ? given.principal : {}
  const type = principal.type === 'USER' || principal.type === 'SERVICE_ACCOUNT' ? principal.type : undefined
  const identifier = typeof principal.identifier === 'string' ? principal.identifier : ''
  if (!type) errors.push({ fieldId: 'principal.type', error: 'A principal is a USER or a SERVICE_ACCOUNT.' })
  else {
    const found = await findPrincipal(context.principals, scope.accountIdentifier, { identifier, type })
    if (!found) {
      errors.push({
        fieldId: 'principal.identifier',
        error: `No ${type === 'USER' ? 'user' : 'service account'} ${identifier || '(none)'} exists in account ${scope.accountIdentifier}.`,
      })
    } else if (!principalReaches(found, scope)) {
      errors.push({
        fieldId: 'principal.identifier',
        error: `${found.name} belongs to ${describeScope(scopeOfKey(found.scopeKey ?? ''))}: bind it there or in a scope inside it, not at ${describeScope(scope)}.`,
      })
    }
  }
  if (errors.length || !type) return { error: invalidRequest(errors) }
  const wanted =
    typeof given.identifier === 'string' && given.identifier ? given.identifier : newRoleAssignmentIdentifier()
  const store = await context.store()
  return {
    record: roleAssignmentRecord(
      scope,
      { identifier: wanted, roleIdentifier, resourceGroupIdentifier: groupIdentifier, principal: { identifier, type } },
      store.now(),
    ),
  }
}

/** The account must keep someone who can manage it. */
async function lastAccountAdmin(scoped: ScopedRequest, record: StoredRoleAssignment): Promise<boolean> {
  if (record.roleIdentifier !== '_account_admin' || scoped.scope.orgIdentifier) return false
  const page = await scoped.store.listRoleAssignments(scoped.scope, { pageIndex: 0, pageSize: 200 })
  return page.items.filter((item) => item.roleIdentifier === '_account_admin').length <= 1
}

async function requireToManage(access: AccessControl, scope: Scope, principal: PrincipalRef) {
  return access.require({ permission: MANAGE[principal.type], scope })
}

export function roleAssignmentRoutes(context: HandlerContext): Route[] {
  return [
    scopedRoute(context, 'GET', '/authz/api/roleassignments', async (scoped) => {
      const { scope, store, access, query } = scoped
      const seesUsers = await access.permitted('core_user_view', scope)
      const seesServiceAccounts = await access.permitted('core_serviceaccount_view', scope)
      if (!seesUsers && !seesServiceAccounts) return accessDenied({ permission: VIEW.USER, scope })
      const paging = pagingOf(query, 50)
      const page = await store.listRoleAssignments(scope, paging)
      const visible = page.items.filter((item) => (item.principal.type === 'USER' ? seesUsers : seesServiceAccounts))
      const directory = await context.principals.list(scope.accountIdentifier)
      const names = new Map(directory.map((entry) => [`${entry.type}/${entry.identifier}`, entry.name]))
      const items = await Promise.all(visible.map((item) => responseOf(context, item, names)))
      return ok(
        pageResponse({ items, total: page.total - (page.items.length - visible.length) }, paging, (item) => item),
      )
    }),

    scopedJsonRoute(
      context,
      'POST',
      '/authz/api/roleassignments',
      async ({ body, scope, store, access }) => {
        const read = await readBinding(context, body, scope)
        if (read.error) return read.error
        const refusal = await requireToManage(access, scope, read.record.principal)
        if (refusal) return refusal
        const result = await store.createRoleAssignment(read.record)
        if (!result.ok) {
          return errorResponse(
            409,
            'DUPLICATE_FIELD',
            result.current && result.current.identifier !== read.record.identifier
              ? `${read.record.principal.identifier} already has this role binding at ${describeScope(scope)}.`
              : `A role assignment with identifier ${read.record.identifier} already exists at ${describeScope(scope)}.`,
          )
        }
        return ok(await responseOf(context, result.record))
      },
      {
        shape:
          '{"roleIdentifier": "…", "resourceGroupIdentifier": "…", "principal": {"identifier": "…", "type": "USER"}}',
        scopeIn: () => ({}),
      },
    ),

    scopedRoute(context, 'DELETE', '/authz/api/roleassignments/:identifier', async (scoped) => {
      const { params, scope, store, access } = scoped
      const identifier = params.identifier ?? ''
      const record = await store.getRoleAssignment(scope, identifier)
      // Whether it exists is said only to those who may manage someone here.
      if (!record) {
        const mayManage =
          (await access.permitted(MANAGE.USER, scope)) || (await access.permitted(MANAGE.SERVICE_ACCOUNT, scope))
        return mayManage ? notFound('Invalid Role Assignment') : accessDenied({ permission: MANAGE.USER, scope })
      }
      const refusal = await requireToManage(access, scope, record.principal)
      if (refusal) return refusal
      if (await lastAccountAdmin(scoped, record)) {
        return errorResponse(
          400,
          'INVALID_REQUEST',
          'This is the account’s last Account Admin binding; bind another Account Admin first, so that someone can still manage the account.',
        )
      }
      const answer = await responseOf(context, record)
      const result = await store.deleteRoleAssignment(scope, identifier)
      return result.ok ? ok(answer) : notFound('Invalid Role Assignment')
    }),

    scopedRoute(context, 'GET', '/authz/api/roles', ({ scope }) => {
      const level = scopeLevel(scope)
      const roles: RoleResponse[] = BUILT_IN_ROLES.filter((role) => role.allowedScopeLevels.includes(level)).map(
        (role) => ({
          role: {
            identifier: role.identifier,
            name: role.name,
            description: role.description,
            permissions: [...role.permissions],
            allowedScopeLevels: [...role.allowedScopeLevels],
          },
          harnessManaged: true,
        }),
      )
      return ok({ content: roles, totalItems: roles.length, totalPages: 1, pageIndex: 0, pageSize: roles.length })
    }),
  ]
}
