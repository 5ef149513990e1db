import { randomUUID } from 'node:crypto'
import type { AuditEvent } from '../backend/audit/audit-event'
import type { DelegateDispatch } from '../backend/delegate-dispatch'
import { delegateLost, failureOutcome, notTaken, testTooLong } from '../backend/delegate-outcomes'
import { scopeKey, scopeOfKey } from '../backend/records'
import { describeScope } from '../backend/request-scope'
import type { DataStore } from '../backend/store'
import { recordTestOutcome } from '../backend/test-connection-handlers'
import { assignDelegate, normalizeSelectors } from '../connection-tests/delegate-selection'
import type { ConnectorValidationResult, TestConnectionEvent } from '../lib/api-types'
import { plannedStages } from '../protocols/protocols'
import { appendAuditEvents, type AuditSink, lockAuditHead, writeWithEvent } from './audit/sql-audit-trail'
import { createAgentSide, type AgentSide } from './delegate-agent-side'
import type { SqlClient } from './sql-client'
import * as tokens from './sql-delegate-tokens'
import * as delegates from './sql-delegates'
import * as tasks from './sql-test-tasks'
import { createTaskBook, requesterAudit } from './task-book'

/**
 * Connection tests as tasks in the database, handed to real delegates (sql-delegates.ts). This
 * file is the API's side (start, stream, cancel; DelegateDispatch) and the sweeper; the
 * delegates' side (register, heartbeat, poll, report) is delegate-agent-side.ts, and what both
 * share is task-book.ts. Any number of servers may share the database: a task started through
 * one is claimed by a delegate polling another. The sweeper ends the tests no delegate will end:
 * lost delegates, overlong tests, tasks nobody took.
 */

/** The whole test may take 30 s on the delegate; the manager allows a little more for the answer. */
export const RUNNING_LIMIT_MS = 45_000
export const QUEUED_LIMIT_MS = 60_000

export type DispatchOptions = {
  client: SqlClient
  store: DataStore
  now?: () => number
  /** How often waiters read the database again for changes made by other servers. */
  pollMs?: number
  /** How often overdue tasks are looked for; 0 leaves the sweeper off (tests call sweep()). */
  sweepMs?: number
  heartbeatTimeoutMs?: number
  /** `--public-url`: the address a new token's delegates are told to use. */
  publicUrl?: string
  /** Where a token's audit event goes: appended in the token's write, handed on once committed. */
  trail?: AuditSink
}

export type ServerDispatch = DelegateDispatch & {
  agents: AgentSide
  /** A token for this process's own delegate; never stored. */
  readonly embeddedToken: string
  sweep(): Promise<void>
  /** The server is stopping: waiting polls answer now, new ones are told to come back. */
  stopWaiting(): void
  close(): void
}

export function createServerDispatch(options: DispatchOptions): ServerDispatch {
  const { client: db, store } = options
  const now = options.now ?? Date.now
  const pollMs = options.pollMs ?? 250
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? delegates.HEARTBEAT_TIMEOUT_MS
  const embeddedToken = tokens.newTokenValue()
  const book = createTaskBook({ db, store, now })
  const { queued, progress, relaxed, finishWith, assignmentEvents, stagesOf } = book
  const agents = createAgentSide(book, { embeddedToken, pollMs })

  async function sweep() {
    const overdue = await tasks.overdueTasks(db, {
      now: now(),
      heartbeatTimeoutMs,
      runningLimitMs: RUNNING_LIMIT_MS,
      queuedLimitMs: QUEUED_LIMIT_MS,
    })
    for (const task of overdue) {
      if (task.cancelRequested && task.state === 'running') {
        await tasks.markCancelled(db, task.id, now())
        progress.notify()
        continue
      }
      const name = task.delegateName ?? 'unknown'
      const failure =
        task.why === 'delegate-lost'
          ? delegateLost(name, heartbeatTimeoutMs)
          : task.why === 'too-long'
            ? testTooLong(name, RUNNING_LIMIT_MS)
            : notTaken(task.selectors, QUEUED_LIMIT_MS)
      await finishWith(task, {
        ...failureOutcome(failure),
        ...(task.delegateName ? { delegateId: task.delegateName, delegateName: task.delegateName } : {}),
        stages: stagesOf(task),
        testedAt: now(),
      })
    }
    await tasks.pruneTasks(db, now() - 24 * 3_600_000)
  }

  const sweepMs = options.sweepMs ?? 2_000
  const sweeper = sweepMs > 0 ? setInterval(() => void sweep().catch(() => undefined), sweepMs) : undefined
  sweeper?.unref()

  return {
    agents,
    embeddedToken,
    sweep,
    stopWaiting: () => agents.stopWaiting(),
    close: () => {
      clearInterval(sweeper)
      agents.stopWaiting()
    },

    delegates: (scope) => delegates.listDelegateGroups(db, now(), scopeKey(scope)),

    async startTest(scope, identifier, rawSelectors, requester) {
      const selectors = normalizeSelectors(rawSelectors)
      const task: tasks.NewTask = {
        id: randomUUID(),
        scopeKey: scopeKey(scope),
        identifier,
        selectors,
        createdAt: now(),
        ...(requester ? { requester } : {}),
      }
      // Whether a connected delegate can take it; when none can, the whole list explains why.
      // Either counts only the delegates whose token's scope holds the connector's: another
      // project's delegate would never claim it, and the test would wait for nobody.
      let assignment = assignDelegate(
        selectors,
        await delegates.connectedDelegateGroups(db, now(), task.scopeKey),
        now(),
      )
      if (assignment.failure)
        assignment = assignDelegate(selectors, await delegates.listDelegateGroups(db, now(), task.scopeKey), now())
      if (assignment.failure) {
        // Nobody can take it: over before it starts, as Harness answers at once.
        const stage = { ...assignment.stage, durationMs: 0 }
        const failure = {
          ...assignment.failure,
          explanations: [
            ...assignment.failure.explanations,
            `Only the built-in delegate and those whose token belongs to ${describeScope(scope)} or a scope above it can take this test.`,
          ],
        }
        const result: ConnectorValidationResult = {
          ...failureOutcome(failure),
          stages: [stage],
          testedAt: now(),
          ...(requester ? { startedBy: requester.startedBy } : {}),
        }
        const events: TestConnectionEvent[] = [
          { type: 'stage-started', index: 0, title: stage.title },
          { type: 'stage-finished', index: 0, stage },
        ]
        await tasks.insertFinishedTask(db, task, events, result)
        await recordTestOutcome(store, scope, identifier, result, requesterAudit(requester, now))
        return task.id
      }
      await relaxed((tx) => tasks.insertTask(tx, task))
      queued.notify()
      return task.id
    },

    async events(taskId, signal) {
      const first = await tasks.readTask(db, taskId)
      if (!first) return undefined
      return (async function* () {
        yield { type: 'task', taskId, startedAt: first.createdAt } satisfies TestConnectionEvent
        // Read once: a connector edited while its test runs keeps the list the test started with.
        const tested = await store.getConnector(scopeOfKey(first.scopeKey), first.identifier)
        if (tested) yield { type: 'plan', stages: plannedStages(tested.connector) } satisfies TestConnectionEvent
        let sent = 0
        for (let task: tasks.TaskRow | undefined = first; task; task = await tasks.readTask(db, taskId)) {
          const events = [...assignmentEvents(task), ...task.events]
          for (const event of events.slice(sent)) yield event
          sent = events.length
          if (task.state === 'finished' && task.result) {
            yield { type: 'result', result: task.result } satisfies TestConnectionEvent
            return
          }
          if (task.state === 'cancelled' || signal.aborted) return
          await progress.wait(pollMs, signal)
          if (signal.aborted) return
        }
      })()
    },

    async cancel(taskId, audit) {
      const trail = audit && options.trail
      let events: AuditEvent[] = []
      // With the trail, the cancel and its event commit together (and durably, as every event does).
      const task = trail
        ? await db.transaction(async (tx) => {
            await lockAuditHead(tx)
            const cancelled = await tasks.requestCancel(tx, taskId, now())
            if (cancelled) {
              // Still running: its delegate had it (a queued one is cancelled by this write itself).
              const running = cancelled.state === 'running' ? cancelled.delegateName : undefined
              const change = {
                resource: 'connectionTestCancel',
                scopeKey: cancelled.scopeKey,
                identifier: cancelled.identifier,
                after: running ? { delegateName: running } : {},
              } as const
              events = await appendAuditEvents(tx, trail.key, [audit(change)])
            }
            return cancelled
          })
        : await relaxed((tx) => tasks.requestCancel(tx, taskId, now()))
      if (trail) trail.committed(events)
      queued.notify()
      progress.notify()
      return task !== undefined
    },

    async taskScope(taskId) {
      const task = await tasks.readTask(db, taskId)
      return task ? scopeOfKey(task.scopeKey) : undefined
    },

    openTests: (scope, identifiers) => tasks.openTasks(db, scopeKey(scope), identifiers),

    listTokens: (scope) => tokens.listTokens(db, scopeKey(scope), now()),
    createToken: async (scope, name, event, expiresAt) => {
      const created = await writeWithEvent(
        db,
        options.trail,
        event,
        (q) => tokens.createToken(q, scopeKey(scope), name, now(), expiresAt),
        Boolean,
      )
      return created && options.publicUrl ? { ...created, serverUrl: options.publicUrl } : created
    },
    revokeToken: async (scope, name, event) => {
      const revoked = await writeWithEvent(
        db,
        options.trail,
        event,
        (q) => tokens.revokeToken(q, scopeKey(scope), name, now()),
        Boolean,
      )
      if (revoked) queued.notify()
      return revoked
    },
    removeDelegate: (scope, name, event) =>
      writeWithEvent(
        db,
        options.trail,
        event,
        (q) => delegates.removeDelegate(q, name, scopeKey(scope), now()),
        (removal) => removal === 'removed',
      ),
  }
}
