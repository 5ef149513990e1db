import { randomUUID } from 'node:crypto'
import type { DelegateDispatch } from '../backend/delegate-dispatch'
import { assignmentStage, delegateLost, failureOutcome, notTaken, testTooLong } from '../backend/delegate-outcomes'
import { scopeKey, scopeOfKey } from '../backend/records'
import { resolveSecretReference } from '../backend/secret-reference-rules'
import { assignDelegate, normalizeSelectors } from '../backend/simulator/delegate-selection'
import type { DataStore } from '../backend/store'
import { recordTestOutcome } from '../backend/test-connection-handlers'
import { credentialsToSend } from '../connector-types/auth-methods'
import type {
  ClaimedTask,
  PollResponse,
  RegisterRequest,
  ResultRequest,
  StageEvent,
} from '../delegate-agent/agent-protocol'
import type { ConnectorValidationResult, TestConnectionEvent } from '../lib/api-types'
import type { SqlClient, SqlQueryable } from './sql-client'
import * as delegates from './sql-delegates'
import * as tasks from './sql-test-tasks'
import { WakeUp } from './wake-up'

/**
 * Connection tests as tasks in the database, handed to real delegates (sql-delegates.ts). This is
 * both sides: the API's (start, stream, cancel; DelegateDispatch) and the delegates' (register,
 * heartbeat, poll, report; delegate-routes.ts). Any number of servers may share the database: a
 * task started through one is claimed by a delegate polling another. A sweeper ends the tests no
 * delegate will end: lost delegates, overlong tests, tasks nobody took.
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
}

export type AgentSide = {
  /** Who presents a valid token: a token's name, or no name for the server's own delegate. */
  authenticate(tokenValue: string): Promise<{ tokenName?: string } | undefined>
  register(
    request: RegisterRequest,
    caller: { tokenName?: string },
  ): Promise<{ delegateId: string; heartbeatIntervalMs: number }>
  heartbeat(delegateId: string): Promise<boolean>
  poll(delegateId: string, capacity: number, waitMs: number, signal: AbortSignal): Promise<PollResponse | undefined>
  reportEvents(delegateId: string, taskId: string, events: readonly StageEvent[]): Promise<{ cancel: boolean }>
  reportResult(delegateId: string, taskId: string, report: ResultRequest): Promise<boolean>
  disconnect(delegateId: string): Promise<void>
}

export type ServerDispatch = DelegateDispatch & {
  agents: AgentSide
  /** A token for this process's own delegate; never stored. */
  readonly embeddedToken: string
  sweep(): Promise<void>
  close(): void
}

export function createServerDispatch(options: DispatchOptions): ServerDispatch {
  const { client: db, store } = options
  const now = options.now ?? Date.now
  const pollMs = options.pollMs ?? 250
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? delegates.HEARTBEAT_TIMEOUT_MS
  const embeddedToken = delegates.newTokenValue()
  // Delegates waiting for work wake on `queued`; readers of a test's events on `progress`.
  const queued = new WakeUp()
  const progress = new WakeUp()
  /**
   * A task's own writes (claims, heartbeats, stage events) need not wait for the disk: they are
   * transient, and a crash loses a test in flight anyway. Without this each would be a synced
   * commit, several milliseconds apiece. What a test leaves (the connector's status and history)
   * is written durably, by the store.
   */
  const relaxed = <T>(write: (tx: SqlQueryable) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await tx.query('SET LOCAL synchronous_commit TO OFF')
      return write(tx)
    })

  async function finishWith(task: tasks.TaskRow, result: ConnectorValidationResult, delegateId?: string) {
    const finished = await relaxed((tx) => tasks.finishTask(tx, task.id, result, now(), delegateId))
    if (finished) await recordTestOutcome(store, scopeOfKey(task.scopeKey), task.identifier, result)
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

  async function claimFor(delegate: delegates.RegisteredDelegate, capacity: number): Promise<ClaimedTask[]> {
    const selectors = delegates.selectorsOf(delegate.name, delegate.tags)
    const claimed = await relaxed((tx) => tasks.claimTasks(tx, { ...delegate, selectors }, capacity, now()))
    const handed: ClaimedTask[] = []
    for (const task of claimed) {
      const scope = scopeOfKey(task.scopeKey)
      const record = await store.getConnector(scope, task.identifier)
      if (!record) {
        await relaxed((tx) => tasks.markCancelled(tx, task.id, now()))
        continue
      }
      // The secrets' values go to the delegate inside the task only; the task row never has them.
      const secrets: Record<string, string> = {}
      const credentials = credentialsToSend(record.connector.spec)
      if (credentials.scheme === 'basic') {
        for (const reference of [credentials.passwordRef, credentials.usernameRef ?? ''].filter(Boolean)) {
          const secret = await resolveSecretReference(store, reference, scope)
          if (secret) secrets[reference] = secret.value
        }
      }
      handed.push({ taskId: task.id, connector: record.connector, secrets })
    }
    if (handed.length) progress.notify()
    return handed
  }

  const recentlySeen = new Map<string, { delegate: delegates.RegisteredDelegate; at: number }>()
  async function pollHeartbeat(delegateId: string) {
    const seen = recentlySeen.get(delegateId)
    if (seen && now() - seen.at < 1_000) return seen.delegate
    const delegate = await relaxed((tx) => delegates.heartbeat(tx, delegateId, now()))
    if (delegate) recentlySeen.set(delegateId, { delegate, at: now() })
    else recentlySeen.delete(delegateId)
    return delegate
  }

  const agents: AgentSide = {
    async authenticate(tokenValue) {
      if (tokenValue === embeddedToken) return {}
      const tokenName = await delegates.tokenNameFor(db, tokenValue)
      return tokenName === undefined ? undefined : { tokenName }
    },
    async register(request, caller) {
      const delegateId = randomUUID()
      await delegates.registerDelegate(db, delegateId, { ...request, ...caller }, now())
      queued.notify()
      return { delegateId, heartbeatIntervalMs: delegates.HEARTBEAT_INTERVAL_MS }
    },
    async heartbeat(delegateId) {
      return (await relaxed((tx) => delegates.heartbeat(tx, delegateId, now()))) !== undefined
    },
    async poll(delegateId, capacity, waitMs, signal) {
      // A poll counts as a heartbeat (a delegate busy polling is alive), written at most once a second.
      const delegate = await pollHeartbeat(delegateId)
      if (!delegate) return undefined
      // A full delegate asks for cancellations only: it gets them at once, without waiting.
      const until = capacity > 0 ? now() + waitMs : now()
      for (;;) {
        const { queued: waiting, cancel } = await tasks.pollState(db, delegateId)
        // Most polls find nothing queued: then no claim's write. A reader that went away gets
        // nothing claimed for it: a claimed task it never sees would wait for the sweeper.
        const claimed = waiting && capacity > 0 && !signal.aborted ? await claimFor(delegate, capacity) : []
        if (claimed.length || cancel.length || now() >= until || signal.aborted) return { tasks: claimed, cancel }
        await queued.wait(Math.min(pollMs * 4, until - now()), signal)
      }
    },
    async reportEvents(delegateId, taskId, events) {
      // The server's assignment stage is stage 0; the delegate numbers its own from 0.
      const shifted: TestConnectionEvent[] = events.map((event) => ({ ...event, index: event.index + 1 }))
      const answer = await relaxed((tx) => tasks.appendEvents(tx, taskId, shifted, delegateId))
      progress.notify()
      return { cancel: answer.cancelRequested }
    },
    async reportResult(delegateId, taskId, report) {
      const task = await tasks.readTask(db, taskId)
      if (!task || task.delegateId !== delegateId) return false
      if ('cancelled' in report) {
        const cancelled = await relaxed((tx) => tasks.markCancelled(tx, taskId, now(), delegateId))
        progress.notify()
        return cancelled
      }
      const { outcome } = report
      const result: ConnectorValidationResult = {
        ...(outcome.result as Omit<ConnectorValidationResult, 'stages' | 'testedAt'>),
        delegateId: task.delegateName,
        delegateName: task.delegateName,
        stages: [...stagesOf({ ...task, events: [] }), ...outcome.stages],
        testedAt: now(),
      }
      return finishWith(task, result, delegateId)
    },
    async disconnect(delegateId) {
      recentlySeen.delete(delegateId)
      await delegates.disconnectDelegate(db, delegateId, now())
    },
  }

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
    close: () => clearInterval(sweeper),

    delegates: () => delegates.listDelegateGroups(db, now()),

    async startTest(scope, identifier, rawSelectors) {
      const selectors = normalizeSelectors(rawSelectors)
      const task = { id: randomUUID(), scopeKey: scopeKey(scope), identifier, selectors, createdAt: now() }
      // Whether a connected delegate can take it; when none can, the whole list explains why.
      let assignment = assignDelegate(selectors, await delegates.connectedDelegateGroups(db, now()), now())
      if (assignment.failure)
        assignment = assignDelegate(selectors, await delegates.listDelegateGroups(db, now()), now())
      if (assignment.failure) {
        // Nobody can take it: over before it starts, as Harness answers at once.
        const stage = { ...assignment.stage, durationMs: 0 }
        const result: ConnectorValidationResult = {
          ...failureOutcome(assignment.failure),
          stages: [stage],
          testedAt: now(),
        }
        const events: TestConnectionEvent[] = [
          { type: 'stage-started', index: 0, title: stage.title },
          { type: 'stage-finished', index: 0, stage },
        ]
        await tasks.insertFinishedTask(db, task, events, result)
        await recordTestOutcome(store, scope, identifier, result)
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

    async cancel(taskId) {
      const task = await relaxed((tx) => tasks.requestCancel(tx, taskId, now()))
      queued.notify()
      progress.notify()
      return task !== undefined
    },

    openTests: (scope, identifiers) => tasks.openTasks(db, scopeKey(scope), identifiers),

    listTokens: () => delegates.listTokens(db),
    createToken: (name) => delegates.createToken(db, name, now()),
    revokeToken: async (name) => {
      const revoked = await delegates.revokeToken(db, name, now())
      if (revoked) queued.notify()
      return revoked
    },
  }
}
