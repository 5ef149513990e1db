import { bootstrapPrincipal } from '../backend/access/bootstrap'
import type { Invitations } from '../backend/access/invitation-handlers'
import type { Authenticate, Principal } from '../backend/access/principal'
import type { PrincipalDirectory } from '../backend/access/principal-directory'
import { newRoleAssignmentIdentifier, roleAssignmentRecord } from '../backend/access/role-assignments'
import { BUILT_IN_ROLES, defaultResourceGroup, findRole } from '../backend/access/roles'
import { errorResponse } from '../backend/api-responses'
import { scopeOfKey } from '../backend/records'
import type { DataStore } from '../backend/store'
import type { Scope } from '../lib/scope'
import { scopeLevel } from '../lib/scope'
import { constantTimeEqual } from './security'
import type { RoleGrant } from './sign-in/oidc-role-map'
import type { SignIn } from './sign-in/sign-in'
import { SignInRefusal } from './sign-in/sign-in-refusal'
import type { SignedInUser } from './sign-in/sign-in-service'
import { listUsers } from './sign-in/sql-sign-in'
import type { SqlQueryable } from './sql-client'
import { principalForToken, sqlServiceAccounts } from './sql-service-accounts'

/**
 * Who a request of the real server is, for the core: the signed-in user of its session, or the
 * bootstrap service account when the request carries the configured `--api-key` (the sign-in
 * gate has refused a wrong key already). And the people a role binding may name.
 */

function userPrincipal(user: SignedInUser): Principal {
  return {
    type: 'USER',
    identifier: user.identifier,
    name: user.name,
    email: user.email,
    accountIdentifier: user.accountIdentifier,
  }
}

export function serverAuthentication(options: {
  signIn: SignIn
  apiKey: string | undefined
  accountIdentifier: string
  db: SqlQueryable
}): Authenticate {
  return async (request) => {
    const key = request.headers.get('x-api-key')
    if (key !== null) {
      if (options.apiKey !== undefined && constantTimeEqual(key, options.apiKey))
        return bootstrapPrincipal(options.accountIdentifier)
      // A service account's token: it acts as that account, with its bindings and nothing more.
      const found = await principalForToken(options.db, key, Date.now())
      if (found === 'expired')
        return errorResponse(401, 'INVALID_CREDENTIAL', 'The API key token has expired: make a new token.')
      if (found === 'unknown') return errorResponse(401, 'INVALID_CREDENTIAL', 'The API key is not valid.')
      return found
    }
    const who = await options.signIn.authenticateRequest(request)
    if (who && 'user' in who) return userPrincipal(who.user)
    if (who) return who.refusal
    return errorResponse(401, 'UNAUTHORIZED', 'Sign in to use this server.')
  }
}

export function serverDirectory(db: SqlQueryable, options: { withBootstrap: boolean }): PrincipalDirectory {
  const serviceAccounts = sqlServiceAccounts(db)
  return {
    async list(accountIdentifier) {
      const users = (await listUsers(db, accountIdentifier))
        .filter((user) => !user.disabled)
        .map((user) => ({ type: 'USER' as const, identifier: user.identifier, name: user.name, email: user.email }))
      const automation = (await serviceAccounts.all(accountIdentifier)).map((account) => ({
        type: 'SERVICE_ACCOUNT' as const,
        identifier: account.identifier,
        name: account.name,
        email: account.email,
        scopeKey: account.scopeKey,
      }))
      if (!options.withBootstrap) return [...users, ...automation]
      const { identifier, type, name, email } = bootstrapPrincipal(accountIdentifier)
      return [...users, ...automation, { identifier, type, name, email }]
    },
  }
}

/**
 * The first person to set the server up manages it: Account Admin over everything. The name they
 * gave the account on the setup page becomes its name.
 */
export async function grantFirstAdmin(store: DataStore, user: SignedInUser, accountName?: string): Promise<void> {
  const account = await store.getScope({ accountIdentifier: user.accountIdentifier })
  if (account && accountName?.trim() && accountName.trim() !== account.name) {
    await store.updateScope({ ...account, name: accountName.trim(), lastModifiedAt: store.now() }, account.version)
  }
  await store.createRoleAssignment(
    roleAssignmentRecord(
      { accountIdentifier: user.accountIdentifier },
      {
        identifier: newRoleAssignmentIdentifier(),
        roleIdentifier: '_account_admin',
        resourceGroupIdentifier: '_all_resources_including_child_scopes',
        principal: { identifier: user.identifier, type: 'USER' },
        managed: true,
      },
      store.now(),
    ),
  )
}

/** The role names a role map may use. */
export const ROLE_NAMES = BUILT_IN_ROLES.map((role) => role.name)

const OIDC_PREFIX = 'oidc_'

function scopeOfGrant(accountIdentifier: string, grant: RoleGrant): Scope {
  if ('accountLevel' in grant.scope) return { accountIdentifier }
  return {
    accountIdentifier,
    orgIdentifier: grant.scope.orgIdentifier,
    ...(grant.scope.projectIdentifier ? { projectIdentifier: grant.scope.projectIdentifier } : {}),
  }
}

/**
 * A single sign-on user's bindings follow their groups at every sign-in: the bindings the role
 * map made last time go, this sign-in's grants come. Bindings an admin made by hand stay.
 * Answers the grants that could not be bound (a role at a level it cannot be bound at).
 */
export async function syncOidcGrants(
  store: DataStore,
  user: SignedInUser,
  grants: readonly RoleGrant[],
): Promise<string[]> {
  const principal = { identifier: user.identifier, type: 'USER' as const }
  for (const binding of await store.roleAssignmentsOf(user.accountIdentifier, principal)) {
    if (binding.identifier.startsWith(OIDC_PREFIX)) {
      await store.deleteRoleAssignment(scopeOfKey(binding.scopeKey), binding.identifier)
    }
  }
  const skipped: string[] = []
  for (const grant of grants) {
    const role = BUILT_IN_ROLES.find((candidate) => candidate.name === grant.role)
    const scope = scopeOfGrant(user.accountIdentifier, grant)
    if (!role || !findRole(role.identifier)?.allowedScopeLevels.includes(scopeLevel(scope))) {
      skipped.push(`line ${grant.line}: ${grant.role} cannot be bound there`)
      continue
    }
    await store.createRoleAssignment(
      roleAssignmentRecord(
        scope,
        {
          identifier: `${OIDC_PREFIX}${newRoleAssignmentIdentifier().slice('role_assignment_'.length)}`,
          roleIdentifier: role.identifier,
          resourceGroupIdentifier: defaultResourceGroup(scopeLevel(scope)),
          principal,
          managed: true,
        },
        store.now(),
      ),
    )
  }
  return skipped
}

/**
 * The account this server serves: the one its database holds (an upgraded database keeps its
 * `acme`), else the one `--account` names (a first start has just created it).
 */
export async function servedAccount(db: SqlQueryable, fallback: string): Promise<string> {
  const rows = await db.query(
    "SELECT account_identifier FROM scopes WHERE kind = 'account' ORDER BY created_at LIMIT 1",
  )
  const found = rows[0]?.account_identifier
  return typeof found === 'string' && found ? found : fallback
}

/** Invitations for the core: the user and a one-time link to the invite page, at the public address. */
export function serverInvitations(signIn: SignIn, publicBase: () => string): Invitations {
  return {
    async invite(accountIdentifier, email, audit) {
      try {
        const event = audit
          ? (user: { identifier: string; name: string; email: string }) =>
              audit({ resource: 'user', scopeKey: `${accountIdentifier}//`, identifier: user.identifier, after: user })
          : undefined
        const { token, userIdentifier } = await signIn.service.createInvite(email, event)
        return { userIdentifier, link: `${publicBase().replace(/\/$/, '')}/invite?token=${token}` }
      } catch (error) {
        if (error instanceof SignInRefusal) return { refused: error.message, code: error.code }
        throw error
      }
    },
  }
}
