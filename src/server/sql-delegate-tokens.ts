import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { DelegateToken } from '../lib/api-types'
import type { SqlQueryable } from './sql-client'
import { num, text } from './sql-rows'

/**
 * The delegate_tokens table (migration 3): tokens a delegate started elsewhere presents, made on
 * the Delegates page and shown once; only their SHA-256 is kept. Revoking one disconnects the
 * delegates that registered with it. A token belongs to a scope (migration 9, `scope_key` as
 * records.ts writes it): it is listed and revoked there only, and its delegates take the tests
 * of that scope and the scopes below it (`tokenCovers`).
 */

/**
 * SQL that is true when a token at scope key `token` may take a test of a connector at scope key
 * `task`. Keys are `account/org/project` with empty parts above a project (`acme//`,
 * `acme/default/`), and identifiers hold no `/`: the task is the token's own scope, or lies under
 * its prefix without the trailing slashes (`acme/` for the account, `acme/default/` for an
 * organization). A project's key plus `/` is the prefix of nothing. `starts_with`, not LIKE: an
 * identifier's `_` would be a wildcard there.
 */
export function tokenCovers(token: string, task: string): string {
  return `(${task} = ${token} OR starts_with(${task}, rtrim(${token}, '/') || '/'))`
}

export function hashToken(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

export function newTokenValue(): string {
  return `dlg_${randomBytes(32).toString('base64url')}`
}

/**
 * Names are unique on the server, whatever the scope: a delegate's name belongs to its token's
 * name (delegate_names), and a name must not mean two tokens there. So a name taken in a scope
 * the caller cannot see is refused too; the refusal says only that the name is taken, nothing of
 * where or of the token, which is all a name can tell.
 */
export async function createToken(
  db: SqlQueryable,
  scopeKey: string,
  name: string,
  now: number,
  expiresAt?: number,
): Promise<{ token: DelegateToken; value: string } | undefined> {
  const value = newTokenValue()
  const rows = await db.query(
    `INSERT INTO delegate_tokens (name, token_hash, created_at, scope_key, expires_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (name) DO NOTHING RETURNING name`,
    [name, hashToken(value), now, scopeKey, expiresAt ?? null],
  )
  if (!rows.length) return undefined
  const token: DelegateToken = {
    name,
    createdAt: now,
    ...(expiresAt === undefined ? {} : { expiresAt, expired: now >= expiresAt }),
  }
  return { token, value }
}

/** The tokens of exactly this scope (as Harness lists them, per scope), newest first; expired as of `now`. */
export async function listTokens(db: SqlQueryable, scopeKey: string, now: number): Promise<DelegateToken[]> {
  const rows = await db.query(
    `SELECT name, created_at, revoked_at, expires_at, last_used_at FROM delegate_tokens WHERE scope_key = $1
      ORDER BY created_at DESC, name`,
    [scopeKey],
  )
  return rows.map((row) => ({
    name: text(row.name),
    createdAt: num(row.created_at),
    ...(row.revoked_at == null ? {} : { revokedAt: num(row.revoked_at) }),
    ...(row.last_used_at == null ? {} : { lastUsedAt: num(row.last_used_at) }),
    ...(row.expires_at == null ? {} : { expiresAt: num(row.expires_at), expired: now >= num(row.expires_at) }),
  }))
}

/**
 * Revoking also disconnects the delegates that use the token, in one statement: their next call
 * gets 401, and a claim (which checks both) hands them nothing from the moment it commits. Only
 * a token of this scope: another scope's is unknown here.
 */
export async function revokeToken(db: SqlQueryable, scopeKey: string, name: string, now: number): Promise<boolean> {
  const rows = await db.query(
    `WITH revoked AS (
       UPDATE delegate_tokens SET revoked_at = $2 WHERE name = $1 AND scope_key = $3 AND revoked_at IS NULL
       RETURNING name
     ), disconnected AS (
       UPDATE delegates SET disconnected_at = $2
        WHERE token_name = $1 AND disconnected_at IS NULL AND EXISTS (SELECT 1 FROM revoked)
     )
     SELECT name FROM revoked`,
    [name, now, scopeKey],
  )
  return rows.length > 0
}

/**
 * SQL that is true when token row `k` is accepted at time `now` (SQL): not revoked, and not
 * past its expiry. An expired token is refused exactly where a revoked one is.
 */
export function tokenAccepted(k: string, now: string): string {
  return `(${k}.revoked_at IS NULL AND (${k}.expires_at IS NULL OR ${k}.expires_at > ${now}::bigint))`
}

/** A token that is not revoked, as a delegate presenting it is judged: its expiry is the caller's to check. */
export type PresentedToken = { name: string; expiresAt?: number; lastUsedAt?: number }

/** The token with this value unless revoked (expired or not), or undefined. */
export async function unrevokedToken(db: SqlQueryable, value: string): Promise<PresentedToken | undefined> {
  const hash = hashToken(value)
  const rows = await db.query(
    'SELECT name, token_hash, expires_at, last_used_at FROM delegate_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
    [hash],
  )
  const row = rows[0]
  if (!row) return undefined
  // The lookup is by hash already; compare again in constant time for good measure.
  const stored = Buffer.from(text(row.token_hash), 'hex')
  if (!timingSafeEqual(stored, Buffer.from(hash, 'hex'))) return undefined
  return {
    name: text(row.name),
    ...(row.expires_at == null ? {} : { expiresAt: num(row.expires_at) }),
    ...(row.last_used_at == null ? {} : { lastUsedAt: num(row.last_used_at) }),
  }
}

/** How often a token's last use is written: a delegate's heartbeats and polls would write it every few seconds. */
export const LAST_USED_PRECISION_MS = 60_000

/**
 * Records that a delegate presented the token at `now`, unless a write within the last minute
 * (by any server sharing the database) already did.
 */
export async function touchToken(db: SqlQueryable, name: string, now: number): Promise<void> {
  await db.query(
    `UPDATE delegate_tokens SET last_used_at = $2::bigint
      WHERE name = $1 AND (last_used_at IS NULL OR last_used_at <= $2::bigint - ${LAST_USED_PRECISION_MS})`,
    [name, now],
  )
}

/** Whether the token with this hash is accepted now, else why not (revoked, or expired and when). */
export async function tokenStanding(
  db: SqlQueryable,
  tokenHash: string,
  now: number,
): Promise<{ live: true } | { live: false; name?: string; expiredAt?: number }> {
  const rows = await db.query('SELECT name, revoked_at, expires_at FROM delegate_tokens WHERE token_hash = $1', [
    tokenHash,
  ])
  const row = rows[0]
  if (!row) return { live: false }
  if (row.revoked_at != null) return { live: false, name: text(row.name) }
  if (row.expires_at != null && num(row.expires_at) <= now) {
    return { live: false, name: text(row.name), expiredAt: num(row.expires_at) }
  }
  return { live: true }
}
