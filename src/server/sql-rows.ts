import type { SqlQueryable, SqlRow } from './sql-client'

/** Small helpers shared by the SQL store's tables. */

/** A bigint or integer column as a number (PGlite answers numbers, `postgres` strings). */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value)
}

/** A jsonb column (parsed by both drivers; a string is parsed here in case one did not). */
export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value)
}

/** `%term%` for `LIKE … ESCAPE '\'` (the term and `search_text` are both lower-cased), with `%`, `_` and `\` in the term taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
}

/** Rows to skip and take for a page (a negative index or size reads as 0). */
export function pageWindow(query: { pageIndex: number; pageSize: number }): { limit: number; offset: number } {
  const limit = Math.max(0, Math.floor(query.pageSize) || 0)
  const offset = Math.max(0, Math.floor(query.pageIndex) || 0) * limit
  return { limit, offset }
}

/** The account of a scope key (`account/org/project`). */
export function accountOfScopeKey(scopeKey: string): string {
  return scopeKey.split('/')[0] ?? ''
}

export const BUMP_CHANGE_COUNT = 'UPDATE change_counter SET count = count + 1 WHERE id = 1'

/** Runs a write's statement, then bumps the change counter in the same transaction. */
export async function bumpChangeCount(tx: SqlQueryable): Promise<void> {
  await tx.query(BUMP_CHANGE_COUNT)
}

/** The first row's `n` as a number, 0 when there is none. */
export function countOf(rows: SqlRow[]): number {
  const first = rows[0]
  return first ? num(first.n) : 0
}

/**
 * One page of a table's rows in a scope, newest first, with the search that secrets and pipelines
 * share (a substring of their lower-case `search_text`), and how many match in all.
 */
export async function scopedPage(
  db: SqlQueryable,
  table: { name: 'secrets' | 'pipelines'; columns: string; newestFirst: string },
  scopeKeyValue: string,
  query: { searchTerm: string; pageIndex: number; pageSize: number },
): Promise<{ rows: SqlRow[]; total: number }> {
  const params: unknown[] = [scopeKeyValue]
  let where = 'scope_key = $1'
  const term = query.searchTerm.toLowerCase()
  if (term !== '') {
    params.push(containsPattern(term))
    where += ` AND search_text LIKE $2 ESCAPE '\\'`
  }
  const { limit, offset } = pageWindow(query)
  const [rows, counted] = await Promise.all([
    db.query(
      `SELECT ${table.columns} FROM ${table.name} WHERE ${where}
       ORDER BY ${table.newestFirst} DESC, identifier ASC
       LIMIT $${params.length + 1}::integer OFFSET $${params.length + 2}::integer`,
      [...params, limit, offset],
    ),
    db.query(`SELECT count(*) AS n FROM ${table.name} WHERE ${where}`, params),
  ])
  return { rows, total: countOf(counted) }
}
