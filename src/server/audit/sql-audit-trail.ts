import type { ChainProblem } from '../../backend/audit/audit-chain'
import { chainLinks, GENESIS, verifyChain } from '../../backend/audit/audit-chain'
import type { AuditActorType, AuditDraft, AuditEvent } from '../../backend/audit/audit-event'
import type { AuditQuery, Page } from '../../backend/store'
import { COUNT_LIMIT } from '../../backend/store'
import type { SqlClient, SqlQueryable, SqlRow } from '../sql-client'
import { num, text } from '../sql-rows'
import { nodeMac } from './node-mac'

/**
 * The audit_events and audit_head tables (migration 12). Events are appended inside the
 * transaction of their change, under the head row's lock (`FOR UPDATE`, held to the end of the
 * transaction as an advisory lock would be), so that servers sharing one PostgreSQL append in one
 * order: each reads the head, chains its events after it, and moves the head, before the next may.
 */

export type AuditHead = {
  lastSequence: number
  lastHmac: string
  startSequence: number
  startPreviousHmac: string
  headMac: string | null
}

function headMac(key: Uint8Array, head: Omit<AuditHead, 'headMac'>): string {
  const content = `head\n${head.lastSequence}\n${head.lastHmac}\n${head.startSequence}\n${head.startPreviousHmac}`
  return nodeMac(key, content)
}

export async function readHead(db: SqlQueryable, lock = false): Promise<AuditHead> {
  const [row] = await db.query(
    `SELECT last_sequence, last_hmac, start_sequence, start_previous_hmac, head_mac FROM audit_head WHERE id = 1${
      lock ? ' FOR UPDATE' : ''
    }`,
  )
  if (!row) throw new Error('audit_head has no row: the database was not migrated')
  return {
    lastSequence: num(row.last_sequence),
    lastHmac: text(row.last_hmac),
    startSequence: num(row.start_sequence),
    startPreviousHmac: text(row.start_previous_hmac),
    headMac: row.head_mac == null ? null : text(row.head_mac),
  }
}

/** Moves the whole head (retention moves its start), under a new MAC; the caller holds its lock. */
export async function writeHead(tx: SqlQueryable, key: Uint8Array, head: Omit<AuditHead, 'headMac'>): Promise<void> {
  await tx.query(
    `UPDATE audit_head SET last_sequence = $1, last_hmac = $2, start_sequence = $3, start_previous_hmac = $4,
            head_mac = $5 WHERE id = 1`,
    [head.lastSequence, head.lastHmac, head.startSequence, head.startPreviousHmac, headMac(key, head)],
  )
}

/**
 * The first step of each audited transaction: the head's lock, before any other lock, so that
 * writers sharing one PostgreSQL take their locks in one order (and a write that appends in its
 * own statement, sql-write-with-head.ts, which locks the head first too, cannot deadlock with them).
 */
export async function lockAuditHead(tx: SqlQueryable): Promise<void> {
  await tx.query('SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE')
}

/** Appends the drafts after the head, in `tx` (the change's own transaction). */
export async function appendAuditEvents(
  tx: SqlQueryable,
  key: Uint8Array,
  drafts: readonly AuditDraft[],
): Promise<AuditEvent[]> {
  return (await appendAfterLockedHead(tx, key, drafts)).events
}

/** As `appendAuditEvents`, answering the head it leaves too (for a process that keeps it). */
export async function appendAfterLockedHead(
  tx: SqlQueryable,
  key: Uint8Array,
  drafts: readonly AuditDraft[],
): Promise<{ events: AuditEvent[]; head: AuditHead }> {
  // The head row's lock orders appends across servers (as a transaction-level advisory lock would),
  // and the read under it sees the head the previous append left.
  const head = await readHead(tx, true)
  if (!drafts.length) return { events: [], head }
  const { events, next, values } = chainedRows(key, head, drafts)
  const at = values.length
  // The events and the head's move in one statement.
  await tx.query(
    `WITH inserted AS (
       INSERT INTO audit_events (${EVENT_COLUMNS.join(', ')})
       VALUES ${eventRows(events.length, 1)} RETURNING 1
     )
     UPDATE audit_head SET last_sequence = $${at + 1}, last_hmac = $${at + 2}, head_mac = $${at + 3}
      WHERE id = 1 AND (SELECT count(*) FROM inserted) = ${events.length}`,
    [...values, next.lastSequence, next.lastHmac, next.headMac],
  )
  return { events, head: next }
}

export const EVENT_COLUMNS = [
  'sequence',
  'time',
  'actor_type',
  'actor_identifier',
  'actor_name',
  'action',
  'resource_type',
  'resource_identifier',
  'scope_key',
  'outcome',
  'client_address',
  'summary',
  'yaml_before',
  'yaml_after',
  'hmac',
]

const EVENT_COLUMN_TYPES = ['bigint', 'bigint', ...Array<string>(13).fill('text')]

/** One event's placeholders, numbered from `first`, typed for a SELECT. */
export function eventValues(first: number): string {
  return EVENT_COLUMN_TYPES.map((type, column) => `$${first + column}::${type}`).join(', ')
}

/** `count` rows of placeholders for the event columns, numbered from `first`, typed for a SELECT. */
export function eventRows(count: number, first: number): string {
  return Array.from({ length: count }, (_, row) => `(${eventValues(first + row * EVENT_COLUMNS.length)})`).join(', ')
}

/** The drafts chained after `head`: the events, the head after them, and their rows' values. */
export function chainedRows(key: Uint8Array, head: AuditHead, drafts: readonly AuditDraft[]) {
  const links = chainLinks(key, { sequence: head.lastSequence, hmac: head.lastHmac }, drafts, nodeMac)
  const events = links.map((link) => link.event)
  // The columns are in the chain's field order, the HMAC last.
  const values: unknown[] = []
  for (const { event, fields } of links) values.push(...fields, event.hmac)
  const last = events.at(-1)!
  const moved = { ...head, lastSequence: last.sequence, lastHmac: last.hmac }
  return { events, values, next: { ...moved, headMac: headMac(key, moved) } }
}

function eventOf(row: SqlRow): AuditEvent {
  return {
    sequence: num(row.sequence),
    time: num(row.time),
    actor: {
      type: text(row.actor_type) as AuditActorType,
      identifier: text(row.actor_identifier),
      name: text(row.actor_name),
    },
    action: text(row.action) as AuditEvent['action'],
    resourceType: text(row.resource_type),
    resourceIdentifier: text(row.resource_identifier),
    scopeKey: text(row.scope_key),
    outcome: text(row.outcome) as AuditEvent['outcome'],
    clientAddress: text(row.client_address),
    summary: text(row.summary),
    ...(row.yaml_before == null ? {} : { yamlBefore: text(row.yaml_before) }),
    ...(row.yaml_after == null ? {} : { yamlAfter: text(row.yaml_after) }),
    hmac: text(row.hmac),
  }
}

export type AuditTrailProblem = ChainProblem | { problem: 'head-altered' }

/**
 * Reads the whole trail in sequence order, a page at a time (a trail of millions of rows is never
 * in memory at once), and answers every place its chain or sequence breaks.
 */
export async function verifyAuditTrail(
  db: SqlQueryable,
  key: Uint8Array,
  pageSize = 5_000,
): Promise<AuditTrailProblem[]> {
  const head = await readHead(db)
  const problems: AuditTrailProblem[] = []
  const untouched = head.lastSequence === 0 && head.headMac === null && head.lastHmac === GENESIS
  if (!untouched && head.headMac !== headMac(key, head)) problems.push({ problem: 'head-altered' })
  let start = { sequence: head.startSequence, previousHmac: head.startPreviousHmac }
  let after = head.startSequence - 1
  for (;;) {
    const rows = await db.query(`SELECT * FROM audit_events WHERE sequence > $1 ORDER BY sequence LIMIT $2`, [
      after,
      pageSize,
    ])
    const events = rows.map(eventOf)
    const last = events.at(-1)
    // Each page verifies from where the last one ended; the end is checked once, after the last page.
    const found = verifyChain(key, events, {
      mac: nodeMac,
      start,
      lastSequence: last ? Math.min(head.lastSequence, last.sequence) : head.lastSequence,
    })
    problems.push(...(last ? found.filter((problem) => problem.problem !== 'missing-at-end') : found))
    if (!last) break
    start = { sequence: last.sequence + 1, previousHmac: last.hmac }
    after = last.sequence
  }
  return problems
}

/** A page of events, newest first; the count stops at COUNT_LIMIT as other lists' do. */
export async function listAuditEvents(db: SqlQueryable, query: AuditQuery): Promise<Page<AuditEvent>> {
  const params: unknown[] = [query.from, query.to]
  const where = ['time >= $1', 'time < $2']
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value)
    where.push(sql(`$${params.length}`))
  }
  if (query.includeChildren) {
    // 'acme//' covers 'acme/…', 'acme/default/' covers 'acme/default/…'.
    add((p) => `starts_with(scope_key, ${p})`, query.scopeKey.replace(/\/+$/, '/'))
  } else add((p) => `scope_key = ${p}`, query.scopeKey)
  if (query.actorIdentifier) add((p) => `actor_identifier = ${p}`, query.actorIdentifier)
  if (query.action) add((p) => `action = ${p}`, query.action)
  if (query.resourceType) add((p) => `resource_type = ${p}`, query.resourceType)
  if (query.resourceIdentifier) add((p) => `resource_identifier = ${p}`, query.resourceIdentifier)
  const filter = where.join(' AND ')
  const rows = await db.query(
    `SELECT * FROM audit_events WHERE ${filter} ORDER BY time DESC, sequence DESC LIMIT ${query.pageSize} OFFSET ${
      query.pageIndex * query.pageSize
    }`,
    params,
  )
  const counted = await db.query(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM audit_events WHERE ${filter} LIMIT ${COUNT_LIMIT + 1}) AS matched`,
    params,
  )
  const total = Number(counted[0]?.n ?? 0)
  return {
    items: rows.map(eventOf),
    total: Math.min(total, COUNT_LIMIT),
    ...(total > COUNT_LIMIT ? { totalIsLowerBound: true } : {}),
  }
}

/** Where a host's writes send their audit events: the chain's key, and who hears of them once committed. */
export type AuditSink = { key: Uint8Array; committed: (events: readonly AuditEvent[]) => void }

/**
 * A host's write and its audit event in one transaction: `write` runs, and when it changed
 * something (`changed`) the event is appended after it; the events are handed on once the
 * transaction has committed. Without an event (a read, or the trail off), `write` runs alone.
 */
export async function writeWithEvent<T>(
  client: SqlClient,
  sink: AuditSink | undefined,
  event: AuditDraft | readonly AuditDraft[] | undefined,
  write: (q: SqlQueryable) => Promise<T>,
  changed: (result: T) => boolean = () => true,
): Promise<T> {
  const drafts = event === undefined ? [] : 'action' in event ? [event] : event
  if (!sink || !drafts.length) return write(client)
  let events: AuditEvent[] = []
  const result = await client.transaction(async (tx) => {
    await lockAuditHead(tx)
    const done = await write(tx)
    if (changed(done)) events = await appendAuditEvents(tx, sink.key, drafts)
    return done
  })
  sink.committed(events)
  return result
}
