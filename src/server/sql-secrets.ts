import type { ChangedBy, StoredSecret } from '../backend/records'
import { scopeKey, scopeOfKey } from '../backend/records'
import { secretSearchText } from '../backend/secret-search'
import type { DeleteResult, Page, SimpleListQuery, WriteResult } from '../backend/store'
import type { SecretDTO } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { decryptSecretValue, encryptSecretValue } from './secret-cipher'
import type { SqlClient, SqlQueryable, SqlRow } from './sql-client'
import { accountOfScopeKey, BUMP_CHANGE_COUNT, bumpChangeCount, countOf, json, num, scopedPage, text } from './sql-rows'

/**
 * The secrets table: values encrypted at rest (secret-cipher.ts), a new value encrypted the same
 * way (a fresh IV, the record key as associated data) when an update replaces it.
 */

const COLUMNS =
  'scope_key, identifier, created_at, updated_at, version, secret, value_encrypted, created_by, last_modified_by'

export function secretTable(db: SqlClient, key: Buffer) {
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
      ...(row.created_by == null ? {} : { createdBy: json<ChangedBy>(row.created_by) }),
      ...(row.last_modified_by == null ? {} : { lastModifiedBy: json<ChangedBy>(row.last_modified_by) }),
    }
  }

  const select = async (
    tx: SqlQueryable,
    scope: Scope,
    identifier: string,
    lock = false,
  ): Promise<StoredSecret | undefined> => {
    const rows = await tx.query(
      `SELECT ${COLUMNS} FROM secrets WHERE scope_key = $1 AND identifier = $2${lock ? ' FOR UPDATE' : ''}`,
      [scopeKey(scope), identifier],
    )
    return rows[0] ? toSecret(rows[0]) : undefined
  }

  return {
    getSecret: (scope: Scope, identifier: string): Promise<StoredSecret | undefined> => select(db, scope, identifier),

    /** The secret as stored, locked until the transaction ends (the audited update and delete read it first). */
    lockSecret: (tx: SqlQueryable, scope: Scope, identifier: string) => select(tx, scope, identifier, true),

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
      // Who made it, when known: a secret written without (a test of a database from before
      // migration 20) leaves the columns out of the statement, as a connector's create does.
      const by = stored.createdBy
        ? { columns: ', created_by, last_modified_by', values: ', $10::text::jsonb, $11::text::jsonb' }
        : { columns: '', values: '' }
      const rows = await db.query(
        `WITH inserted AS (
           INSERT INTO secrets (scope_key, identifier, account_identifier, name, created_at, updated_at, version,
                                search_text, secret, value_encrypted${by.columns})
           VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8::text::json, $9${by.values})
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
          ...(stored.createdBy
            ? [JSON.stringify(stored.createdBy), JSON.stringify(stored.lastModifiedBy ?? stored.createdBy)]
            : []),
        ],
      )
      return countOf(rows) === 1
        ? { ok: true, record: { ...stored, key: recordKey } }
        : { ok: false, refusal: 'exists' }
    },

    updateSecret: (record: StoredSecret, expectedVersion?: number): Promise<WriteResult<StoredSecret>> =>
      db.transaction(async (tx) => {
        const scope = scopeOfKey(record.scopeKey)
        const current = await select(tx, scope, record.secret.identifier, true)
        if (!current) return { ok: false, refusal: 'not-found' }
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          return { ok: false, refusal: 'conflict', current }
        }
        // What a secret is (its key and scope) never changes; what describes it and its value do.
        const next: StoredSecret = {
          ...current,
          secret: record.secret,
          value: record.value,
          updatedAt: record.updatedAt,
          ...(record.lastModifiedBy ? { lastModifiedBy: record.lastModifiedBy } : {}),
          version: current.version + 1,
        }
        await tx.query(
          `UPDATE secrets SET name = $3, updated_at = $4, version = version + 1, search_text = $5,
                  secret = $6::text::json, value_encrypted = $7,
                  last_modified_by = coalesce($8::text::jsonb, last_modified_by)
           WHERE scope_key = $1 AND identifier = $2`,
          [
            current.scopeKey,
            current.secret.identifier,
            next.secret.name,
            next.updatedAt,
            secretSearchText(next.secret),
            JSON.stringify(next.secret),
            encryptSecretValue(key, next.value, current.key),
            record.lastModifiedBy ? JSON.stringify(record.lastModifiedBy) : null,
          ],
        )
        await bumpChangeCount(tx)
        return { ok: true, record: next }
      }),

    deleteSecret: (scope: Scope, identifier: string, expectedVersion?: number): Promise<DeleteResult> =>
      db.transaction(async (tx) => {
        const current = await select(tx, scope, identifier, true)
        if (!current) return { ok: false, refusal: 'not-found' }
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          return { ok: false, refusal: 'conflict', current }
        }
        await tx.query('DELETE FROM secrets WHERE scope_key = $1 AND identifier = $2', [current.scopeKey, identifier])
        await bumpChangeCount(tx)
        return { ok: true }
      }),
  }
}
