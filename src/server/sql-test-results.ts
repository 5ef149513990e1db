import { scopeKey } from '../backend/records'
import type { TestHistoryEntry } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { SqlClient, SqlQueryable } from './sql-client'
import { bumpChangeCount, json } from './sql-rows'

/**
 * The test_results table (migration 2): each connector's last connection tests. A result is
 * written in a transaction that holds the connector's row, so that it is never written for a
 * connector being deleted (deleteConnector takes the row FOR UPDATE first and deletes the
 * results with it) and two tests of one connector are numbered and trimmed one after the other.
 */

export function recordTestResult(
  client: SqlClient,
  scope: Scope,
  identifier: string,
  result: TestHistoryEntry,
  limit: number,
): Promise<boolean> {
  const key = scopeKey(scope)
  return client.transaction(async (tx) => {
    const found = await tx.query(
      'SELECT 1 FROM connectors WHERE scope_key = $1 AND identifier = $2 FOR NO KEY UPDATE',
      [key, identifier],
    )
    if (found.length === 0) return false
    await tx.query(
      `INSERT INTO test_results (scope_key, identifier, tested_at, duration_ms, result)
       VALUES ($1, $2, $3, $4, $5::text::json)`,
      [key, identifier, result.testedAt, Math.round(result.durationMs), JSON.stringify(result)],
    )
    // The older ones go in the same write.
    await tx.query(
      `DELETE FROM test_results WHERE scope_key = $1 AND identifier = $2 AND id < (
         SELECT min(id) FROM (
           SELECT id FROM test_results WHERE scope_key = $1 AND identifier = $2 ORDER BY id DESC LIMIT $3
         ) AS kept
       )`,
      [key, identifier, Math.max(1, Math.floor(limit))],
    )
    await bumpChangeCount(tx)
    return true
  })
}

export async function testHistory(
  db: SqlQueryable,
  scope: Scope,
  identifier: string,
  limit: number,
): Promise<TestHistoryEntry[]> {
  const rows = await db.query(
    `SELECT result FROM test_results WHERE scope_key = $1 AND identifier = $2 ORDER BY id DESC LIMIT $3`,
    [scopeKey(scope), identifier, Math.max(0, Math.floor(limit) || 0)],
  )
  return rows.map((row) => json<TestHistoryEntry>(row.result))
}
