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

export type StageProgress = { title: string; status: 'running' | 'cancelled' | TestStage['status']; stage?: TestStage }

export type ConnectionTestProgress = {
  /** The server's task (real delegates): what Cancel stops. */
  taskId?: string
  /** When the test started, for the elapsed time shown while it runs (the page's clock). */
  startedAt?: number
  delegateName?: string
  stages: StageProgress[]
}

const EMPTY_PROGRESS: ConnectionTestProgress = { stages: [] }

function applyEvent(progress: ConnectionTestProgress, event: TestConnectionEvent): ConnectionTestProgress {
  switch (event.type) {
    case 'task':
      return { ...progress, taskId: event.taskId }
    case 'delegate':
      return { ...progress, delegateName: event.delegateName }
    case 'stage-started': {
      const stages = [...progress.stages]
      stages[event.index] = { title: event.title, status: 'running' }
      return { ...progress, stages }
    }
    case 'stage-finished': {
      const stages = [...progress.stages]
      stages[event.index] = { title: event.stage.title, status: event.stage.status, stage: event.stage }
      return { ...progress, stages }
    }
    default:
      return progress
  }
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
      // Over: nothing left to cancel on the server.
      return run.finally(() => (task.current = undefined))
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
    setProgress((current) => ({
      ...current,
      stages: current.stages.map((stage) => (stage.status === 'running' ? { ...stage, status: 'cancelled' } : stage)),
    }))
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
