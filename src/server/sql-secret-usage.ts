import type { StoredConnector } from '../backend/records'
import type { Page } from '../backend/store'
import type { SqlQueryable } from './sql-client'
import { COLUMNS, toConnector } from './sql-connectors'
import { countOf, num, pageWindow, text } from './sql-rows'

/**
 * Which connectors use a secret: the `connector_secrets` table (migration 17), which every
 * connector write keeps in its own transaction (sql-connector-secrets.ts) and a connector's
 * delete empties by cascade.
 */

export async function connectorsUsingSecret(
  db: SqlQueryable,
  secretKey: string,
  query: { pageIndex: number; pageSize: number },
): Promise<Page<StoredConnector>> {
  const { limit, offset } = pageWindow(query)
  const columns = COLUMNS.split(', ')
    .map((column) => `connectors.${column}`)
    .join(', ')
  const [rows, counted] = await Promise.all([
    db.query(
      `SELECT ${columns} FROM connector_secrets JOIN connectors USING (scope_key, identifier)
       WHERE connector_secrets.secret_key = $1
       ORDER BY connectors.name_key, connectors.scope_key, connectors.identifier
       LIMIT $2::integer OFFSET $3::integer`,
      [secretKey, limit, offset],
    ),
    db.query('SELECT count(*) AS n FROM connector_secrets WHERE secret_key = $1', [secretKey]),
  ])
  return { items: rows.map(toConnector), total: countOf(counted) }
}

export async function countConnectorsUsingSecrets(
  db: SqlQueryable,
  secretKeys: readonly string[],
): Promise<ReadonlyMap<string, number>> {
  if (secretKeys.length === 0) return new Map()
  const rows = await db.query(
    `SELECT secret_key, count(*) AS n FROM connector_secrets WHERE secret_key = ANY($1::text[]) GROUP BY secret_key`,
    [[...secretKeys]],
  )
  return new Map(rows.map((row) => [text(row.secret_key), num(row.n)]))
}
