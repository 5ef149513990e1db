import type { StoredSecret } from '../backend/records'
import { scopeKey } from '../backend/records'
import type { Page, SimpleListQuery, WriteResult } from '../backend/store'
import type { SecretDTO } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { decryptSecretValue, encryptSecretValue } from './secret-cipher'
import type { SqlQueryable, SqlRow } from './sql-client'
import { accountOfScopeKey, BUMP_CHANGE_COUNT, countOf, json, num, scopedPage, text } from './sql-rows'

/** The secrets table: values encrypted at rest (secret-cipher.ts); secrets are only created. */

const COLUMNS = 'scope_key, identifier, created_at, updated_at, version, secret, value_encrypted'

/** What secret search matches: name, identifier, description and tags, lower-cased. */
export function secretSearchText(secret: SecretDTO): string {
  const parts = [secret.name, secret.identifier, secret.description ?? '', ...Object.entries(secret.tags).flat()]
  return parts.join('\n').toLowerCase()
}

export function secretTable(db: SqlQueryable, key: Buffer) {
  const toSecret = (row: SqlRow): StoredSecret => {
    const scope = text(row.scope_key)
    const recordKey = `${scope}/${text(row.identifier)}`
    return {
      key: recordKey,
      scopeKey: scope,
      secret: json<SecretDTO>(row.secret),
      value: decryptSecretValue(key, text(row.value_encrypted), recordKey),
      createdAt: num(row.created_at),
      updatedAt: num(row.updated_at),
      version: num(row.version),
    }
  }

  return {
    getSecret: async (scope: Scope, identifier: string): Promise<StoredSecret | undefined> => {
      const rows = await db.query(`SELECT ${COLUMNS} FROM secrets WHERE scope_key = $1 AND identifier = $2`, [
        scopeKey(scope),
        identifier,
      ])
      return rows[0] ? toSecret(rows[0]) : undefined
    },

    listSecrets: async (scope: Scope, query: SimpleListQuery): Promise<Page<StoredSecret>> => {
      const page = await scopedPage(
        db,
        { name: 'secrets', columns: COLUMNS, newestFirst: 'updated_at' },
        scopeKey(scope),
        query,
      )
      return { items: page.rows.map(toSecret), total: page.total }
    },

    findSecretsByIdentifier: async (accountIdentifier: string, identifier: string): Promise<StoredSecret[]> => {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM secrets WHERE account_identifier = $1 AND identifier = $2 ORDER BY scope_key`,
        [accountIdentifier, identifier],
      )
      return rows.map(toSecret)
    },

    createSecret: async (record: StoredSecret): Promise<WriteResult<StoredSecret>> => {
      const stored: StoredSecret = { ...record, version: 1 }
      const { secret } = stored
      const recordKey = `${stored.scopeKey}/${secret.identifier}`
      const rows = await db.query(
        `WITH inserted AS (
           INSERT INTO secrets (scope_key, identifier, account_identifier, name, created_at, updated_at, version,
                                search_text, secret, value_encrypted)
           VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8::text::json, $9)
           ON CONFLICT (scope_key, identifier) DO NOTHING
           RETURNING 1
         ), bumped AS (
           ${BUMP_CHANGE_COUNT} AND EXISTS (SELECT 1 FROM inserted)
         )
         SELECT count(*) AS n FROM inserted`,
        [
          stored.scopeKey,
          secret.identifier,
          accountOfScopeKey(stored.scopeKey),
          secret.name,
          stored.createdAt,
          stored.updatedAt,
          secretSearchText(secret),
          JSON.stringify(secret),
          encryptSecretValue(key, stored.value, recordKey),
        ],
      )
      return countOf(rows) === 1
        ? { ok: true, record: { ...stored, key: recordKey } }
        : { ok: false, refusal: 'exists' }
    },
  }
}
