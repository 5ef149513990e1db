import type { StoredConnector } from '../backend/records'
import { scopeKey } from '../backend/records'
import { COUNT_LIMIT, type ConnectorListQuery, type ConnectorPage } from '../backend/store'
import type { Scope } from '../lib/scope'
import type { SqlQueryable } from './sql-client'
import { COLUMNS, toConnector } from './sql-connectors'
import { containsPattern, json, num, pageWindow, text } from './sql-rows'

/**
 * A page of the connectors table, filtered, searched, sorted and paged by the database; each
 * sort has an index on (scope_key, sort column, identifier), and the opposite direction is the
 * same order reversed (a backward scan of that index). A search is a substring of
 * `search_text` (both lower-cased): LIKE on the trigram index from three characters, strpos
 * below; tags are one containment of `tag_terms`.
 */

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
  createdBy,
  lastModifiedBy,
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
    created_by: createdBy,
    last_modified_by: lastModifiedBy,
  })
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
      tuples.flatMap((tuple) => (typeof tuple[10] === 'string' ? [[text(tuple[1]), tuple[10]] as const] : [])),
    )
  }
  return page
}
