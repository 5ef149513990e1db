import { stringify } from 'yaml'
import type { AuditEvent } from '../../backend/audit/audit-event'
import type { SqlClient } from '../sql-client'
import { num, text } from '../sql-rows'
import { appendAuditEvents, readHead, writeHead } from './sql-audit-trail'

/**
 * Retention (issue 20): events older than `--audit-retention-days` (730 by default, Harness's two
 * years) are removed by a daily job. Only a prefix of the trail goes (the oldest events up to the
 * first one still young enough), so that what is kept is one unbroken chain; the head records
 * where it now starts and the link it chains from (the anchor), under its MAC, and the job's own
 * event says what went, with the anchor, in the same transaction. `verify` then checks the kept
 * chain from the anchor: a row removed from the start by hand is still found.
 */

export const DEFAULT_RETENTION_DAYS = 730
const DAY_MS = 24 * 60 * 60 * 1000

export type RetentionOutcome = { removed: number; events: AuditEvent[] }

export async function pruneAuditTrail(
  client: SqlClient,
  key: Uint8Array,
  options: { retentionDays: number; now: number; accountIdentifier: string },
): Promise<RetentionOutcome> {
  const cutoff = options.now - options.retentionDays * DAY_MS
  return client.transaction(async (tx) => {
    // The head's lock first, as every append takes it: no event is appended while the start moves.
    const head = await readHead(tx, true)
    const [young] = await tx.query(
      'SELECT min(sequence) AS first FROM audit_events WHERE time >= $1 AND sequence >= $2',
      [cutoff, head.startSequence],
    )
    const lastRemoved = young?.first == null ? head.lastSequence : num(young.first) - 1
    if (lastRemoved < head.startSequence) return { removed: 0, events: [] }
    const [anchor] = await tx.query('SELECT hmac FROM audit_events WHERE sequence = $1', [lastRemoved])
    // The anchor is the stored link of the last removed event; the chain of what stays starts from it.
    const anchorHmac = anchor ? text(anchor.hmac) : head.lastHmac
    const deleted = await tx.query(
      'WITH gone AS (DELETE FROM audit_events WHERE sequence <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
      [lastRemoved],
    )
    const removed = Number(deleted[0]?.n ?? 0)
    await writeHead(tx, key, { ...head, startSequence: lastRemoved + 1, startPreviousHmac: anchorHmac })
    const events = await appendAuditEvents(tx, key, [
      {
        time: options.now,
        actor: { type: 'SYSTEM', identifier: 'audit-retention', name: 'Audit retention' },
        action: 'RETENTION',
        resourceType: 'AUDIT_TRAIL',
        resourceIdentifier: 'audit_events',
        scopeKey: `${options.accountIdentifier}//`,
        outcome: 'SUCCESS',
        clientAddress: 'the server',
        summary: `Removed ${removed} events older than ${options.retentionDays} days (sequences ${head.startSequence}–${lastRemoved})`,
        yamlAfter: stringify({
          retention: {
            days: options.retentionDays,
            removedFrom: head.startSequence,
            removedTo: lastRemoved,
            chainStartsAt: lastRemoved + 1,
            anchorHmac,
          },
        }),
      },
    ])
    return { removed, events }
  })
}

/** The daily job: once now, then every day; a failure is reported and tried again the next day. */
export function startAuditRetention(
  run: () => Promise<RetentionOutcome>,
  report: (line: string) => void,
): { stop: () => void } {
  const once = () =>
    run().then(
      ({ removed }) => {
        if (removed) report(`Audit retention removed ${removed} old events; its own event says which.`)
      },
      (error: unknown) => report(`Audit retention failed: ${error instanceof Error ? error.message : String(error)}`),
    )
  void once()
  const timer = setInterval(() => void once(), DAY_MS)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
