import { scopeLevel } from '../../lib/scope'
import { errorResponse, invalidRequest, isRecord, ok } from '../api-responses'
import type { AuditDescriber } from '../audit/store-change'
import type { HandlerContext } from '../handler-context'
import { describeScope } from '../request-scope'
import type { Route } from '../router'
import { scopedJsonRoute } from '../scoped-route'
import { newRoleAssignmentIdentifier, roleAssignmentRecord } from './role-assignments'
import { defaultResourceGroup, findResourceGroup, findRole } from './roles'

/**
 * The host's invitations: the server makes the user (without a password) and a one-time link
 * (7 days) the admin hands over; no mail is sent. The demo has none: its people are fixed.
 */
export type Invitations = {
  /** With `audit`, the user's creation is on the audit trail, in the same transaction. */
  invite(
    accountIdentifier: string,
    email: string,
    audit?: AuditDescriber,
  ): Promise<{ userIdentifier: string; link: string } | { refused: string; code: string }>
}

const MAX_EMAILS = 20

/**
 * Harness's `POST /ng/api/user/users`: invite people with their role bindings at this scope.
 * The answer has Harness's `addUserResponseMap` and, this project's own, each invitee's link,
 * shown once to the admin who hands it over.
 */
export function invitationRoutes(context: HandlerContext): Route[] {
  return [
    scopedJsonRoute(
      context,
      'POST',
      '/ng/api/user/users',
      async ({ body, scope, store, audit }) => {
        const { invitations } = context
        if (!invitations) {
          return errorResponse(
            404,
            'RESOURCE_NOT_FOUND_EXCEPTION',
            'This host has no invitations: the demo’s people are fixed.',
          )
        }
        const given = isRecord(body) ? body : {}
        const emails = Array.isArray(given.emails) ? given.emails.filter((email) => typeof email === 'string') : []
        const bindings = Array.isArray(given.roleBindings) ? given.roleBindings.filter(isRecord) : []
        if (emails.length === 0 || emails.length > MAX_EMAILS) {
          return invalidRequest([{ fieldId: 'emails', error: `Invite between 1 and ${MAX_EMAILS} email addresses.` }])
        }
        if (bindings.length === 0) {
          return invalidRequest([
            { fieldId: 'roleBindings', error: 'You are trying to invite a user without any roles: choose a role.' },
          ])
        }
        const level = scopeLevel(scope)
        const roles: { roleIdentifier: string; resourceGroupIdentifier: string }[] = []
        for (const binding of bindings) {
          const role = findRole(typeof binding.roleIdentifier === 'string' ? binding.roleIdentifier : '')
          const groupIdentifier =
            typeof binding.resourceGroupIdentifier === 'string' && binding.resourceGroupIdentifier
              ? binding.resourceGroupIdentifier
              : defaultResourceGroup(level)
          const group = findResourceGroup(groupIdentifier)
          if (!role || !role.allowedScopeLevels.includes(level) || !group?.allowedScopeLevels.includes(level)) {
            return invalidRequest([
              {
                fieldId: 'roleBindings',
                error: `${role?.name ?? String(binding.roleIdentifier)} cannot be bound at ${describeScope(scope)}.`,
              },
            ])
          }
          roles.push({ roleIdentifier: role.identifier, resourceGroupIdentifier: groupIdentifier })
        }
        const addUserResponseMap: Record<string, string> = {}
        const inviteLinks: Record<string, string> = {}
        const messages: Record<string, string> = {}
        for (const email of emails) {
          const invited = await invitations.invite(scope.accountIdentifier, email, audit)
          if ('refused' in invited) {
            addUserResponseMap[email] = invited.code === 'USER_ALREADY_ADDED' ? 'USER_ALREADY_ADDED' : 'FAIL'
            messages[email] = invited.refused
            continue
          }
          for (const role of roles) {
            await store.createRoleAssignment(
              roleAssignmentRecord(
                scope,
                {
                  identifier: newRoleAssignmentIdentifier(),
                  ...role,
                  principal: { identifier: invited.userIdentifier, type: 'USER' },
                },
                store.now(),
              ),
            )
          }
          addUserResponseMap[email] = 'USER_INVITED_SUCCESSFULLY'
          inviteLinks[email] = invited.link
        }
        return ok({ addUserResponseMap, inviteLinks, messages })
      },
      { shape: '{"emails": ["…"], "roleBindings": [{"roleIdentifier": "…"}]}', scopeIn: () => ({}) },
    ),
  ]
}
