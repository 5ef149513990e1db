import type { PrincipalRef } from './principal'
import { samePrincipal } from './principal'

/** A user or service account as lists show it. */
export type DirectoryEntry = PrincipalRef & { name: string; email: string }

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
