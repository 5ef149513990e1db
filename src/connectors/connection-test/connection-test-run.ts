import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useCallback, useRef, useState } from 'react'
import { ApiContractError, apiFetch, parseAnswer, readJson } from '../../lib/api-client'
import type { ConnectorValidationResult, TestConnectionEvent, TestStage } from '../../lib/api-types'
import { connectorValidationResultSchema, responseEnvelopeSchema, testConnectionEventSchema } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { connectorKeys } from '../connector-api'

type EventHandler = (event: TestConnectionEvent) => void

const resultEnvelopeSchema = responseEnvelopeSchema(connectorValidationResultSchema)

/** The event types this client knows; a newer server's other events are skipped. */
const KNOWN_EVENT_TYPES: Record<TestConnectionEvent['type'], true> = {
  task: true,
  delegate: true,
  'stage-started': true,
  'stage-finished': true,
  plan: true,
  result: true,
}

function isKnownEventType(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string'
    ? Object.hasOwn(KNOWN_EVENT_TYPES, value.type)
    : true
}

/**
 * One line of the event stream: a known event, or null for an event of a kind this client does
 * not know. A line that is not JSON, or a known event that does not match the contract, throws.
 */
export function parseTestConnectionEvent(
  line: string,
  lineNumber: number,
  request: string,
): TestConnectionEvent | null {
  const where = `line ${lineNumber} of the test's event stream`
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    throw new ApiContractError(200, [`${where} is not JSON`], request)
  }
  if (!isKnownEventType(value)) return null
  return parseAnswer(testConnectionEventSchema, value, `${request}, ${where}`)
}

/**
 * Runs a saved connector's connection test. The server streams what the delegate is doing
 * (one JSON event a line) when it can; a server that only answers with the final result
 * (Harness's own API) works too, the user just sees no intermediate stages.
 */
export async function runConnectionTest(
  scope: Scope,
  identifier: string,
  { signal, onEvent }: { signal?: AbortSignal; onEvent?: EventHandler },
): Promise<ConnectorValidationResult> {
  const path = `/ng/api/connectors/testConnection/${encodeURIComponent(identifier)}`
  const request = `POST ${path}`
  const response = await apiFetch('POST', path, {
    scope,
    signal,
    headers: { Accept: 'application/x-ndjson, application/json' },
    // A server that answers only at the end (Harness's own) may take a whole test's time.
    timeoutMs: 90_000,
  })
  const contentType = response.headers.get('Content-Type') ?? ''
  if (!contentType.includes('application/x-ndjson') || !response.body) {
    const envelope = parseAnswer(resultEnvelopeSchema, await readJson(response, request), request)
    return envelope.data
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  const cancelReader = () => void reader.cancel().catch(() => undefined)
  signal?.addEventListener('abort', cancelReader, { once: true })
  let buffered = ''
  let lineNumber = 0
  try {
    for (;;) {
      const { value, done } = await reader.read()
      // The last line may come without its newline.
      buffered += done ? '\n' : value
      let newline = buffered.indexOf('\n')
      while (newline !== -1) {
        const line = buffered.slice(0, newline).trim()
        buffered = buffered.slice(newline + 1)
        newline = buffered.indexOf('\n')
        lineNumber += 1
        if (!line) continue
        const event = parseTestConnectionEvent(line, lineNumber, request)
        if (!event) continue
        if (event.type === 'result') return event.result
        onEvent?.(event)
      }
      if (done) break
    }
  } finally {
    signal?.removeEventListener('abort', cancelReader)
  }
  if (signal?.aborted) throw new DOMException('The connection test was cancelled.', 'AbortError')
  throw new Error('The connection test ended without a result.')
}

/**
 * A stage as the wizard lists it. `waiting`: planned, not started yet; `skipped`: the test ended
 * (or was cancelled) before it, so it never ran.
 */
export type StageState = 'waiting' | 'running' | 'cancelled' | 'skipped' | TestStage['status']
export type StageProgress = { title: string; status: StageState; stage?: TestStage }

export type ConnectionTestProgress = {
  /** The server's task (real delegates): what Cancel stops. */
  taskId?: string
  /** When the test started, for the elapsed time shown while it runs (the page's clock). */
  startedAt?: number
  delegateName?: string
  stages: StageProgress[]
}

const EMPTY_PROGRESS: ConnectionTestProgress = { stages: [] }

function withStage(stages: readonly StageProgress[], index: number, stage: StageProgress): StageProgress[] {
  // Dense: a stage reported past the end of what is known leaves no hole in the list.
  const next = Array.from({ length: Math.max(stages.length, index + 1) }, (_, at) => stages[at])
  next[index] = stage
  return next.filter((each): each is StageProgress => each !== undefined)
}

export function applyEvent(progress: ConnectionTestProgress, event: TestConnectionEvent): ConnectionTestProgress {
  switch (event.type) {
    case 'task':
      return { ...progress, taskId: event.taskId }
    case 'delegate':
      return { ...progress, delegateName: event.delegateName }
    case 'plan': {
      // The whole list up front, so every run of a connector lists the same stages from the start.
      const planned = event.stages.map(
        (title, index): StageProgress => progress.stages[index] ?? { title, status: 'waiting' },
      )
      return { ...progress, stages: [...planned, ...progress.stages.slice(planned.length)] }
    }
    case 'stage-started':
      return { ...progress, stages: withStage(progress.stages, event.index, { title: event.title, status: 'running' }) }
    case 'stage-finished':
      return {
        ...progress,
        stages: withStage(progress.stages, event.index, {
          title: event.stage.title,
          status: event.stage.status,
          stage: event.stage,
        }),
      }
    default:
      return progress
  }
}

/**
 * The stages once the result is in: the result's own stages are what ran (a delegate may end
 * before its last events went out: its result holds every stage), so none is left running. A
 * failed test that names no failed stage (the delegate was lost, the test ran too long) failed in
 * the stage that was running; what comes after was not run.
 */
export function settleStages(
  progress: ConnectionTestProgress,
  result: ConnectorValidationResult,
): ConnectionTestProgress {
  const seen = progress.stages
  const ran = result.stages.length ? result.stages : seen.flatMap((each) => (each.stage ? [each.stage] : []))
  let blamed = result.status === 'SUCCESS' || ran.some((stage) => stage.status === 'failed')
  const stages = Array.from({ length: Math.max(seen.length, ran.length) }, (_, index): StageProgress => {
    const stage = ran[index]
    if (stage) return { title: stage.title, status: stage.status, stage }
    const { title = '', status } = seen[index] ?? {}
    if (!blamed && status === 'running') {
      blamed = true
      return { title, status: 'failed' }
    }
    return { title, status: 'skipped' }
  })
  return { ...progress, stages }
}

/** Cancelled: the stage that was running did not finish, and those after it will not run. */
export function cancelStages(progress: ConnectionTestProgress): ConnectionTestProgress {
  const stop: Partial<Record<StageState, StageState>> = { running: 'cancelled', waiting: 'skipped' }
  return {
    ...progress,
    stages: progress.stages.map((stage) => ({ ...stage, status: stop[stage.status] ?? stage.status })),
  }
}

/** The stage running now, as the progress heading names it: the list's, never a guess. */
export function runningStage(progress: ConnectionTestProgress): StageProgress | undefined {
  return progress.stages.findLast((stage) => stage.status === 'running')
}

/**
 * Stops a test that runs on a real delegate. Closing the stream alone would not: a test on the
 * server outlives its reader (a reload shows it still running).
 */
export async function cancelConnectionTest(scope: Scope, taskId: string): Promise<void> {
  await apiFetch('POST', `/ng/api/connectors/testConnection/tasks/${encodeURIComponent(taskId)}/cancel`, {
    scope,
  }).catch(() => undefined)
}

/** The wizard's test: start, follow its stages, cancel. */
export function useConnectionTestRun(scope: Scope, identifier: string) {
  const queryClient = useQueryClient()
  const [progress, setProgress] = useState<ConnectionTestProgress>(EMPTY_PROGRESS)
  const controller = useRef<AbortController | null>(null)
  // The running test's task on the server, kept with its scope so that cancel needs no props.
  const task = useRef<{ taskId: string; scope: Scope } | undefined>(undefined)

  const mutation = useMutation({
    mutationFn: (signal: AbortSignal) => {
      task.current = undefined
      const run = runConnectionTest(scope, identifier, {
        signal,
        onEvent: (event) => {
          if (event.type === 'task') task.current = { taskId: event.taskId, scope }
          setProgress((current) => applyEvent(current, event))
        },
      })
      // Over: nothing left to cancel on the server, and no stage of it is running any more.
      return run
        .then((result) => {
          if (!signal.aborted) setProgress((current) => settleStages(current, result))
          return result
        })
        .finally(() => (task.current = undefined))
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: connectorKeys.all }),
  })
  const { mutate, reset } = mutation

  const start = useCallback(() => {
    controller.current?.abort()
    const next = new AbortController()
    controller.current = next
    setProgress({ ...EMPTY_PROGRESS, startedAt: Date.now() })
    reset()
    mutate(next.signal)
  }, [mutate, reset])

  const cancel = useCallback(() => {
    if (controller.current && !controller.current.signal.aborted && task.current) {
      void cancelConnectionTest(task.current.scope, task.current.taskId)
    }
    controller.current?.abort()
    // The stage that was running did not finish: say so, rather than leave it in progress.
    setProgress(cancelStages)
  }, [])

  const cancelled = mutation.error instanceof DOMException && mutation.error.name === 'AbortError'
  return {
    start,
    cancel,
    progress,
    running: mutation.isPending,
    result: mutation.data,
    cancelled,
    error: cancelled ? null : mutation.error,
  }
}
