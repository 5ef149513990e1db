import { createHash, randomBytes } from 'node:crypto'

/**
 * Random secrets (session tokens, setup and invite links) and what the database keeps of them.
 * 32 random bytes need no slow hash: SHA-256 cannot be reversed and there is nothing to guess
 * (access-control.md §6), so a stolen copy of the tables signs no one in.
 */

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** `u_` and 20 letters and digits, like Harness's generated identifiers. */
export function newUserIdentifier(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = randomBytes(40)
  let out = ''
  // 62 does not divide 256: bytes of 248 and above are skipped, so every letter is as likely.
  for (const byte of bytes) {
    if (byte < 248 && out.length < 20) out += alphabet[byte % 62]
  }
  return `u_${out}`
}
