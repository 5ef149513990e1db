import type { SqlQueryable } from '../sql-client'

/** The sign-in tables (migration 6): users, sessions and one-time tokens. Times are epoch ms. */

export type UserRow = {
  identifier: string
  accountIdentifier: string
  email: string
  name: string
  passwordHash: string | null
  createdAt: number
  disabled: boolean
}

export type SessionRow = {
  tokenHash: string
  userIdentifier: string
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  userAgent: string
}

export type TokenKind = 'SETUP' | 'INVITE'

export type OneTimeTokenRow = {
  tokenHash: string
  kind: TokenKind
  accountIdentifier: string
  email: string | null
  expiresAt: number
  usedAt: number | null
}

function toUser(row: Record<string, unknown>): UserRow {
  return {
    identifier: String(row.identifier),
    accountIdentifier: String(row.account_identifier),
    email: String(row.email),
    name: String(row.name),
    passwordHash: typeof row.password_hash === 'string' ? row.password_hash : null,
    createdAt: Number(row.created_at),
    disabled: row.disabled === true,
  }
}

export const emailKey = (email: string) => email.trim().toLowerCase()

export async function countUsers(db: SqlQueryable): Promise<number> {
  const rows = await db.query('SELECT count(*) AS n FROM users')
  return Number(rows[0]?.n ?? 0)
}

/** The account's people, for role bindings and the Access control page, by name. */
export async function listUsers(db: SqlQueryable, accountIdentifier: string): Promise<UserRow[]> {
  const rows = await db.query('SELECT * FROM users WHERE account_identifier = $1 ORDER BY name, identifier', [
    accountIdentifier,
  ])
  return rows.map(toUser)
}

/** An invited user sets their name and password from the link (they had none). */
export async function setInvitedUserPassword(
  db: SqlQueryable,
  identifier: string,
  name: string,
  passwordHash: string,
): Promise<boolean> {
  const rows = await db.query(
    'UPDATE users SET name = $2, password_hash = $3 WHERE identifier = $1 AND password_hash IS NULL RETURNING identifier',
    [identifier, name, passwordHash],
  )
  return rows.length === 1
}

export async function insertUser(db: SqlQueryable, user: UserRow): Promise<void> {
  await db.query(
    `INSERT INTO users (identifier, account_identifier, email, email_key, name, password_hash, created_at, disabled)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      user.identifier,
      user.accountIdentifier,
      user.email.trim(),
      emailKey(user.email),
      user.name,
      user.passwordHash,
      user.createdAt,
      user.disabled,
    ],
  )
}

export async function findUserByEmail(
  db: SqlQueryable,
  accountIdentifier: string,
  email: string,
): Promise<UserRow | undefined> {
  const rows = await db.query('SELECT * FROM users WHERE account_identifier = $1 AND email_key = $2', [
    accountIdentifier,
    emailKey(email),
  ])
  return rows[0] ? toUser(rows[0]) : undefined
}

export async function insertSession(db: SqlQueryable, session: SessionRow): Promise<void> {
  await db.query(
    `INSERT INTO sessions (token_hash, user_identifier, created_at, last_seen_at, expires_at, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      session.tokenHash,
      session.userIdentifier,
      session.createdAt,
      session.lastSeenAt,
      session.expiresAt,
      session.userAgent,
    ],
  )
}

export async function findSession(
  db: SqlQueryable,
  tokenHash: string,
): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const rows = await db.query(
    `SELECT s.token_hash, s.user_identifier, s.created_at AS session_created_at, s.last_seen_at, s.expires_at,
            s.user_agent, u.*
       FROM sessions s JOIN users u ON u.identifier = s.user_identifier
      WHERE s.token_hash = $1`,
    [tokenHash],
  )
  const row = rows[0]
  if (!row) return undefined
  return {
    session: {
      tokenHash: String(row.token_hash),
      userIdentifier: String(row.user_identifier),
      createdAt: Number(row.session_created_at),
      lastSeenAt: Number(row.last_seen_at),
      expiresAt: Number(row.expires_at),
      userAgent: String(row.user_agent),
    },
    user: toUser(row),
  }
}

export async function touchSession(db: SqlQueryable, tokenHash: string, now: number): Promise<void> {
  await db.query('UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2', [tokenHash, now])
}

export async function deleteSession(db: SqlQueryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
}

export async function deleteSessionsOfUser(db: SqlQueryable, userIdentifier: string): Promise<number> {
  const rows = await db.query('DELETE FROM sessions WHERE user_identifier = $1 RETURNING token_hash', [userIdentifier])
  return rows.length
}

export async function insertOneTimeToken(
  db: SqlQueryable,
  token: Omit<OneTimeTokenRow, 'usedAt'> & { createdAt: number },
): Promise<void> {
  await db.query(
    `INSERT INTO sign_in_tokens (token_hash, kind, account_identifier, email, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [token.tokenHash, token.kind, token.accountIdentifier, token.email, token.createdAt, token.expiresAt],
  )
}

/** Marks an unused, unexpired token used, atomically: answers it, or undefined when it was not such a token. */
export async function spendOneTimeToken(
  db: SqlQueryable,
  tokenHash: string,
  kind: TokenKind,
  now: number,
): Promise<OneTimeTokenRow | undefined> {
  const rows = await db.query(
    `UPDATE sign_in_tokens SET used_at = $3
      WHERE token_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3
      RETURNING token_hash, kind, account_identifier, email, expires_at, used_at`,
    [tokenHash, kind, now],
  )
  const row = rows[0]
  if (!row) return undefined
  return {
    tokenHash: String(row.token_hash),
    kind: String(row.kind) as TokenKind,
    accountIdentifier: String(row.account_identifier),
    email: typeof row.email === 'string' ? row.email : null,
    expiresAt: Number(row.expires_at),
    usedAt: Number(row.used_at),
  }
}

/** A restart with still no user makes a new setup link: the old ones stop working. */
export async function retireSetupTokens(db: SqlQueryable, now: number): Promise<void> {
  await db.query(`UPDATE sign_in_tokens SET used_at = $1 WHERE kind = 'SETUP' AND used_at IS NULL`, [now])
}
