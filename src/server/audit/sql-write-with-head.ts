import type { AuditDraft, AuditEvent } from '../../backend/audit/audit-event'
import type { SqlQueryable } from '../sql-client'
import type { AuditHead } from './sql-audit-trail'
import { appendAfterLockedHead, chainedRows, EVENT_COLUMNS, eventRows, eventValues } from './sql-audit-trail'

/**
 * Appends a write's events inside the write's own statement (issue 20's create throughput): no
 * transaction around it and no read of the head first. The events are chained after the head this
 * process last left; the statement's first step moves the head past them if it is still that head
 * (an UPDATE, which on PostgreSQL holds the head row's lock to the commit), and its write and the
 * events' insert run only then. When another writer moved it (another server, or a write of this
 * process that appends the locked way), the statement writes nothing and the write runs again the
 * locked way.
 *
 * Since the head moves first, the write must fail rather than skip when it would change nothing
 * (a duplicate): its statement then rolls back whole, the head with it, and it calls `refused`.
 *
 * Every audited write locks the head before anything else (here, and `lockAuditHead` at the start
 * of the locked way's transactions, sql-audit-trail.ts), so that writers on one PostgreSQL take their locks in one
 * order and cannot deadlock.
 */

export type AppendInStatement = {
  /** Names the SQL below: the same shape, the same text. */
  shape: string
  /** The statement's first CTE (no comma): the head moved past the events, when it was still the one expected. */
  headCte: string
  /** The FROM clause of the write's own rows: none when the head was not moved. */
  from: string
  /** The CTE after the write's own (with its leading comma) that inserts the events, gated the same way. */
  appendCte: string
  values: unknown[]
  /** Whether the write's own row was written (it is exactly when the head was moved). */
  written: (written: boolean) => void
  /** The write's statement failed on a conflict before changing anything: the head is as it was. */
  refused: () => void
}

/** Builds the append for a statement whose own parameters end before `first`. */
export type AppendBuilder = (first: number) => AppendInStatement

/**
 * The SQL of an append of `count` events from parameter `first`: built once per shape, so that a
 * create neither rebuilds it nor hands the statement cache a new string to hash.
 */
function appendSql(first: number, count: number) {
  const columns = EVENT_COLUMNS.length
  const last = first + (count - 1) * columns
  const at = first + count * columns
  // One event (a create's) is selected from the moved head's row; more are joined to it.
  const events =
    count === 1
      ? `SELECT ${eventValues(first)}`
      : `SELECT appended.* FROM (VALUES ${eventRows(count, first)}) AS appended,`
  return {
    // The first event's sequence is one past the head's; the last event's sequence and HMAC are
    // the head's next. Retention moves the head's start only with an event of its own, so the
    // last sequence and HMAC are the whole of what must still be as this process left it.
    headCte: `audit_moved AS (
       UPDATE audit_head SET last_sequence = $${last}, last_hmac = $${last + columns - 1}, head_mac = $${at}
        WHERE id = 1 AND last_sequence = $${first}::bigint - 1 AND last_hmac = $${at + 1}
       RETURNING 1
     )`,
    // Selected from the moved head, the rows are written only when it moved.
    from: ' FROM audit_moved',
    appendCte: `, audit_appended AS (
       INSERT INTO audit_events (${EVENT_COLUMNS.join(', ')})
       ${events}${count === 1 ? ' FROM' : ''} audit_moved
     )`,
  }
}

export function headKeepingAppender(key: Uint8Array) {
  let known: AuditHead | undefined
  const shapes = new Map<string, ReturnType<typeof appendSql> & { shape: string }>()
  const sqlFor = (first: number, count: number) => {
    const shape = `${first}:${count}`
    let sql = shapes.get(shape)
    if (!sql) shapes.set(shape, (sql = { shape, ...appendSql(first, count) }))
    return sql
  }
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
    ): Promise<{ result: T; events: AuditEvent[] }> {
      return serially(async () => {
        if (known) {
          const head = known
          const { events, next, values } = chainedRows(key, head, drafts)
          // Set by the statement's callbacks (TypeScript cannot see them run).
          let outcome = 'stale' as 'moved' | 'refused' | 'stale'
          const build: AppendBuilder = (first) => ({
            ...sqlFor(first, events.length),
            values: [...values, next.headMac, head.lastHmac],
            written: (written) => {
              outcome = written ? 'moved' : 'stale'
            },
            refused: () => {
              outcome = 'refused'
            },
          })
          known = undefined
          const result = await inStatement(build)
          if (outcome === 'moved') {
            known = next
            return { result, events }
          }
          if (outcome === 'refused') {
            known = head
            return { result, events: [] }
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
