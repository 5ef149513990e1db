import os from 'node:os'
import type { z } from 'zod/mini'
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

class RefusedError extends Error {}
class UnknownDelegateError extends Error {}

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

  async function call<T extends z.ZodMiniType>(path: string, body: unknown, schema: T, timeoutMs = 15_000) {
    const signal = AbortSignal.any([stopping.signal, AbortSignal.timeout(timeoutMs)])
    const response = await send(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
      body: JSON.stringify(body),
      signal,
    })
    if (response.status === 401) throw new RefusedError('The server refused the delegate token (401).')
    if (response.status === 404) throw new UnknownDelegateError('The server does not know this delegate.')
    if (!response.ok) throw new Error(`The server answered ${response.status} to ${path}.`)
    const parsed = schema.safeParse(await response.json())
    if (!parsed.success) throw new Error(`The server's answer to ${path} does not match the delegate protocol.`)
    return parsed.data
  }

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
    log(`Registered as ${options.name} (${answer.delegateId})`)
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
        { connector: task.connector, secrets: task.secrets },
        {
          ...(options.caCertificates ? { caCertificates: options.caCertificates } : {}),
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
    if (!stopping.signal.aborted) {
      await call(`/tasks/${encodeURIComponent(task.taskId)}/result`, body, resultResponseSchema).catch(
        (error: unknown) => log(`Could not report task ${task.taskId}: ${String(error)}`),
      )
    }
    running.delete(task.taskId)
    slotFreed()
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

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause
    return cause?.code ?? error.message
  }
  return String(error)
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
