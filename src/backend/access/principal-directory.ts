import type { Scope } from '../../lib/scope'
import { scopeOfKey } from '../records'
import type { PrincipalRef } from './principal'
import { samePrincipal } from './principal'

/**
 * A user or service account as lists show it. A service account has the scope it was made at
 * (`scopeKey`); a user belongs to the whole account.
 */
export type DirectoryEntry = PrincipalRef & { name: string; email: string; scopeKey?: string }

/**
 * The people and service accounts of an account, as the host knows them: the demo's "View as"
 * users, the server's signed-up users and service accounts. The core reads it to name a
 * binding's principal and to refuse a binding for someone who does not exist.
 */
export type PrincipalDirectory = {
  list(accountIdentifier: string): Promise<DirectoryEntry[]>
}

export function fixedDirectory(entries: (accountIdentifier: string) => readonly DirectoryEntry[]): PrincipalDirectory {
  return { list: (accountIdentifier) => Promise.resolve([...entries(accountIdentifier)]) }
}

export async function findPrincipal(
  directory: PrincipalDirectory,
  accountIdentifier: string,
  ref: PrincipalRef,
): Promise<DirectoryEntry | undefined> {
  return (await directory.list(accountIdentifier)).find((entry) => samePrincipal(entry, ref))
}

/**
 * Whether `entry` may be bound at `scope`: a user anywhere in its account, a service account at
 * the scope it was made at and the scopes inside it, never above or beside it (its keys are in
 * the hands of that scope's admins, as in Harness, where a principal's scope level bounds where
 * it is bound).
 */
export function principalReaches(entry: Pick<DirectoryEntry, 'scopeKey'>, scope: Scope): boolean {
  if (entry.scopeKey === undefined) return true
  const home = scopeOfKey(entry.scopeKey)
  if (home.accountIdentifier !== scope.accountIdentifier) return false
  if (home.orgIdentifier && home.orgIdentifier !== scope.orgIdentifier) return false
  return !home.projectIdentifier || home.projectIdentifier === scope.projectIdentifier
}

/** Whether a service account was made at `scope` or a scope inside it. */
export function principalInside(entry: Pick<DirectoryEntry, 'scopeKey'>, scope: Scope): boolean {
  if (entry.scopeKey === undefined) return false
  const home = scopeOfKey(entry.scopeKey)
  if (home.accountIdentifier !== scope.accountIdentifier) return false
  if (scope.orgIdentifier && home.orgIdentifier !== scope.orgIdentifier) return false
  return !scope.projectIdentifier || home.projectIdentifier === scope.projectIdentifier
}
