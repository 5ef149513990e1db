import { randomUUID } from 'node:crypto'
import type {
  ClaimedTask,
  PollResponse,
  RegisterRequest,
  ResultRequest,
  StageEvent,
} from '../delegate-agent/agent-protocol'
import type { ConnectorValidationResult, TestConnectionEvent } from '../lib/api-types'
import {
  type Answer,
  expired,
  NO_VALID_TOKEN,
  NOT_YOURS,
  ok,
  refused,
  REVOKED,
  STOPPING,
  UNKNOWN,
} from './delegate-refusals'
import { constantTimeEqual } from './security'
import * as tokens from './sql-delegate-tokens'
import * as delegates from './sql-delegates'
import * as tasks from './sql-test-tasks'
import type { TaskBook } from './task-book'
import { secretsForTask } from './task-secrets'

/**
 * The delegates' side of the dispatch (agent-protocol.ts; served by delegate-routes.ts): who may
 * connect, registration and heartbeats, handing out tasks with their secrets, and what the
 * delegates report back.
 *
 * A delegate acts only for itself: registration records the hash of the token it presented, and
 * every later call about that delegate must present the same token (else 403, and nothing
 * changes). The name `local` is the built-in delegate's, whose token is made at each start; any
 * other name belongs to the first token that registered it until that token is revoked.
 */

/** Who presents a valid token: the server's own delegate, or a token made on the Delegates page. */
export type DelegateCaller = { embedded: boolean; tokenName?: string; tokenHash: string }

export type AgentSide = {
  /** Who presents this token; refused (401) when it is unknown, revoked or expired. */
  authenticate(tokenValue: string): Promise<Answer<DelegateCaller>>
  register(
    caller: DelegateCaller,
    request: RegisterRequest,
  ): Promise<Answer<{ delegateId: string; heartbeatIntervalMs: number }>>
  heartbeat(caller: DelegateCaller, delegateId: string): Promise<Answer<true>>
  poll(
    caller: DelegateCaller,
    delegateId: string,
    capacity: number,
    waitMs: number,
    signal: AbortSignal,
  ): Promise<Answer<PollResponse>>
  reportEvents(
    caller: DelegateCaller,
    delegateId: string,
    taskId: string,
    events: readonly StageEvent[],
  ): Promise<Answer<{ cancel: boolean }>>
  reportResult(
    caller: DelegateCaller,
    delegateId: string,
    taskId: string,
    report: ResultRequest,
  ): Promise<Answer<boolean>>
  disconnect(caller: DelegateCaller, delegateId: string): Promise<Answer<true>>
  /** Ends every waiting poll at once (the server is stopping): they answer with no tasks. */
  stopWaiting(): void
  /** How many long polls are waiting for a task now. */
  waitingPolls(): number
}

export function createAgentSide(
  book: TaskBook,
  { embeddedToken, pollMs }: { embeddedToken: string; pollMs: number },
): AgentSide {
  const { db, now, queued, progress, relaxed, finishWith, stagesOf } = book
  const stopping = new AbortController()
  let waitingCount = 0

  /** Why a call about this delegate had nothing to act on. */
  async function refusalFor(caller: DelegateCaller, delegateId: string): Promise<Answer<never>> {
    if ((await delegates.ownership(db, delegateId, caller.tokenHash)) === 'not-yours') return NOT_YOURS
    // A revoked or expired token is told so (and the delegate stops); an unknown delegate registers again.
    if (caller.embedded) return UNKNOWN
    const standing = await tokens.tokenStanding(db, caller.tokenHash, now())
    if (standing.live) return UNKNOWN
    return standing.name !== undefined && standing.expiredAt !== undefined
      ? expired(standing.name, standing.expiredAt)
      : REVOKED
  }

  async function claimFor(
    delegate: delegates.RegisteredDelegate,
    tokenHash: string,
    capacity: number,
  ): Promise<ClaimedTask[] | undefined> {
    const claimed = await relaxed((tx) => tasks.claimTasks(tx, { ...delegate, tokenHash }, capacity, now()))
    const handed: ClaimedTask[] = []
    for (const task of claimed) {
      const prepared = await secretsForTask(book, task)
      if (prepared) handed.push(prepared)
    }
    // A revoke that committed while the secrets were read: the tasks go back, nothing goes out.
    if (handed.length && !(await tasks.delegateLive(db, delegate.id, tokenHash, now()))) {
      await relaxed((tx) =>
        tasks.releaseTasks(
          tx,
          handed.map((task) => task.taskId),
          delegate.id,
        ),
      )
      queued.notify()
      return undefined
    }
    if (claimed.length) progress.notify()
    return handed
  }

  // A poll counts as a heartbeat, written at most once a second per delegate (and token).
  const recentlySeen = new Map<string, { delegate: delegates.RegisteredDelegate; tokenHash: string; at: number }>()
  async function pollHeartbeat(delegateId: string, tokenHash: string) {
    if (recentlySeen.size > 1_000) {
      for (const [id, entry] of recentlySeen) if (now() - entry.at >= 1_000) recentlySeen.delete(id)
    }
    const seen = recentlySeen.get(delegateId)
    if (seen && seen.tokenHash === tokenHash && now() - seen.at < 1_000) return seen.delegate
    const delegate = await relaxed((tx) => delegates.heartbeat(tx, delegateId, tokenHash, now()))
    if (delegate) recentlySeen.set(delegateId, { delegate, tokenHash, at: now() })
    else if (seen?.tokenHash === tokenHash) recentlySeen.delete(delegateId)
    return delegate
  }

  return {
    async authenticate(tokenValue) {
      const tokenHash = tokens.hashToken(tokenValue)
      if (constantTimeEqual(tokenValue, embeddedToken)) return ok({ embedded: true, tokenHash })
      const token = await tokens.unrevokedToken(db, tokenValue)
      if (!token) return NO_VALID_TOKEN
      const at = now()
      // Checked at every call, not only at registration: a token expires under a running delegate.
      if (token.expiresAt !== undefined && at >= token.expiresAt) return expired(token.name, token.expiresAt)
      if (token.lastUsedAt === undefined || at - token.lastUsedAt >= tokens.LAST_USED_PRECISION_MS) {
        await relaxed((tx) => tokens.touchToken(tx, token.name, at))
      }
      return ok({ embedded: false, tokenName: token.name, tokenHash })
    },

    async register(caller, request) {
      const builtInName = request.name.toLowerCase() === delegates.BUILT_IN_DELEGATE_NAME
      if (builtInName && !caller.embedded) {
        return refused(
          403,
          'DELEGATE_NAME_RESERVED',
          `The name ${request.name} is reserved for the server's built-in delegate: start this delegate with another --name.`,
        )
      }
      if (caller.embedded && !builtInName) {
        return refused(
          403,
          'DELEGATE_NAME_RESERVED',
          "The built-in delegate's token registers the delegate local only.",
        )
      }
      const delegateId = randomUUID()
      const registered = await delegates.registerDelegate(
        db,
        delegateId,
        {
          ...request,
          tokenHash: caller.tokenHash,
          ...(caller.tokenName === undefined ? {} : { tokenName: caller.tokenName }),
        },
        now(),
      )
      if (!registered.ok && registered.refusal === 'name-taken') {
        return refused(
          403,
          'DELEGATE_NAME_TAKEN',
          `Delegates named ${request.name} connect with another token: start this one with that token, or with another --name.`,
        )
      }
      if (!registered.ok) {
        return refused(
          403,
          'DELEGATE_TAG_RESERVED',
          `The tag ${registered.tag} is the name of another delegate: a tag cannot stand for another delegate; remove it from --tags.`,
        )
      }
      queued.notify()
      return ok({ delegateId, heartbeatIntervalMs: delegates.HEARTBEAT_INTERVAL_MS })
    },

    async heartbeat(caller, delegateId) {
      const delegate = await relaxed((tx) => delegates.heartbeat(tx, delegateId, caller.tokenHash, now()))
      return delegate ? ok(true) : refusalFor(caller, delegateId)
    },

    async poll(caller, delegateId, capacity, waitMs, signal) {
      if (stopping.signal.aborted) return STOPPING
      const delegate = await pollHeartbeat(delegateId, caller.tokenHash)
      if (!delegate) return refusalFor(caller, delegateId)
      const waiting = AbortSignal.any([signal, stopping.signal])
      // A full delegate asks for cancellations only: it gets them at once, without waiting.
      const until = capacity > 0 ? now() + waitMs : now()
      for (;;) {
        const state = await tasks.pollState(db, delegateId, caller.tokenHash, now())
        if (!state.live) return refusalFor(caller, delegateId)
        // Most polls find nothing queued: then no claim's write. A reader that went away (or a
        // server stopping) gets nothing claimed for it: a task it never sees waits for the sweeper.
        const claimed =
          state.queued && capacity > 0 && !waiting.aborted ? await claimFor(delegate, caller.tokenHash, capacity) : []
        if (!claimed) return refusalFor(caller, delegateId)
        if (claimed.length || state.cancel.length || now() >= until || waiting.aborted) {
          return ok({ tasks: claimed, cancel: state.cancel })
        }
        waitingCount += 1
        try {
          await queued.wait(Math.min(pollMs * 4, until - now()), waiting)
        } finally {
          waitingCount -= 1
        }
      }
    },

    async reportEvents(caller, delegateId, taskId, events) {
      // The server's assignment stage is stage 0; the delegate numbers its own from 0.
      const shifted: TestConnectionEvent[] = events.map((event) => ({ ...event, index: event.index + 1 }))
      const answer = await relaxed((tx) => tasks.appendEvents(tx, taskId, shifted, delegateId, caller.tokenHash))
      if (!answer.running && (await delegates.ownership(db, delegateId, caller.tokenHash)) === 'not-yours') {
        return NOT_YOURS
      }
      progress.notify()
      return ok({ cancel: answer.cancelRequested })
    },

    async reportResult(caller, delegateId, taskId, report) {
      // Only a delegate proven to be the caller's ends a test.
      const owner = await delegates.ownership(db, delegateId, caller.tokenHash)
      if (owner === 'not-yours') return NOT_YOURS
      if (owner === 'unknown') return UNKNOWN
      const task = await tasks.readTask(db, taskId)
      if (!task || task.delegateId !== delegateId) return ok(false)
      if ('cancelled' in report) {
        const cancelled = await relaxed((tx) => tasks.markCancelled(tx, taskId, now(), delegateId))
        progress.notify()
        return ok(cancelled)
      }
      const { outcome } = report
      const result: ConnectorValidationResult = {
        ...(outcome.result as Omit<ConnectorValidationResult, 'stages' | 'testedAt'>),
        delegateId: task.delegateName,
        delegateName: task.delegateName,
        stages: [...stagesOf({ ...task, events: [] }), ...outcome.stages],
        testedAt: now(),
      }
      return ok(await finishWith(task, result, delegateId))
    },

    async disconnect(caller, delegateId) {
      if (await delegates.disconnectDelegate(db, delegateId, caller.tokenHash, now())) {
        recentlySeen.delete(delegateId)
        return ok(true)
      }
      // Disconnecting twice is fine; someone else's delegate is not.
      return (await delegates.ownership(db, delegateId, caller.tokenHash)) === 'not-yours' ? NOT_YOURS : ok(true)
    },

    stopWaiting() {
      stopping.abort()
      queued.notify()
    },

    waitingPolls: () => waitingCount,
  }
}
