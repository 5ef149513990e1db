import os from 'node:os'
import type { TestStage } from '../lib/api-types'
import {
  DELEGATE_API_PREFIX,
  eventsResponseSchema,
  okResponseSchema,
  pollResponseSchema,
  registerResponseSchema,
  resultResponseSchema,
  type ClaimedTask,
  type StageEvent,
} from './agent-protocol'
import type { CheckOptions, CheckOutcome, CheckTask } from './check-types'
import type { HeldSecretSource } from './held-secrets'
import type { NetworkPolicy } from './network-policy'
import { errorText, RefusedError, serverCaller, sleep, UnknownDelegateError } from './server-caller'

/**
 * A delegate: registers with the server, sends a heartbeat every interval, long-polls for the
 * tasks its tags select (at most `maxConcurrency` at once), runs each check, and reports its
 * stages as they happen and its outcome. When the server is away it retries with backoff (1 s,
 * doubling, at most 30 s) and registers again; a refused token (401) stops it, with words.
 * Secret values arrive inside a task and live only for that check.
 */

export type DelegateOptions = {
  /** The server's base URL (`http://127.0.0.1:3000`). */
  server: string
  token: string
  name: string
  tags?: readonly string[]
  maxConcurrency?: number
  caCertificates?: readonly string[]
  /** Where its tests may connect (network-policy.ts); the defaults when not given. */
  networkPolicy?: NetworkPolicy
  /** Where it reads the secrets it holds (held-secrets.ts); none when not given. */
  heldSecrets?: HeldSecretSource
  hostname?: string
  /** How to reach the server: fetch by default; the embedded delegate calls the app in-process. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>
  runCheck?: (task: CheckTask, options: CheckOptions) => Promise<CheckOutcome>
  log?: (line: string) => void
  /** Called once when the token is refused (401): the delegate has stopped. */
  onRefused?: (message: string) => void
}

export type RunningDelegate = {
  /** Resolves once registered the first time. */
  readonly registered: Promise<string>
  readonly delegateId: () => string | undefined
  /** Stops taking tasks, cancels running ones, tells the server, and resolves when done. */
  stop(): Promise<void>
}

export const DEFAULT_MAX_CONCURRENCY = 8
/** How long stage events wait to go out together (see run()). */
export const EVENT_WINDOW_MS = 50
const MAX_BACKOFF_MS = 30_000
/**
 * How long a finished test's result is offered to a server that does not answer (restarting):
 * past the server's own limit for a running test (45 s), after which it is no longer taken.
 */
export const REPORT_RETRY_MS = 120_000

export function startDelegate(options: DelegateOptions): RunningDelegate {
  const send = options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init))
  const runCheck =
    options.runCheck ??
    (async (task: CheckTask, checkOptions: CheckOptions) =>
      (await import('./checks/run-check')).runConnectionCheck(task, checkOptions))
  const log = options.log ?? (() => undefined)
  const maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY
  const base = `${options.server.replace(/\/+$/, '')}${DELEGATE_API_PREFIX}`
  const stopping = new AbortController()
  const running = new Map<string, AbortController>()
  let delegateId: string | undefined
  let heartbeatMs = 10_000
  let resolveRegistered: (id: string) => void = () => undefined
  const registered = new Promise<string>((resolve) => (resolveRegistered = resolve))

  const call = serverCaller({ base, token: options.token, send, stopping: stopping.signal })

  async function register() {
    const answer = await call(
      '/register',
      {
        name: options.name,
        tags: [...(options.tags ?? [])],
        hostname: options.hostname ?? os.hostname(),
        maxConcurrency,
      },
      registerResponseSchema,
    )
    delegateId = answer.delegateId
    heartbeatMs = answer.heartbeatIntervalMs
    // The id is this process's own: anyone holding it could only use it with this token.
    log(`Registered as ${options.name}`)
    resolveRegistered(answer.delegateId)
  }

  async function report(taskId: string, events: StageEvent[]) {
    const answer = await call(
      `/tasks/${encodeURIComponent(taskId)}/events`,
      { delegateId, events },
      eventsResponseSchema,
    )
    if (answer.cancel) running.get(taskId)?.abort()
  }

  /** Resolves when a running task ends (a slot is free) or after `ms`. */
  let slotFreed: () => void = () => undefined
  const nextFreeSlot = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      slotFreed = done
    })

  async function run(task: ClaimedTask) {
    const controller = new AbortController()
    running.set(task.taskId, controller)
    // Stage events go out in batches, at most EVENT_WINDOW_MS after the first of a batch, in
    // order. A check that ends within the window sends none: its outcome carries every stage, so
    // a fast test costs the server two writes (claim, result), and a slow one still streams.
    let pending: StageEvent[] = []
    let timer: ReturnType<typeof setTimeout> | undefined
    let sending = Promise.resolve()
    const flush = () => {
      timer = undefined
      const batch = pending
      pending = []
      sending = sending.then(() => report(task.taskId, batch)).catch(() => undefined)
    }
    const queue = (event: StageEvent) => {
      pending.push(event)
      timer ??= setTimeout(flush, EVENT_WINDOW_MS)
    }
    let body: unknown
    try {
      const outcome = await runCheck(
        { connector: task.connector, secrets: task.secrets, ...(task.held ? { held: task.held } : {}) },
        {
          ...(options.caCertificates ? { caCertificates: options.caCertificates } : {}),
          ...(options.heldSecrets ? { heldSecrets: options.heldSecrets } : {}),
          ...(options.networkPolicy ? { networkPolicy: options.networkPolicy } : {}),
          delegateName: options.name,
          signal: AbortSignal.any([controller.signal, stopping.signal]),
          onStageStarted: (index, title) => queue({ type: 'stage-started', index, title }),
          onStageFinished: (index, stage: TestStage) => queue({ type: 'stage-finished', index, stage }),
        },
      )
      body = controller.signal.aborted ? { delegateId, cancelled: true } : { delegateId, outcome }
    } catch (error) {
      if (!controller.signal.aborted && !stopping.signal.aborted) log(`Task ${task.taskId} failed: ${String(error)}`)
      body = { delegateId, cancelled: true }
    }
    clearTimeout(timer)
    pending = []
    await sending
    if (!stopping.signal.aborted) await reportResult(task.taskId, body)
    running.delete(task.taskId)
    slotFreed()
  }

  /**
   * A finished test's result, offered until the server takes it: a server restarting in the
   * meantime finds the task still running on this delegate and accepts it. A refusal (token
   * revoked, delegate forgotten) ends the offer: the server would not take it.
   */
  async function reportResult(taskId: string, body: unknown) {
    const path = `/tasks/${encodeURIComponent(taskId)}/result`
    const until = Date.now() + REPORT_RETRY_MS
    let backoff = 500
    for (;;) {
      try {
        await call(path, body, resultResponseSchema)
        return
      } catch (error) {
        const final = error instanceof RefusedError || error instanceof UnknownDelegateError
        if (final || stopping.signal.aborted || Date.now() + backoff > until) {
          log(`Could not report task ${taskId}: ${errorText(error)}`)
          return
        }
        log(`Could not report task ${taskId} yet (${errorText(error)}); retrying in ${backoff / 1000} s`)
        await sleep(backoff, stopping.signal)
        backoff = Math.min(backoff * 2, 10_000)
      }
    }
  }

  async function pollLoop() {
    let backoff = 1_000
    while (!stopping.signal.aborted) {
      try {
        if (!delegateId) await register()
        // Full: ask only for cancellations, once a slot frees or every second.
        if (running.size >= maxConcurrency) await nextFreeSlot(1_000)
        const answer = await call(
          '/poll',
          { delegateId, capacity: Math.max(0, maxConcurrency - running.size) },
          pollResponseSchema,
          60_000,
        )
        backoff = 1_000
        for (const taskId of answer.cancel) running.get(taskId)?.abort()
        for (const task of answer.tasks) void run(task)
      } catch (error) {
        if (stopping.signal.aborted) return
        if (error instanceof RefusedError) {
          log(error.message)
          options.onRefused?.(error.message)
          stopping.abort()
          return
        }
        if (error instanceof UnknownDelegateError) {
          delegateId = undefined
          continue
        }
        log(`The server is not answering (${errorText(error)}); retrying in ${Math.round(backoff / 1000)} s`)
        await sleep(backoff, stopping.signal)
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)
      }
    }
  }

  async function heartbeatLoop() {
    await registered
    while (!stopping.signal.aborted) {
      await sleep(heartbeatMs, stopping.signal)
      if (stopping.signal.aborted || !delegateId) continue
      await call('/heartbeat', { delegateId }, okResponseSchema).catch((error: unknown) => {
        if (error instanceof UnknownDelegateError) delegateId = undefined
      })
    }
  }

  const loops = Promise.all([pollLoop(), heartbeatLoop()])

  return {
    registered,
    delegateId: () => delegateId,
    async stop() {
      const id = delegateId
      stopping.abort()
      for (const controller of running.values()) controller.abort()
      resolveRegistered('')
      await loops.catch(() => undefined)
      if (!id) return
      // A clean stop shows as disconnected at once; its tests end as lost rather than waiting.
      await send(`${base}/disconnect`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
        body: JSON.stringify({ delegateId: id }),
        signal: AbortSignal.timeout(2_000),
      }).catch(() => undefined)
    },
  }
}
