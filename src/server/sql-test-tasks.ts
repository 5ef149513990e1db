import type { TestRequester } from '../backend/delegate-dispatch'
import type { ConnectorValidationResult, TestConnectionEvent, TestStartedBy } from '../lib/api-types'
import type { SqlQueryable } from './sql-client'
import { tokenAccepted } from './sql-delegate-tokens'
import { BUILT_IN_DELEGATE_NAME, delegateIsLive, takesScope } from './sql-delegates'
import { BUMP_CHANGE_COUNT, json, num, text } from './sql-rows'

/**
 * The test_tasks table (migration 3). States: `queued` → `running` (claimed by one delegate) →
 * `finished` (with its result) or `cancelled` (nothing kept). Every transition is one statement
 * conditioned on the state it leaves, so that two servers (or a delegate and the sweeper) never
 * both finish one task.
 */

export type TaskState = 'queued' | 'running' | 'finished' | 'cancelled'

export type TaskRow = {
  id: string
  scopeKey: string
  identifier: string
  selectors: string[]
  state: TaskState
  delegateId?: string
  delegateName?: string
  createdAt: number
  claimedAt?: number
  cancelRequested: boolean
  events: TestConnectionEvent[]
  result?: ConnectorValidationResult
  /** Who asked (none for the bench's runs without the audit trail, and tasks from before). */
  requester?: TestRequester
}

/** A task as the API queues it. */
export type NewTask = {
  id: string
  scopeKey: string
  identifier: string
  selectors: readonly string[]
  createdAt: number
  requester?: TestRequester
}

const COLUMNS = `id, scope_key, identifier, selectors, state, delegate_id, delegate_name, created_at, claimed_at,
  cancel_requested, events, result, started_by, client_address`

function taskOf(row: Record<string, unknown>): TaskRow {
  return {
    id: text(row.id),
    scopeKey: text(row.scope_key),
    identifier: text(row.identifier),
    selectors: json<string[]>(row.selectors),
    state: text(row.state) as TaskState,
    ...(row.delegate_id == null ? {} : { delegateId: text(row.delegate_id) }),
    ...(row.delegate_name == null ? {} : { delegateName: text(row.delegate_name) }),
    createdAt: num(row.created_at),
    ...(row.claimed_at == null ? {} : { claimedAt: num(row.claimed_at) }),
    cancelRequested: row.cancel_requested === true,
    events: json<TestConnectionEvent[]>(row.events),
    ...(row.result == null ? {} : { result: json<ConnectorValidationResult>(row.result) }),
    ...(row.started_by == null
      ? {}
      : { requester: { startedBy: json<TestStartedBy>(row.started_by), clientAddress: text(row.client_address) } }),
  }
}

/** Queues a task and moves the change counter, in one statement: open lists show the test running. */
export async function insertTask(db: SqlQueryable, task: NewTask): Promise<void> {
  await db.query(
    `WITH queued AS (
       INSERT INTO test_tasks (id, scope_key, identifier, selectors, state, created_at, started_by, client_address)
       VALUES ($1, $2, $3, $4::text::jsonb, 'queued', $5, $6::text::jsonb, $7) RETURNING 1
     )
     ${BUMP_CHANGE_COUNT} AND EXISTS (SELECT 1 FROM queued)`,
    [task.id, task.scopeKey, task.identifier, JSON.stringify(task.selectors), task.createdAt, ...requesterParams(task)],
  )
}

function requesterParams(task: NewTask): [string | null, string | null] {
  return task.requester ? [JSON.stringify(task.requester.startedBy), task.requester.clientAddress] : [null, null]
}

/** A test that ends before any delegate takes it (no eligible delegate): written finished. */
export async function insertFinishedTask(
  db: SqlQueryable,
  task: NewTask,
  events: readonly TestConnectionEvent[],
  result: ConnectorValidationResult,
): Promise<void> {
  await db.query(
    `INSERT INTO test_tasks (id, scope_key, identifier, selectors, state, created_at, finished_at, events, result,
                             started_by, client_address)
     VALUES ($1, $2, $3, $4::text::jsonb, 'finished', $5, $5, $6::text::jsonb, $7::text::json, $8::text::jsonb, $9)`,
    [
      task.id,
      task.scopeKey,
      task.identifier,
      JSON.stringify(task.selectors),
      task.createdAt,
      JSON.stringify(events),
      JSON.stringify(result),
      ...requesterParams(task),
    ],
  )
}

export async function readTask(db: SqlQueryable, id: string): Promise<TaskRow | undefined> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM test_tasks WHERE id = $1`, [id])
  return rows[0] ? taskOf(rows[0]) : undefined
}

/**
 * Hands up to `max` queued tasks whose selectors are all among the delegate's to it, oldest
 * first, if, in the same statement, the delegate is still connected under this token and the
 * token is neither revoked nor expired. The delegate's selectors are its own name and those of its tags that are
 * not another delegate's name: `local`, or a name another live token owns (a tag cannot stand for
 * another delegate). Only tasks in its token's scope or below (issue 19), read in this statement
 * too, so that no token's scope is read apart from its claim. `SKIP LOCKED`: delegates polling
 * through different servers never take one task twice.
 */
export async function claimTasks(
  db: SqlQueryable,
  delegate: { id: string; name: string; tokenHash: string },
  max: number,
  now: number,
): Promise<TaskRow[]> {
  if (max <= 0) return []
  const rows = await db.query(
    `UPDATE test_tasks SET state = 'running', delegate_id = $1, delegate_name = $2, claimed_at = $3
      WHERE id IN (
        SELECT t.id FROM test_tasks t
         WHERE t.state = 'queued' AND t.selectors <@ (
           SELECT jsonb_build_array(lower(d.name)) || coalesce(jsonb_agg(usable.tag), '[]'::jsonb)
             FROM delegates d
             LEFT JOIN LATERAL (
               SELECT tag FROM jsonb_array_elements_text(d.tags) AS tag
                WHERE tag <> '${BUILT_IN_DELEGATE_NAME}' AND NOT EXISTS (
                  SELECT 1 FROM delegate_names n JOIN delegate_tokens k ON k.name = n.token_name
                   WHERE n.name_key = tag AND ${tokenAccepted('k', '$3')} AND n.token_name IS DISTINCT FROM d.token_name)
             ) usable ON true
            WHERE d.id = $1
            GROUP BY d.name)
           AND EXISTS (SELECT 1 FROM delegates d WHERE d.id = $1 AND ${takesScope('d', 't.scope_key')})
         ORDER BY t.created_at
         LIMIT $4
         FOR UPDATE SKIP LOCKED)
        AND ${delegateIsLive('$1', '$5', '$3')}
      RETURNING ${COLUMNS}`,
    [delegate.id, delegate.name, now, max, delegate.tokenHash],
  )
  return rows.map(taskOf)
}

/** Puts tasks this delegate claimed back in the queue (it may not have them after all). */
export async function releaseTasks(db: SqlQueryable, ids: readonly string[], delegateId: string): Promise<void> {
  if (!ids.length) return
  await db.query(
    `UPDATE test_tasks SET state = 'queued', delegate_id = NULL, delegate_name = NULL, claimed_at = NULL
      WHERE id = ANY($1::text[]) AND state = 'running' AND delegate_id = $2`,
    [[...ids], delegateId],
  )
}

/**
 * What a poll needs to know, in one read: whether the delegate may still take work (connected
 * under this token, the token neither revoked nor expired at `now`), whether any task waits for a
 * delegate (a partial index; a claim's write only then), and which of this delegate's running
 * tasks were cancelled.
 */
export async function pollState(
  db: SqlQueryable,
  delegateId: string,
  tokenHash: string,
  now: number,
): Promise<{ live: boolean; queued: boolean; cancel: string[] }> {
  const rows = await db.query(
    `SELECT ${delegateIsLive('$1', '$2', '$3')} AS live,
            EXISTS (SELECT 1 FROM test_tasks WHERE state = 'queued') AS queued,
            ARRAY(SELECT id FROM test_tasks WHERE delegate_id = $1 AND state = 'running' AND cancel_requested) AS cancel`,
    [delegateId, tokenHash, now],
  )
  const row = rows[0]
  return {
    live: row?.live === true,
    queued: row?.queued === true,
    cancel: Array.isArray(row?.cancel) ? row.cancel.map(text) : [],
  }
}

/** Whether delegate `delegateId` is connected under this token and the token is accepted at `now`. */
export async function delegateLive(
  db: SqlQueryable,
  delegateId: string,
  tokenHash: string,
  now: number,
): Promise<boolean> {
  const rows = await db.query(`SELECT ${delegateIsLive('$1', '$2', '$3')} AS live`, [delegateId, tokenHash, now])
  return rows[0]?.live === true
}

/**
 * Appends events to a running task (of this delegate, when given, registered with this token);
 * answers whether it is to stop.
 */
export async function appendEvents(
  db: SqlQueryable,
  id: string,
  events: readonly TestConnectionEvent[],
  delegateId?: string,
  tokenHash?: string,
): Promise<{ running: boolean; cancelRequested: boolean }> {
  const rows = await db.query(
    `UPDATE test_tasks SET events = events || $2::text::jsonb
      WHERE id = $1 AND state = 'running' AND ($3::text IS NULL OR delegate_id = $3)
        AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM delegates d WHERE d.id = $3 AND d.token_hash = $4))
      RETURNING cancel_requested`,
    [id, JSON.stringify(events), delegateId ?? null, tokenHash ?? null],
  )
  const row = rows[0]
  return row
    ? { running: true, cancelRequested: row.cancel_requested === true }
    : { running: false, cancelRequested: true }
}

/** Finishes an open task with its result; undefined when it was already over (or not this delegate's). */
export async function finishTask(
  db: SqlQueryable,
  id: string,
  result: ConnectorValidationResult,
  now: number,
  delegateId?: string,
): Promise<TaskRow | undefined> {
  const rows = await db.query(
    `UPDATE test_tasks SET state = 'finished', finished_at = $3, result = $2::text::json
      WHERE id = $1 AND state IN ('queued', 'running') AND ($4::text IS NULL OR delegate_id = $4)
      RETURNING ${COLUMNS}`,
    [id, JSON.stringify(result), now, delegateId ?? null],
  )
  return rows[0] ? taskOf(rows[0]) : undefined
}

/**
 * Cancel: a queued task is over at once; a running one is marked, and ends when its delegate
 * has stopped (it learns on its next call) or is lost.
 */
export async function requestCancel(db: SqlQueryable, id: string, now: number): Promise<TaskRow | undefined> {
  const rows = await db.query(
    `UPDATE test_tasks
        SET cancel_requested = true,
            state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE state END,
            finished_at = CASE WHEN state = 'queued' THEN $2 ELSE finished_at END
      WHERE id = $1 AND state IN ('queued', 'running')
      RETURNING ${COLUMNS}`,
    [id, now],
  )
  return rows[0] ? taskOf(rows[0]) : undefined
}

export async function markCancelled(db: SqlQueryable, id: string, now: number, delegateId?: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE test_tasks SET state = 'cancelled', finished_at = $2
      WHERE id = $1 AND state = 'running' AND ($3::text IS NULL OR delegate_id = $3) RETURNING id`,
    [id, now, delegateId ?? null],
  )
  return rows.length > 0
}

export async function openTasks(
  db: SqlQueryable,
  scopeKey: string,
  identifiers: readonly string[],
): Promise<Map<string, string>> {
  if (!identifiers.length) return new Map()
  const rows = await db.query(
    `SELECT identifier, id FROM test_tasks
      WHERE scope_key = $1 AND identifier = ANY($2::text[]) AND state IN ('queued', 'running')
      ORDER BY created_at`,
    [scopeKey, [...identifiers]],
  )
  return new Map(rows.map((row) => [text(row.identifier), text(row.id)]))
}

/**
 * Open tasks that will never end by themselves: running on a delegate whose heartbeats stopped,
 * running past the whole test's limit, or queued past the time a delegate has to take one.
 */
export async function overdueTasks(
  db: SqlQueryable,
  limits: { now: number; heartbeatTimeoutMs: number; runningLimitMs: number; queuedLimitMs: number },
): Promise<(TaskRow & { why: 'delegate-lost' | 'too-long' | 'not-taken' })[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS.split(',')
      .map((column) => `t.${column.trim()}`)
      .join(', ')},
            CASE
              WHEN t.state = 'queued' THEN 'not-taken'
              WHEN d.id IS NULL OR d.disconnected_at IS NOT NULL OR d.last_heartbeat < $1 THEN 'delegate-lost'
              ELSE 'too-long'
            END AS why
       FROM test_tasks t LEFT JOIN delegates d ON d.id = t.delegate_id
      WHERE (t.state = 'queued' AND t.created_at < $3)
         OR (t.state = 'running' AND (d.id IS NULL OR d.disconnected_at IS NOT NULL OR d.last_heartbeat < $1
                                      OR t.claimed_at < $2))`,
    [limits.now - limits.heartbeatTimeoutMs, limits.now - limits.runningLimitMs, limits.now - limits.queuedLimitMs],
  )
  return rows.map((row) => ({ ...taskOf(row), why: text(row.why) as 'delegate-lost' | 'too-long' | 'not-taken' }))
}

/** Finished and cancelled tasks older than a day go: the history keeps what matters. */
export async function pruneTasks(db: SqlQueryable, before: number): Promise<void> {
  await db.query(`DELETE FROM test_tasks WHERE state IN ('finished', 'cancelled') AND finished_at < $1`, [before])
}
