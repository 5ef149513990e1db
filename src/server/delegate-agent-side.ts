import { randomUUID } from 'node:crypto'
import { scopeOfKey } from '../backend/records'
import { resolveSecretReference } from '../backend/secret-reference-rules'
import { credentialsToSend } from '../connector-types/auth-methods'
import type {
  ClaimedTask,
  PollResponse,
  RegisterRequest,
  ResultRequest,
  StageEvent,
} from '../delegate-agent/agent-protocol'
import type { ConnectorValidationResult, TestConnectionEvent } from '../lib/api-types'
import * as delegates from './sql-delegates'
import * as tasks from './sql-test-tasks'
import type { TaskBook } from './task-book'

/**
 * The delegates' side of the dispatch (agent-protocol.ts; served by delegate-routes.ts): who may
 * connect, registration and heartbeats, handing out tasks with their secrets, and what the
 * delegates report back.
 */

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

export function createAgentSide(
  book: TaskBook,
  { embeddedToken, pollMs }: { embeddedToken: string; pollMs: number },
): AgentSide {
  const { db, store, now, queued, progress, relaxed, finishWith, stagesOf } = book

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

  return {
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
}
