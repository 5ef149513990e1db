import type { DataStore } from '../store'
import type { Principal } from './principal'
import type { PrincipalDirectory } from './principal-directory'
import { fixedDirectory } from './principal-directory'
import { roleAssignmentRecord } from './role-assignments'

/**
 * The service account that `--api-key` stands for: automation that sets a server up holds
 * Account Admin through it, by an ordinary binding that an admin can see and remove.
 */
export const BOOTSTRAP_SERVICE_ACCOUNT = 'bootstrap'

export function bootstrapPrincipal(accountIdentifier: string): Principal {
  return {
    type: 'SERVICE_ACCOUNT',
    identifier: BOOTSTRAP_SERVICE_ACCOUNT,
    name: 'bootstrap',
    email: 'bootstrap@service.invalid',
    accountIdentifier,
  }
}

/** Binds the bootstrap service account to Account Admin, once: a binding that exists is left as it is. */
export async function grantBootstrapAdmin(store: DataStore, accountIdentifier: string): Promise<void> {
  const result = await store.createRoleAssignment(
    roleAssignmentRecord(
      { accountIdentifier },
      {
        identifier: 'bootstrap_account_admin',
        roleIdentifier: '_account_admin',
        resourceGroupIdentifier: '_all_resources_including_child_scopes',
        principal: { identifier: BOOTSTRAP_SERVICE_ACCOUNT, type: 'SERVICE_ACCOUNT' },
        managed: true,
      },
      store.now(),
    ),
  )
  if (!result.ok && result.refusal !== 'exists')
    throw new Error(`The bootstrap binding could not be made (${result.refusal})`)
}

/** Until the server has users: the bootstrap service account alone. */
export function bootstrapDirectory(): PrincipalDirectory {
  return fixedDirectory((accountIdentifier) => {
    const { identifier, type, name, email } = bootstrapPrincipal(accountIdentifier)
    return [{ identifier, type, name, email }]
  })
}
