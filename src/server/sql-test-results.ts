import { scopeKey } from '../backend/records'
import type { TestHistoryEntry } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { SqlQueryable } from './sql-client'
import { BUMP_CHANGE_COUNT, countOf, json } from './sql-rows'

/**
 * The test_results table (migration 2): each connector's last connection tests. A result is
 * written by one statement that first takes the connector's row (FOR NO KEY UPDATE), so that it
 * is never written for a connector being deleted (deleteConnector takes the row FOR UPDATE first
 * and deletes the results with it); the older results beyond the limit go in the same statement.
 * One statement rather than a transaction of five: on PGlite each is a turn of the server's one
 * thread, and this write is on the path of every connection test.
 */

export async function recordTestResult(
  db: SqlQueryable,
  scope: Scope,
  identifier: string,
  result: TestHistoryEntry,
  limit: number,
): Promise<boolean> {
  // The statement's DELETE does not see the row its INSERT adds (one snapshot): it keeps the
  // newest `limit - 1` of the others.
  const rows = await db.query(
    `WITH target AS (
       SELECT scope_key, identifier FROM connectors WHERE scope_key = $1 AND identifier = $2 FOR NO KEY UPDATE
     ), inserted AS (
       INSERT INTO test_results (scope_key, identifier, tested_at, duration_ms, result)
       SELECT scope_key, identifier, $3, $4, $5::text::json FROM target
       RETURNING id
     ), trimmed AS (
       DELETE FROM test_results
       WHERE scope_key = $1 AND identifier = $2 AND EXISTS (SELECT 1 FROM inserted)
         AND id NOT IN (
           SELECT id FROM test_results WHERE scope_key = $1 AND identifier = $2 ORDER BY id DESC LIMIT $6
         )
     ), bumped AS (
       ${BUMP_CHANGE_COUNT} AND EXISTS (SELECT 1 FROM inserted)
     )
     SELECT count(*) AS n FROM inserted`,
    [
      scopeKey(scope),
      identifier,
      result.testedAt,
      Math.round(result.durationMs),
      JSON.stringify(result),
      Math.max(1, Math.floor(limit)) - 1,
    ],
  )
  return countOf(rows) === 1
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
