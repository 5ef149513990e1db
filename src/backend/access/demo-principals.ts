import type { Scope } from '../../lib/scope'
import { errorResponse } from '../api-responses'
import type { Authenticate, Principal } from './principal'
import type { PrincipalDirectory } from './principal-directory'
import { fixedDirectory } from './principal-directory'
import type { StoredRoleAssignment } from './role-assignments'
import { roleAssignmentRecord } from './role-assignments'
import { defaultResourceGroup } from './roles'

/**
 * The demo's people. The demo has no sign-in: you are its Account Admin, and "View as" switches
 * to a Project Viewer or a Connector Admin of the payments project, so that every permission
 * state can be seen (and tested) without a server. Their bindings are ordinary seeded role
 * assignments, checked by the same code as a real server's.
 */

/** The request header through which the demo's page says whom it views as; a real server never reads it. */
export const VIEW_AS_HEADER = 'x-demo-view-as'

export type DemoPrincipal = Principal & { roleName: string }

const demo = (identifier: string, name: string, roleName: string, accountIdentifier: string): DemoPrincipal => ({
  type: 'USER',
  identifier,
  name,
  email: `${identifier.replace(/_/g, '.')}@demo.invalid`,
  accountIdentifier,
  roleName,
})

export function demoPrincipals(accountIdentifier: string): readonly DemoPrincipal[] {
  return [
    demo('demo_admin', 'Demo Admin', 'Account Admin', accountIdentifier),
    demo('demo_project_viewer', 'Demo Project Viewer', 'Project Viewer of payments', accountIdentifier),
    demo('demo_connector_admin', 'Demo Connector Admin', 'Connector Admin of payments', accountIdentifier),
  ]
}

export function demoRoleAssignments(account: Scope, project: Scope, now: number): StoredRoleAssignment[] {
  const bind = (scope: Scope, principal: string, roleIdentifier: string, level: 'account' | 'project') =>
    roleAssignmentRecord(
      scope,
      {
        identifier: `demo_${principal.replace(/^demo_/, '')}_binding`,
        roleIdentifier,
        resourceGroupIdentifier: defaultResourceGroup(level),
        principal: { identifier: principal, type: 'USER' },
        managed: true,
      },
      now,
    )
  return [
    bind(account, 'demo_admin', '_account_admin', 'account'),
    bind(project, 'demo_project_viewer', '_project_viewer', 'project'),
    bind(project, 'demo_connector_admin', 'connector_admin', 'project'),
  ]
}

/** The demo's answer to "who is this?": whom the page views as, else its Account Admin. */
export function demoAuthentication(accountIdentifier: string): Authenticate {
  const principals = demoPrincipals(accountIdentifier)
  return (request) => {
    const wanted = request.headers.get(VIEW_AS_HEADER)
    const [admin] = principals
    if (!wanted && admin) return Promise.resolve(admin)
    const found = principals.find((principal) => principal.identifier === wanted)
    return Promise.resolve(
      found ?? errorResponse(401, 'INVALID_CREDENTIAL', `The demo has no user ${wanted ?? ''} to view as.`),
    )
  }
}

/** The demo's people, for bindings and the Access control page. */
export function demoDirectory(): PrincipalDirectory {
  return fixedDirectory((accountIdentifier) =>
    demoPrincipals(accountIdentifier).map(({ identifier, type, name, email }) => ({ identifier, type, name, email })),
  )
}
