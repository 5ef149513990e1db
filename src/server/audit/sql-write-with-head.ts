import type { AuditDraft, AuditEvent } from '../../backend/audit/audit-event'
import type { SqlClient, SqlQueryable, SqlRow } from '../sql-client'
import type { AuditHead } from './sql-audit-trail'
import { appendAfterLockedHead, chainedRows, EVENT_COLUMNS, eventRows } from './sql-audit-trail'

/**
 * Appends a write's events inside the write's own statement (issue 20's create throughput): no
 * transaction around it and no read of the head first. The events are chained after the head this
 * process last left; the statement's first step locks the head if it is still that head, and its
 * write runs only then. When another writer moved it (another server, or a write of this process
 * that appends the locked way), the statement writes nothing and the write runs again the locked way.
 *
 * Every audited write locks the head before anything else (here, and `lockAuditHead` at the start
 * of the locked way's transactions, sql-audit-trail.ts), so that writers on one PostgreSQL take their locks in one
 * order and cannot deadlock.
 */

export type AppendInStatement = {
  /** The statement's first CTE (no comma): the head, locked, when it is still the one expected. */
  headCte: string
  /** SQL that is true when the head was kept: the write's own rows are gated on it. */
  gate: string
  /** The CTEs after the write's own (each with its leading comma), appending when `guard` holds. */
  appendCtes: (guard: string) => string
  values: unknown[]
  /** A column for the statement's final SELECT, read back by `read`. */
  column: string
  read: (row: SqlRow | undefined) => void
}

/** Builds the append for a statement whose own parameters end before `first`. */
export type AppendBuilder = (first: number) => AppendInStatement

export function headKeepingAppender(key: Uint8Array, kind: SqlClient['kind']) {
  // The embedded database runs one statement at a time on one connection: nobody can move the
  // head between the check and the write, and the lock would only add a write of its own.
  const lock = kind === 'postgres' ? '\n          FOR UPDATE' : ''
  let known: AuditHead | undefined
  // One write at a time from this process, so that each chains after the head the last one left.
  let tail: Promise<unknown> = Promise.resolve()
  function serially<T>(run: () => Promise<T>): Promise<T> {
    const done = tail.then(run, run)
    tail = done.catch(() => undefined)
    return done
  }

  return {
    /**
     * `inStatement` runs the write as one statement with the append built in; `inTransaction` runs
     * it the locked way, calling `appendLocked` in its transaction once it changed something.
     */
    write<T>(
      drafts: readonly AuditDraft[],
      inStatement: (append: AppendBuilder) => Promise<T>,
      inTransaction: (appendLocked: (tx: SqlQueryable) => Promise<void>) => Promise<T>,
      changed: (result: T) => boolean,
    ): Promise<{ result: T; events: AuditEvent[] }> {
      return serially(async () => {
        if (known) {
          const head = known
          const { events, next, values } = chainedRows(key, head, drafts)
          let kept = false
          const build: AppendBuilder = (first) => {
            const at = first + values.length
            return {
              headCte: `audit_head_kept AS (
       SELECT 1 FROM audit_head
        WHERE id = 1 AND last_sequence = $${at + 3} AND last_hmac = $${at + 4} AND start_sequence = $${at + 5}
          AND start_previous_hmac = $${at + 6}${lock}
     )`,
              gate: 'EXISTS (SELECT 1 FROM audit_head_kept)',
              appendCtes: (guard) => `, audit_appended AS (
       INSERT INTO audit_events (${EVENT_COLUMNS.join(', ')})
       SELECT * FROM (VALUES ${eventRows(events.length, first)}) AS appended WHERE ${guard}
     ), audit_moved AS (
       UPDATE audit_head SET last_sequence = $${at}, last_hmac = $${at + 1}, head_mac = $${at + 2}
        WHERE id = 1 AND ${guard}
     )`,
              values: [
                ...values,
                next.lastSequence,
                next.lastHmac,
                next.headMac,
                head.lastSequence,
                head.lastHmac,
                head.startSequence,
                head.startPreviousHmac,
              ],
              column: '(SELECT count(*) FROM audit_head_kept) AS audit_head_kept',
              read: (row) => {
                kept = Number(row?.audit_head_kept) === 1
              },
            }
          }
          known = undefined
          const result = await inStatement(build)
          if (kept) {
            if (!changed(result)) {
              known = head
              return { result, events: [] }
            }
            known = next
            return { result, events }
          }
          // The head had moved: nothing was written; the locked way reads it as it is now.
        }
        let appended: { events: AuditEvent[]; head: AuditHead } | undefined
        const result = await inTransaction(async (tx) => {
          appended = await appendAfterLockedHead(tx, key, drafts)
        })
        // Committed: the head it left is where the next write chains.
        if (appended) known = appended.head
        return { result, events: appended?.events ?? [] }
      })
    },
  }
}
