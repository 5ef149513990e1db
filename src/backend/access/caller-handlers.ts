import type { AccessControlListDTO, CurrentUserDTO, PrincipalEntryDTO } from '../../lib/access-control-types'
import { isPermission, RESOURCE_TYPES } from '../../lib/permissions'
import type { Scope } from '../../lib/scope'
import { invalidRequest, isRecord, ok, readJson } from '../api-responses'
import type { HandlerContext } from '../handler-context'
import type { Route } from '../router'
import { openRoute, scopedRoute } from '../scoped-route'
import { principalInside, principalReaches } from './principal-directory'

/**
 * What the caller may know of itself: who it is (Harness's `currentUser`), what it may do (the
 * ACL check the UI asks before it enables a control), and whom a binding may name.
 */

/** Harness takes up to 10,000 checks; a page of this app asks for a few dozen. */
const MAX_CHECKS = 1_000

function scopeOf(value: unknown): Scope | undefined {
  if (!isRecord(value) || typeof value.accountIdentifier !== 'string') return undefined
  const scope: Scope = { accountIdentifier: value.accountIdentifier }
  if (typeof value.orgIdentifier === 'string' && value.orgIdentifier) scope.orgIdentifier = value.orgIdentifier
  if (typeof value.projectIdentifier === 'string' && value.projectIdentifier) {
    if (!scope.orgIdentifier) return undefined
    scope.projectIdentifier = value.projectIdentifier
  }
  return scope
}

export function callerRoutes(context: HandlerContext): Route[] {
  return [
    openRoute(context, 'GET', '/ng/api/user/currentUser', (_request, _params, access) => {
      const principal = access?.principal
      if (!principal) return invalidRequest([{ fieldId: 'principal', error: 'Nobody is signed in.' }])
      const user: CurrentUserDTO = {
        uuid: principal.identifier,
        name: principal.name,
        email: principal.email,
        defaultAccountId: principal.accountIdentifier,
        principalType: principal.type,
      }
      return ok(user)
    }),

    openRoute(context, 'POST', '/authz/api/acl', async (request, _params, access) => {
      if (!access) return invalidRequest([{ fieldId: 'principal', error: 'Nobody is signed in.' }])
      const body = await readJson(request)
      const checks = isRecord(body) && Array.isArray(body.permissions) ? (body.permissions as unknown[]) : undefined
      if (!checks) {
        return invalidRequest([
          {
            fieldId: 'permissions',
            error: 'The body must be {"permissions": [{resourceScope, resourceType, permission}]}.',
          },
        ])
      }
      if (checks.length > MAX_CHECKS) {
        return invalidRequest([{ fieldId: 'permissions', error: `At most ${MAX_CHECKS} checks in one request.` }])
      }
      const answers: AccessControlListDTO['accessControlList'] = []
      for (const [index, check] of checks.entries()) {
        const item = isRecord(check) ? check : {}
        const scope = scopeOf(item.resourceScope)
        const { permission, resourceType } = item
        if (!scope || !isPermission(permission) || !(RESOURCE_TYPES as readonly unknown[]).includes(resourceType)) {
          return invalidRequest([
            {
              fieldId: `permissions[${index}]`,
              error: 'Each check names a resourceScope, a known resourceType and a known permission.',
            },
          ])
        }
        const resourceIdentifier = typeof item.resourceIdentifier === 'string' ? item.resourceIdentifier : undefined
        answers.push({
          resourceScope: scope,
          resourceType: String(resourceType),
          ...(resourceIdentifier ? { resourceIdentifier } : {}),
          permission,
          permitted: await access.permitted(permission, scope),
        })
      }
      const list: AccessControlListDTO = {
        principal: { principalIdentifier: access.principal.identifier, principalType: access.principal.type },
        accessControlList: answers,
      }
      return ok(list)
    }),

    // The people and service accounts that may be bound at the scope (`purpose=bind`), or that
    // may have acted there, from above it or inside it (the audit trail's filter).
    scopedRoute(context, 'GET', '/ng/api/access-control/principals', async ({ scope, query }) => {
      const toBind = query.get('purpose') === 'bind'
      const entries: PrincipalEntryDTO[] = (await context.principals.list(scope.accountIdentifier))
        .filter((entry) => principalReaches(entry, scope) || (!toBind && principalInside(entry, scope)))
        .map(({ identifier, type, name, email }) => ({ identifier, type, name, email }))
      return ok(entries)
    }),
  ]
}
