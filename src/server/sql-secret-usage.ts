import type { StoredConnector } from '../backend/records'
import type { Page } from '../backend/store'
import type { SqlQueryable } from './sql-client'
import { COLUMNS, toConnector } from './sql-connectors'
import { countOf, num, pageWindow, text } from './sql-rows'

/**
 * Which connectors use a secret, read from the connectors' `secret_keys` (migration 17, kept by
 * every connector write) through its GIN index: never a read of every connector's JSON.
 */

export async function connectorsUsingSecret(
  db: SqlQueryable,
  secretKey: string,
  query: { pageIndex: number; pageSize: number },
): Promise<Page<StoredConnector>> {
  const { limit, offset } = pageWindow(query)
  const [rows, counted] = await Promise.all([
    db.query(
      `SELECT ${COLUMNS} FROM connectors WHERE secret_keys @> ARRAY[$1::text]
       ORDER BY name_key, scope_key, identifier LIMIT $2::integer OFFSET $3::integer`,
      [secretKey, limit, offset],
    ),
    db.query('SELECT count(*) AS n FROM connectors WHERE secret_keys @> ARRAY[$1::text]', [secretKey]),
  ])
  return { items: rows.map(toConnector), total: countOf(counted) }
}

export async function countConnectorsUsingSecrets(
  db: SqlQueryable,
  secretKeys: readonly string[],
): Promise<ReadonlyMap<string, number>> {
  if (secretKeys.length === 0) return new Map()
  const rows = await db.query(
    `SELECT used.key, count(*) AS n FROM connectors, unnest(connectors.secret_keys) AS used(key)
     WHERE connectors.secret_keys && $1::text[] AND used.key = ANY($1::text[])
     GROUP BY used.key`,
    [[...secretKeys]],
  )
  return new Map(rows.map((row) => [text(row.key), num(row.n)]))
}
