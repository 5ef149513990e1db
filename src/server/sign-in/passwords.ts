import { hash, verify } from '@node-rs/argon2'

/**
 * Passwords as argon2id hashes (decision 022). `algorithm` is left out: argon2id is the
 * library's default, and its `Algorithm` is a const enum this project's compiler settings cannot
 * read (access-control.md §4). `verify` reads the parameters back from the hash, so raising them
 * later needs no migration.
 */
export const ARGON2_PARAMETERS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 256

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMETERS)
}

/** A hash of no one's password, made once: an unknown email is checked against it, so it takes as long as a wrong password. */
let dummyHash: Promise<string> | undefined

export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('no one has this password, it only spends the time a real check takes')
    await verify(await dummyHash, password).catch(() => false)
    return false
  }
  return verify(storedHash, password).catch(() => false)
}

/** Words for a password that cannot be used, or undefined when it can. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`
  if (password.length > MAX_PASSWORD_LENGTH)
    return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`
  return undefined
}
