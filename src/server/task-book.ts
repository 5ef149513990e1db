import { changeDescriber } from '../backend/audit/describe-change'
import type { AuditDescriber } from '../backend/audit/store-change'
import type { TestRequester } from '../backend/delegate-dispatch'
import { assignmentStage } from '../backend/delegate-outcomes'
import { scopeOfKey } from '../backend/records'
import type { DataStore } from '../backend/store'
import { recordTestOutcome } from '../backend/test-connection-handlers'
import type { ConnectorValidationResult, TestConnectionEvent } from '../lib/api-types'
import type { SqlClient, SqlQueryable } from './sql-client'
import * as tasks from './sql-test-tasks'
import { WakeUp } from './wake-up'

/**
 * What both sides of the delegate dispatch share (delegate-dispatch.ts, delegate-agent-side.ts):
 * the database, its clock, how a task's writes commit, the wake-ups of this process, and how a
 * task ends and is read back.
 */
export type TaskBook = ReturnType<typeof createTaskBook>

/** The audit describer of a test that ends after its request: the task kept who asked, and from where. */
export function requesterAudit(requester: TestRequester | undefined, now: () => number): AuditDescriber | undefined {
  return requester ? changeDescriber(requester.startedBy, requester.clientAddress, now) : undefined
}

export function createTaskBook({ db, store, now }: { db: SqlClient; store: DataStore; now: () => number }) {
  // Delegates waiting for work wake on `queued`; readers of a test's events on `progress`.
  const queued = new WakeUp()
  const progress = new WakeUp()
  /**
   * A task's own writes (claims, heartbeats, stage events) need not wait for the disk: they are
   * transient, and a crash loses a test in flight anyway. Without this each would be a synced
   * commit. What a test leaves (the connector's status and history) is written durably, by the
   * store.
   */
  const relaxed = <T>(write: (tx: SqlQueryable) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await tx.query('SET LOCAL synchronous_commit TO OFF')
      return write(tx)
    })

  /** Ends an open task with its result and keeps it for the connector; false when it was over already. */
  async function finishWith(task: tasks.TaskRow, answered: ConnectorValidationResult, delegateId?: string) {
    const { requester } = task
    const result = requester ? { ...answered, startedBy: requester.startedBy } : answered
    const finished = await relaxed((tx) => tasks.finishTask(tx, task.id, result, now(), delegateId))
    if (finished) {
      const audit = requesterAudit(requester, now)
      await recordTestOutcome(store, scopeOfKey(task.scopeKey), task.identifier, result, audit)
    }
    progress.notify()
    return finished !== undefined
  }

  /**
   * What the manager did before the delegate's own stages: which delegate took the task, and
   * how long that took. Derived from the task row, so a claim is one write.
   */
  function assignmentEvents(task: tasks.TaskRow): TestConnectionEvent[] {
    if (!task.delegateName || task.claimedAt === undefined) return []
    const stage = assignmentStage(task.selectors, task.delegateName, task.claimedAt - task.createdAt)
    return [
      { type: 'delegate', delegateId: task.delegateName, delegateName: task.delegateName },
      { type: 'stage-started', index: 0, title: stage.title },
      { type: 'stage-finished', index: 0, stage },
    ]
  }

  /** The task's finished stages so far, the assignment first, for a result that ends it from outside. */
  function stagesOf(task: tasks.TaskRow) {
    return [...assignmentEvents(task), ...task.events].flatMap((event) =>
      event.type === 'stage-finished' ? [event.stage] : [],
    )
  }

  return { db, store, now, queued, progress, relaxed, finishWith, assignmentEvents, stagesOf }
}
