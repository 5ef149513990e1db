import type { ChangedBy, StoredConnector } from '../backend/records'
import { connectorSearchText, scopeKey } from '../backend/records'
import type { DeleteResult, WriteResult } from '../backend/store'
import type { ConnectorConnectivityDetails, ConnectorInfo } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { lockAuditHead } from './audit/sql-audit-trail'
import type { AppendBuilder } from './audit/sql-write-with-head'
import type { SqlClient, SqlQueryable, SqlRow } from './sql-client'
import { linkSecretsStatement, relinkSecrets } from './sql-connector-secrets'
import { BUMP_CHANGE_COUNT, bumpChangeCount, countOf, json, num, text } from './sql-rows'

/**
 * The connectors table: one connector read, written, deleted, its test status recorded. A list
 * page is read by sql-connector-list.ts.
 */

/** Every column a record is read from; a list page's tuples are in this order (sql-connector-list.ts). */
export const COLUMNS =
  'scope_key, identifier, created_at, last_modified_at, version, search_text, connector, status_details, created_by, last_modified_by'

/**
 * A connector's tags as the tag filter matches them (migration 5): every key, and `key:value`
 * for a tag with a value, lower-cased, as `hasTag` compares them.
 */
export function tagTerms(tags: Readonly<Record<string, string>> | undefined): string[] {
  const terms = new Set<string>()
  for (const [key, value] of Object.entries(tags ?? {})) {
    terms.add(key.toLowerCase())
    if (value !== '') terms.add(`${key.toLowerCase()}:${value.toLowerCase()}`)
  }
  return [...terms]
}

function testedAt(status: ConnectorConnectivityDetails): number | null {
  return status.testedAt ?? status.lastTestedAt ?? null
}

export function toConnector(row: SqlRow): StoredConnector {
  const scope = text(row.scope_key)
  const identifier = text(row.identifier)
  return {
    key: `${scope}/${identifier}`,
    scopeKey: scope,
    connector: json<ConnectorInfo>(row.connector),
    createdAt: num(row.created_at),
    lastModifiedAt: num(row.last_modified_at),
    status: json<ConnectorConnectivityDetails>(row.status_details),
    version: num(row.version),
    searchText: text(row.search_text),
    ...(row.created_by == null ? {} : { createdBy: json<ChangedBy>(row.created_by) }),
    ...(row.last_modified_by == null ? {} : { lastModifiedBy: json<ChangedBy>(row.last_modified_by) }),
  }
}

/** The connector `identifier` of the scope with key `scope`; `lock` takes it FOR UPDATE (in a transaction). */
export async function getConnector(
  db: SqlQueryable,
  scope: string,
  identifier: string,
  lock = false,
): Promise<StoredConnector | undefined> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM connectors WHERE scope_key = $1 AND identifier = $2${lock ? ' FOR UPDATE' : ''}`,
    [scope, identifier],
  )
  return rows[0] ? toConnector(rows[0]) : undefined
}

/**
 * A create's statement text by its shape: the same string each time, so that the statement cache
 * finds it by a hash the string already holds instead of hashing two kilobytes again.
 */
const createStatements = new Map<string, string>()

export async function createConnector(
  db: SqlQueryable,
  record: StoredConnector,
  appendEvents?: AppendBuilder,
): Promise<WriteResult<StoredConnector>> {
  const stored: StoredConnector = { ...record, version: 1 }
  const { connector, status } = stored
  // Who made it, when known: a connector written without (an import of old data, a test of a
  // database from before migration 13) leaves the columns out of the statement altogether.
  const by = stored.createdBy
    ? { columns: ', created_by, last_modified_by', values: ', $14::text::jsonb, $15::text::jsonb' }
    : { columns: '', values: '' }
  // The secrets it uses, in the same statement; none for one that uses none (and so a database
  // from before migration 17 takes a connector without secrets, as its tests write them).
  const linked = linkSecretsStatement(connector, stored.scopeKey, stored.createdBy ? 16 : 14)
  // Its audit event, when the trail appends it in this statement: the head is moved first, and
  // the connector written only if the head was where the event was chained after. A duplicate
  // then fails the statement (undoing the head's move) instead of being skipped.
  const append = appendEvents?.((stored.createdBy ? 16 : 14) + linked.values.length)
  const shape = `${by.columns ? 'by' : ''}:${linked.cte ? 'linked' : ''}:${append?.shape ?? ''}`
  let sql = createStatements.get(shape)
  if (sql === undefined) {
    sql = `WITH ${append ? `${append.headCte}, ` : ''}inserted AS (
       INSERT INTO connectors (scope_key, identifier, name, name_key, type, status, created_at, last_modified_at,
                               last_tested_at, version, search_text, connector, status_details, tag_terms${by.columns})
       SELECT $1, $2, $3, $4, $5, $6, $7::bigint, $8::bigint, $9::bigint, 1, $10, $11::text::json, $12::text::jsonb,
              $13::text[]${by.values}${append ? append.from : '\n       ON CONFLICT (scope_key, identifier) DO NOTHING'}
       RETURNING scope_key, identifier
     )${linked.cte}, counted AS (
       INSERT INTO connector_counts (scope_key, count) SELECT scope_key, 1 FROM inserted
       ON CONFLICT (scope_key) DO UPDATE SET count = connector_counts.count + 1
     ), bumped AS (
       ${BUMP_CHANGE_COUNT} AND EXISTS (SELECT 1 FROM inserted)
     )${append?.appendCte ?? ''}
     SELECT count(*) AS n FROM inserted`
    createStatements.set(shape, sql)
  }
  const values = [
    stored.scopeKey,
    connector.identifier,
    connector.name,
    connector.name.toLowerCase(),
    connector.type,
    status.status,
    stored.createdAt,
    stored.lastModifiedAt,
    testedAt(status),
    stored.searchText,
    JSON.stringify(connector),
    JSON.stringify(status),
    tagTerms(connector.tags),
    ...(stored.createdBy
      ? [JSON.stringify(stored.createdBy), JSON.stringify(stored.lastModifiedBy ?? stored.createdBy)]
      : []),
    ...linked.values,
    ...(append?.values ?? []),
  ]
  let rows: SqlRow[]
  try {
    rows = await db.query(sql, values)
  } catch (error) {
    if (!append || !isDuplicateConnector(error)) throw error
    append.refused()
    return { ok: false, refusal: 'exists' }
  }
  append?.written(countOf(rows) === 1)
  return countOf(rows) === 1 ? { ok: true, record: stored } : { ok: false, refusal: 'exists' }
}

/** The statement failed on the unique (scope, identifier) of connectors: PGlite's and postgres.js's errors name it differently. */
function isDuplicateConnector(error: unknown): boolean {
  const { code, constraint, constraint_name } = (error ?? {}) as Record<string, unknown>
  return code === '23505' && (constraint ?? constraint_name) === 'connectors_scope_identifier'
}

/** Runs in the write's transaction once the change is made: the audit trail appends its event there. */
export type OnChanged = (
  tx: SqlQueryable,
  before: StoredConnector | undefined,
  after: StoredConnector | undefined,
) => Promise<void>

export function updateConnector(
  client: SqlClient,
  record: StoredConnector,
  expectedVersion?: number,
  onChanged?: OnChanged,
): Promise<WriteResult<StoredConnector>> {
  return client.transaction(async (tx) => {
    // An audited write locks the trail's head before anything else (sql-audit-trail.ts).
    if (onChanged) await lockAuditHead(tx)
    const current = await getConnector(tx, record.scopeKey, record.connector.identifier, true)
    if (!current) return { ok: false, refusal: 'not-found' }
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      return { ok: false, refusal: 'conflict', current }
    }
    // The stored connectivity status stays, and the search text follows it.
    const searchText =
      record.status.status === current.status.status
        ? record.searchText
        : connectorSearchText(record.connector, current.status)
    const { connector } = record
    const rows = await tx.query(
      `UPDATE connectors SET name = $3, name_key = $4, type = $5, last_modified_at = $6, version = version + 1,
              search_text = $7, connector = $8::text::json, tag_terms = $9::text[],
              last_modified_by = coalesce($10::text::jsonb, last_modified_by)
       WHERE scope_key = $1 AND identifier = $2 RETURNING ${COLUMNS}`,
      [
        current.scopeKey,
        connector.identifier,
        connector.name,
        connector.name.toLowerCase(),
        connector.type,
        record.lastModifiedAt,
        searchText,
        JSON.stringify(connector),
        tagTerms(connector.tags),
        record.lastModifiedBy ? JSON.stringify(record.lastModifiedBy) : null,
      ],
    )
    await relinkSecrets(tx, connector, current.scopeKey)
    await bumpChangeCount(tx)
    const updated = toConnector(rows[0] ?? {})
    await onChanged?.(tx, current, updated)
    return { ok: true, record: updated }
  })
}

export function deleteConnector(
  client: SqlClient,
  scope: Scope,
  identifier: string,
  expectedVersion?: number,
  onChanged?: OnChanged,
): Promise<DeleteResult> {
  return client.transaction(async (tx) => {
    if (onChanged) await lockAuditHead(tx)
    const current = await getConnector(tx, scopeKey(scope), identifier, true)
    if (!current) return { ok: false, refusal: 'not-found' }
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      return { ok: false, refusal: 'conflict', current }
    }
    await tx.query('DELETE FROM connectors WHERE scope_key = $1 AND identifier = $2', [current.scopeKey, identifier])
    await tx.query('UPDATE connector_counts SET count = count - 1 WHERE scope_key = $1', [current.scopeKey])
    await bumpChangeCount(tx)
    await onChanged?.(tx, current, undefined)
    return { ok: true }
  })
}

export async function recordConnectorStatus(
  db: SqlQueryable,
  scope: Scope,
  identifier: string,
  status: ConnectorConnectivityDetails,
  searchText: string,
): Promise<boolean> {
  const rows = await db.query(
    `WITH updated AS (
       UPDATE connectors SET status = $3, last_tested_at = $4, status_details = $5::text::jsonb, search_text = $6
       WHERE scope_key = $1 AND identifier = $2
       RETURNING 1
     ), bumped AS (
       ${BUMP_CHANGE_COUNT} AND EXISTS (SELECT 1 FROM updated)
     )
     SELECT count(*) AS n FROM updated`,
    [scopeKey(scope), identifier, status.status, testedAt(status), JSON.stringify(status), searchText],
  )
  return countOf(rows) === 1
}
