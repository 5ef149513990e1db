import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ConnectorResponse, ConnectorValidationResult } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { connectorKeys } from '../connector-api'
import type { BulkTarget } from './bulk-targets'

export type BulkFailure = { row: ConnectorResponse; summary: string; result?: ConnectorValidationResult }

export type BulkRetestRun = {
  phase: 'collecting' | 'running' | 'finished' | 'cancelled' | 'error'
  /** What is being re-tested: the list's filter ('matching'), ticked rows, or connectors another page named. */
  target: BulkTarget['kind']
  /** While collecting: how many of how many matching connectors have been read. */
  collected: { read: number; total: number }
  total: number
  tested: number
  failures: BulkFailure[]
  /** The identifiers being tested now (their rows say "Testing…"). */
  testing: ReadonlySet<string>
  error?: string
}

/**
 * Re-tests many connectors with each one's ordinary connection test, BULK_CONCURRENCY
 * (bulk-targets.ts) at a time. Cancel aborts the tests in flight (they are not counted) and
 * starts no more. Each result refreshes the list, as a single Test does, so the rows' statuses
 * change as results come.
 */
export function useBulkRetest(scope: Scope) {
  const queryClient = useQueryClient()
  const [run, setRun] = useState<BulkRetestRun | null>(null)
  const controller = useRef<AbortController | null>(null)

  useEffect(() => () => controller.current?.abort(), [])

  const start = useCallback(
    async (target: BulkTarget) => {
      controller.current?.abort()
      const abort = new AbortController()
      controller.current = abort
      const { signal } = abort
      const change = (update: (current: BulkRetestRun) => Partial<BulkRetestRun>) =>
        setRun((current) => (current && controller.current === abort ? { ...current, ...update(current) } : current))
      setRun({
        phase: 'collecting',
        target: target.kind,
        collected: { read: 0, total: 0 },
        total: 0,
        tested: 0,
        failures: [],
        testing: new Set(),
      })
      // The run's code (and the connection test's) loads with the first run, not with the list.
      try {
        const { runBulkRetest } = await import('./bulk-retest-run')
        await runBulkRetest(scope, target, signal, change, () => {
          void queryClient.invalidateQueries({ queryKey: connectorKeys.all })
        })
      } catch (error) {
        // The chunk could not load (offline, a new deployment): the run ends in words.
        change(() => ({ phase: 'error', error: error instanceof Error ? error.message : String(error) }))
      }
    },
    [queryClient, scope],
  )

  const cancel = useCallback(() => {
    controller.current?.abort()
    // The tests in flight stop at once and are not counted: the run ends now.
    setRun((current) =>
      current && (current.phase === 'collecting' || current.phase === 'running')
        ? { ...current, phase: 'cancelled', testing: new Set() }
        : current,
    )
  }, [])
  const dismiss = useCallback(() => {
    controller.current?.abort()
    controller.current = null
    setRun(null)
  }, [])

  const active = run?.phase === 'collecting' || run?.phase === 'running'
  return { run, active, start, cancel, dismiss }
}

export type BulkRetest = ReturnType<typeof useBulkRetest>

/**
 * What a screen reader hears (in the toolbar's status line, which is there before a run starts): when a run starts and when it ends, not every result (a run of
 * hundreds would talk over everything else). The bar and its text show each step.
 */
export function retestAnnouncement({ phase, target, total, tested, failures }: BulkRetestRun): string {
  const failed = `${failures.length} failed`
  switch (phase) {
    case 'collecting':
      return `${findingWords(target)}.`
    case 'running':
      return `Re-testing ${total} connector${total === 1 ? '' : 's'}.`
    case 'finished':
      return `Re-test finished: ${tested} of ${total} tested, ${failed}.`
    case 'cancelled':
      return `Re-test cancelled: ${tested} of ${total} tested, ${failed}.`
    case 'error':
      return 'The re-test stopped.'
  }
}

/** What a run does while it reads its connectors, in words. */
export function findingWords(target: BulkTarget['kind']): string {
  return target === 'named' ? 'Reading the connectors to test' : 'Finding the connectors that match the filter'
}
