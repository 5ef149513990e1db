import type { StoredConnector } from '../backend/records'
import { connectorSearchText, scopeKey } from '../backend/records'
import {
  COUNT_LIMIT,
  type ConnectorListQuery,
  type ConnectorPage,
  type DeleteResult,
  type WriteResult,
} from '../backend/store'
import type { ConnectorConnectivityDetails, ConnectorInfo } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { SqlClient, SqlQueryable, SqlRow } from './sql-client'
import { BUMP_CHANGE_COUNT, bumpChangeCount, containsPattern, countOf, json, num, pageWindow, text } from './sql-rows'

/**
 * The connectors table. Lists are filtered, searched, sorted and paged by the database; each
 * sort has an index on (scope_key, sort column, identifier), and the opposite direction is the
 * same order reversed (a backward scan of that index). Searching is a substring of
 * `search_text` (both lower-cased, so LIKE: several times faster than ILIKE on PGlite), with a
 * trigram index.
 */

/** Every column a record is read from; a list page's tuples are in this order (`fromPageTuple`). */
const COLUMNS = 'scope_key, identifier, created_at, last_modified_at, version, search_text, connector, status_details'

/** ORDER BY for each sort, in its natural direction and reversed. */
const ORDER: Record<NonNullable<ConnectorListQuery['sort']>, { natural: 'asc' | 'desc'; asc: string; desc: string }> = {
  lastModified: {
    natural: 'desc',
    desc: 'last_modified_at DESC, identifier ASC',
    asc: 'last_modified_at ASC, identifier DESC',
  },
  name: { natural: 'asc', asc: 'name_key ASC, identifier ASC', desc: 'name_key DESC, identifier DESC' },
  // Never tested counts as the oldest: last when newest first, first when oldest first.
  lastTested: {
    natural: 'desc',
    desc: 'last_tested_at DESC NULLS LAST, identifier ASC',
    asc: 'last_tested_at ASC NULLS FIRST, identifier DESC',
  },
}

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

/**
 * A connector's test still queued or running (test_tasks, sql-test-tasks.ts): its task's id, the
 * oldest when there are several. Asked per row only when the project has any open test at all
 * (checked once per page): the table is usually empty or tiny, and then PostgreSQL would scan and
 * sort it once for every row of the page.
 */
const OPEN_TEST = `CASE WHEN EXISTS (SELECT 1 FROM test_tasks
     WHERE scope_key = $1 AND state IN ('queued', 'running'))
   THEN (SELECT task.id FROM test_tasks AS task
     WHERE task.scope_key = connectors.scope_key AND task.identifier = connectors.identifier
       AND task.state IN ('queued', 'running')
     ORDER BY task.created_at LIMIT 1)
   END`

/** A row of a list page: the record's columns (`COLUMNS`), then its open test's task id or null. */
function fromPageTuple([
  scope,
  identifier,
  createdAt,
  lastModifiedAt,
  version,
  searchText,
  connector,
  status,
]: unknown[]): StoredConnector {
  return toConnector({
    scope_key: scope,
    identifier,
    created_at: createdAt,
    last_modified_at: lastModifiedAt,
    version,
    search_text: searchText,
    connector,
    status_details: status,
  })
}

function toConnector(row: SqlRow): StoredConnector {
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
 * A list page and its total in one statement. The statement's text depends only on which kinds
 * of filter are present (types, statuses, tags, a search) and the sort: at most 16 × 6 texts,
 * whatever the values, so that PostgreSQL keeps a bounded number of prepared statements. Tags go
 * in as two arrays. A filtered total is counted up to COUNT_LIMIT + 1 rows and no further.
 */
export async function listConnectors(
  db: SqlQueryable,
  scope: Scope,
  query: ConnectorListQuery,
): Promise<ConnectorPage> {
  const params: unknown[] = [scopeKey(scope)]
  const where = ['scope_key = $1']
  if (query.types?.length) {
    params.push([...query.types])
    where.push(`type = ANY($${params.length}::text[])`)
  }
  if (query.statuses?.length) {
    params.push([...query.statuses])
    where.push(`status = ANY($${params.length}::text[])`)
  }
  // Tags ignoring case, as the memory store matches them (`hasTag`); all of them must be there:
  // one containment of the tag terms (tagTerms), whatever the number of tags asked for.
  if (query.tags?.length) {
    params.push(
      query.tags.map((tag) =>
        tag.value === undefined ? tag.key.toLowerCase() : `${tag.key.toLowerCase()}:${tag.value.toLowerCase()}`,
      ),
    )
    where.push(`tag_terms @> $${params.length}::text[]`)
  }
  const term = query.searchTerm.toLowerCase()
  if (term.length >= 3) {
    // The trigram index serves a term of three characters or more.
    params.push(containsPattern(term))
    where.push(`search_text LIKE $${params.length} ESCAPE '\\'`)
  } else if (term !== '') {
    // No index serves a shorter one; strpos reads the rows about twice as fast as LIKE (PGlite).
    params.push(term)
    where.push(`strpos(search_text, $${params.length}) > 0`)
  }
  const order = ORDER[query.sort ?? 'lastModified']
  const { limit, offset } = pageWindow(query)
  const condition = where.join(' AND ')
  const filtered = where.length > 1
  // The window is a parameter too, so that the statement's text (prepared once per text on
  // PostgreSQL) does not change from page to page.
  const pageParams = limit === 0 ? params : [...params, limit, offset]
  const items =
    limit === 0
      ? `'[]'`
      : `(SELECT json_agg(json_build_array(${COLUMNS}, open_test) ORDER BY ${order[query.direction ?? order.natural]})::text
           FROM (SELECT ${COLUMNS}, name_key, last_tested_at, ${OPEN_TEST} AS open_test
                 FROM connectors WHERE ${condition}
                 ORDER BY ${order[query.direction ?? order.natural]}
                 LIMIT $${params.length + 1}::integer OFFSET $${params.length + 2}::integer) AS page)`
  let tuples: unknown[][]
  let counted: number
  if (!filtered) {
    // One statement for the page and its kept total: the page comes back as one JSON text (one
    // value for the driver to read instead of fifty rows of eight columns), in the page's order.
    const [row] = await db.query(
      `SELECT (SELECT count FROM connector_counts WHERE scope_key = $1) AS n, ${items} AS items`,
      pageParams,
    )
    tuples = json<unknown[][] | null>(row?.items ?? null) ?? []
    counted = row ? num(row.n ?? 0) : 0
  } else {
    // The page first: a page that is not full (on the first page) is the whole answer, and its
    // rows are the total; only a full one is counted, up to COUNT_LIMIT + 1 rows. A rare term
    // then scans the table once, not twice.
    const [row] = await db.query(`SELECT ${items} AS items`, pageParams)
    tuples = json<unknown[][] | null>(row?.items ?? null) ?? []
    if (limit > 0 && offset === 0 && tuples.length < limit) counted = tuples.length
    else {
      const [count] = await db.query(
        `SELECT count(*) AS n FROM (SELECT 1 FROM connectors WHERE ${condition} LIMIT ${COUNT_LIMIT + 1}) AS counted`,
        params,
      )
      counted = Math.max(count ? num(count.n ?? 0) : 0, offset + tuples.length)
    }
  }
  const page: ConnectorPage =
    filtered && counted > COUNT_LIMIT
      ? { items: tuples.map(fromPageTuple), total: COUNT_LIMIT, totalIsLowerBound: true }
      : { items: tuples.map(fromPageTuple), total: counted }
  if (tuples.length) {
    page.openTests = new Map(
      tuples.flatMap((tuple) => (typeof tuple[8] === 'string' ? [[text(tuple[1]), tuple[8]] as const] : [])),
    )
  }
  return page
}

export async function createConnector(
  db: SqlQueryable,
  record: StoredConnector,
): Promise<WriteResult<StoredConnector>> {
  const stored: StoredConnector = { ...record, version: 1 }
  const { connector, status } = stored
  const rows = await db.query(
    `WITH inserted AS (
       INSERT INTO connectors (scope_key, identifier, name, name_key, type, status, created_at, last_modified_at,
                               last_tested_at, version, search_text, connector, status_details, tag_terms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11::text::json, $12::text::jsonb, $13::text[])
       ON CONFLICT (scope_key, identifier) DO NOTHING
       RETURNING scope_key
     ), counted AS (
       INSERT INTO connector_counts (scope_key, count) SELECT scope_key, 1 FROM inserted
       ON CONFLICT (scope_key) DO UPDATE SET count = connector_counts.count + 1
     ), bumped AS (
       ${BUMP_CHANGE_COUNT} AND EXISTS (SELECT 1 FROM inserted)
     )
     SELECT count(*) AS n FROM inserted`,
    [
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
    ],
  )
  return countOf(rows) === 1 ? { ok: true, record: stored } : { ok: false, refusal: 'exists' }
}

export function updateConnector(
  client: SqlClient,
  record: StoredConnector,
  expectedVersion?: number,
): Promise<WriteResult<StoredConnector>> {
  return client.transaction(async (tx) => {
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
              search_text = $7, connector = $8::text::json, tag_terms = $9::text[]
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
      ],
    )
    await bumpChangeCount(tx)
    return { ok: true, record: toConnector(rows[0] ?? {}) }
  })
}

export function deleteConnector(
  client: SqlClient,
  scope: Scope,
  identifier: string,
  expectedVersion?: number,
): Promise<DeleteResult> {
  return client.transaction(async (tx) => {
    const current = await getConnector(tx, scopeKey(scope), identifier, true)
    if (!current) return { ok: false, refusal: 'not-found' }
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      return { ok: false, refusal: 'conflict', current }
    }
    await tx.query('DELETE FROM connectors WHERE scope_key = $1 AND identifier = $2', [current.scopeKey, identifier])
    await tx.query('UPDATE connector_counts SET count = count - 1 WHERE scope_key = $1', [current.scopeKey])
    await bumpChangeCount(tx)
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
