import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useCallback, useRef, useState } from 'react'
import { apiFetch } from '../lib/api-client'
import type { ConnectorValidationResult, ResponseEnvelope, TestConnectionEvent, TestStage } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { connectorKeys } from './connector-api'

type EventHandler = (event: TestConnectionEvent) => void

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
  const response = await apiFetch('POST', `/ng/api/connectors/testConnection/${encodeURIComponent(identifier)}`, {
    scope,
    signal,
    headers: { Accept: 'application/x-ndjson, application/json' },
  })
  const contentType = response.headers.get('Content-Type') ?? ''
  if (!contentType.includes('application/x-ndjson') || !response.body) {
    const envelope = (await response.json()) as ResponseEnvelope<ConnectorValidationResult>
    return envelope.data
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  const cancelReader = () => void reader.cancel().catch(() => undefined)
  signal?.addEventListener('abort', cancelReader, { once: true })
  let buffered = ''
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      buffered += value
      let newline = buffered.indexOf('\n')
      while (newline !== -1) {
        const line = buffered.slice(0, newline).trim()
        buffered = buffered.slice(newline + 1)
        newline = buffered.indexOf('\n')
        if (!line) continue
        const event = JSON.parse(line) as TestConnectionEvent
        if (event.type === 'result') return event.result
        onEvent?.(event)
      }
    }
  } finally {
    signal?.removeEventListener('abort', cancelReader)
  }
  if (signal?.aborted) throw new DOMException('The connection test was cancelled.', 'AbortError')
  throw new Error('The connection test ended without a result.')
}

export type StageProgress = { title: string; status: 'running' | TestStage['status']; stage?: TestStage }

export type ConnectionTestProgress = {
  delegateName?: string
  stages: StageProgress[]
}

const EMPTY_PROGRESS: ConnectionTestProgress = { stages: [] }

function applyEvent(progress: ConnectionTestProgress, event: TestConnectionEvent): ConnectionTestProgress {
  switch (event.type) {
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

/** The wizard's test: start, follow its stages, cancel. */
export function useConnectionTestRun(scope: Scope, identifier: string) {
  const queryClient = useQueryClient()
  const [progress, setProgress] = useState<ConnectionTestProgress>(EMPTY_PROGRESS)
  const controller = useRef<AbortController | null>(null)

  const mutation = useMutation({
    mutationFn: (signal: AbortSignal) =>
      runConnectionTest(scope, identifier, {
        signal,
        onEvent: (event) => setProgress((current) => applyEvent(current, event)),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: connectorKeys.all }),
  })
  const { mutate, reset } = mutation

  const start = useCallback(() => {
    controller.current?.abort()
    const next = new AbortController()
    controller.current = next
    setProgress(EMPTY_PROGRESS)
    reset()
    mutate(next.signal)
  }, [mutate, reset])

  const cancel = useCallback(() => controller.current?.abort(), [])

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
