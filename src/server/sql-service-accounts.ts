import { createHash, randomBytes } from 'node:crypto'
import type { Principal } from '../backend/access/principal'
import type {
  ServiceAccounts,
  StoredApiKey,
  StoredApiToken,
  StoredServiceAccount,
} from '../backend/access/service-accounts'
import type { AuditDraft } from '../backend/audit/audit-event'
import { type AuditSink, writeWithEvent } from './audit/sql-audit-trail'
import type { SqlClient, SqlQueryable, SqlRow } from './sql-client'
import { json, num, text } from './sql-rows'

/**
 * Service accounts, API keys and tokens (migration 10). A token is Harness's
 * `sat.<account>.<token id>.<secret>`; only its SHA-256 is stored, looked up by that hash.
 */

export const TOKEN_PREFIX = 'sat.'

function hashTokenValue(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

function accountOf(row: SqlRow): StoredServiceAccount {
  return {
    accountIdentifier: text(row.account_identifier),
    identifier: text(row.identifier),
    scopeKey: text(row.scope_key),
    name: text(row.name),
    email: text(row.email),
    description: text(row.description),
    tags: json<Record<string, string>>(row.tags),
    createdAt: num(row.created_at),
  }
}

function keyOf(row: SqlRow): StoredApiKey {
  return {
    accountIdentifier: text(row.account_identifier),
    serviceAccount: text(row.service_account),
    identifier: text(row.identifier),
    name: text(row.name),
    description: text(row.description),
    defaultTimeToExpireToken: num(row.default_ttl_ms),
    createdAt: num(row.created_at),
  }
}

function tokenOf(row: SqlRow): StoredApiToken {
  return {
    accountIdentifier: text(row.account_identifier),
    serviceAccount: text(row.service_account),
    apiKey: text(row.api_key),
    identifier: text(row.identifier),
    name: text(row.name),
    createdAt: num(row.created_at),
    validFrom: num(row.valid_from),
    validTo: num(row.valid_to),
  }
}

const ACCOUNT_COLUMNS = 'account_identifier, identifier, scope_key, name, email, description, tags, created_at'

export function sqlServiceAccounts(db: SqlQueryable, trail?: AuditSink & { client: SqlClient }): ServiceAccounts {
  const write = <T>(
    event: AuditDraft | readonly AuditDraft[] | undefined,
    run: (q: SqlQueryable) => Promise<T>,
    changed: (result: T) => boolean,
  ) => (trail ? writeWithEvent(trail.client, trail, event, run, changed) : run(db))
  const yes = (done: boolean) => done

  return {
    async list(scopeKey) {
      const rows = await db.query(
        `SELECT ${ACCOUNT_COLUMNS} FROM service_accounts WHERE scope_key = $1 ORDER BY name, identifier`,
        [scopeKey],
      )
      return rows.map(accountOf)
    },
    async all(accountIdentifier) {
      const rows = await db.query(
        `SELECT ${ACCOUNT_COLUMNS} FROM service_accounts WHERE account_identifier = $1 ORDER BY name, identifier`,
        [accountIdentifier],
      )
      return rows.map(accountOf)
    },
    async get(accountIdentifier, identifier) {
      const rows = await db.query(
        `SELECT ${ACCOUNT_COLUMNS} FROM service_accounts WHERE account_identifier = $1 AND identifier = $2`,
        [accountIdentifier, identifier],
      )
      return rows[0] ? accountOf(rows[0]) : undefined
    },
    create: (account, event) =>
      write(
        event,
        async (q) => {
          const rows = await q.query(
            `INSERT INTO service_accounts (${ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8)
         ON CONFLICT DO NOTHING RETURNING identifier`,
            [
              account.accountIdentifier,
              account.identifier,
              account.scopeKey,
              account.name,
              account.email,
              account.description,
              JSON.stringify(account.tags),
              account.createdAt,
            ],
          )
          return rows.length > 0
        },
        yes,
      ),
    remove: (accountIdentifier, identifier, event) =>
      write(
        event,
        async (q) => {
          // Keys and tokens go by ON DELETE CASCADE, and its role bindings with them, in the same
          // statement: a later account of the same identifier starts with no roles.
          const rows = await q.query(
            `WITH removed AS (
               DELETE FROM service_accounts WHERE account_identifier = $1 AND identifier = $2 RETURNING identifier
             ), unbound AS (
               DELETE FROM role_assignments
                WHERE account_identifier = $1 AND principal_type = 'SERVICE_ACCOUNT' AND principal_identifier = $2
                  AND EXISTS (SELECT 1 FROM removed)
             )
             SELECT identifier FROM removed`,
            [accountIdentifier, identifier],
          )
          return rows.length > 0
        },
        yes,
      ),
    async keys(accountIdentifier, serviceAccount) {
      const rows = await db.query(
        `SELECT * FROM api_keys WHERE account_identifier = $1 AND service_account = $2 ORDER BY created_at, identifier`,
        [accountIdentifier, serviceAccount],
      )
      return rows.map(keyOf)
    },
    createKey: (key, event) =>
      write(
        event,
        async (q) => {
          const rows = await q.query(
            `INSERT INTO api_keys (account_identifier, service_account, identifier, name, description, default_ttl_ms, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING identifier`,
            [
              key.accountIdentifier,
              key.serviceAccount,
              key.identifier,
              key.name,
              key.description,
              key.defaultTimeToExpireToken,
              key.createdAt,
            ],
          )
          return rows.length > 0
        },
        yes,
      ),
    removeKey: (accountIdentifier, serviceAccount, identifier, event) =>
      write(
        event,
        async (q) => {
          const rows = await q.query(
            `DELETE FROM api_keys WHERE account_identifier = $1 AND service_account = $2 AND identifier = $3
         RETURNING identifier`,
            [accountIdentifier, serviceAccount, identifier],
          )
          return rows.length > 0
        },
        yes,
      ),
    async tokens(accountIdentifier, serviceAccount, apiKey) {
      const rows = await db.query(
        `SELECT account_identifier, service_account, api_key, identifier, name, created_at, valid_from, valid_to
           FROM api_tokens WHERE account_identifier = $1 AND service_account = $2 AND ($3::text IS NULL OR api_key = $3)
          ORDER BY created_at DESC, identifier`,
        [accountIdentifier, serviceAccount, apiKey ?? null],
      )
      return rows.map(tokenOf)
    },
    createToken: (token, event) =>
      write(
        event,
        async (q) => {
          const value = `${TOKEN_PREFIX}${token.accountIdentifier}.${token.identifier}.${randomBytes(24).toString('base64url')}`
          const rows = await q.query(
            `INSERT INTO api_tokens (token_hash, account_identifier, service_account, api_key, identifier, name, created_at,
                                 valid_from, valid_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING identifier`,
            [
              hashTokenValue(value),
              token.accountIdentifier,
              token.serviceAccount,
              token.apiKey,
              token.identifier,
              token.name,
              token.createdAt,
              token.validFrom,
              token.validTo,
            ],
          )
          return rows.length > 0 ? value : undefined
        },
        (value) => value !== undefined,
      ),
    removeToken: (accountIdentifier, serviceAccount, apiKey, identifier, event) =>
      write(
        event,
        async (q) => {
          const rows = await q.query(
            `DELETE FROM api_tokens
          WHERE account_identifier = $1 AND service_account = $2 AND api_key = $3 AND identifier = $4
          RETURNING identifier`,
            [accountIdentifier, serviceAccount, apiKey, identifier],
          )
          return rows.length > 0
        },
        yes,
      ),
  }
}

/**
 * The service account a token acts as, or why it does not: unknown (never made, revoked, its
 * key or account deleted) or outside its validity. The lookup is by the hash alone, which an
 * attacker cannot steer toward a row.
 */
export async function principalForToken(
  db: SqlQueryable,
  value: string,
  now: number,
): Promise<Principal | 'unknown' | 'expired'> {
  if (!value.startsWith(TOKEN_PREFIX) || value.length > 512) return 'unknown'
  const rows = await db.query(
    `SELECT s.account_identifier, s.identifier, s.scope_key, s.name, s.email, t.valid_from, t.valid_to
       FROM api_tokens t JOIN service_accounts s
         ON s.account_identifier = t.account_identifier AND s.identifier = t.service_account
      WHERE t.token_hash = $1`,
    [hashTokenValue(value)],
  )
  const row = rows[0]
  if (!row) return 'unknown'
  if (now < num(row.valid_from) || now >= num(row.valid_to)) return 'expired'
  return {
    type: 'SERVICE_ACCOUNT',
    identifier: text(row.identifier),
    name: text(row.name),
    email: text(row.email),
    accountIdentifier: text(row.account_identifier),
    homeScopeKey: text(row.scope_key),
  }
}
