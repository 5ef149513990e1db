import type { Scope } from '../../lib/scope'
import { cancelConnectionTest, runConnectionTest } from '../connection-test/connection-test-run'
import type { BulkFailure, BulkRetestRun } from './bulk-retest'
import type { BulkTarget } from './bulk-targets'
import { BULK_CONCURRENCY, collectTarget, runWithConcurrency, scopeOfRow } from './bulk-targets'

type Change = (update: (current: BulkRetestRun) => Partial<BulkRetestRun>) => void

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError'

/**
 * One bulk re-test (loaded when the first starts): reads the target's rows, then runs each
 * connector's ordinary connection test, BULK_CONCURRENCY at a time, reporting through `change`.
 * A test aborted by Cancel is not counted; `onResult` follows each test that ended.
 */
export async function runBulkRetest(
  scope: Scope,
  target: BulkTarget,
  signal: AbortSignal,
  change: Change,
  onResult: () => void,
): Promise<void> {
  try {
    const rows = await collectTarget(scope, target, signal, (read, total) =>
      change(() => ({ collected: { read, total } })),
    )
    change(() => ({ phase: 'running', total: rows.length }))
    await runWithConcurrency(rows, BULK_CONCURRENCY, signal, async (row) => {
      const { identifier } = row.connector
      change((current) => ({ testing: new Set(current.testing).add(identifier) }))
      let failure: BulkFailure | undefined
      // On a real delegate the test outlives its reader: Cancel stops its task too.
      let taskId: string | undefined
      const stopTask = () => void (taskId && cancelConnectionTest(scopeOfRow(scope.accountIdentifier, row), taskId))
      signal.addEventListener('abort', stopTask, { once: true })
      try {
        // A named target's connectors are of several scopes: each is tested at its own.
        const result = await runConnectionTest(scopeOfRow(scope.accountIdentifier, row), identifier, {
          signal,
          onEvent: (event) => {
            if (event.type === 'task') taskId = event.taskId
          },
        })
        if (result.status === 'FAILURE') failure = { row, result, summary: result.errorSummary ?? 'Failed' }
      } catch (error) {
        if (isAbort(error) || signal.aborted) return
        failure = { row, summary: error instanceof Error ? error.message : String(error) }
      } finally {
        signal.removeEventListener('abort', stopTask)
        change((current) => {
          const testing = new Set(current.testing)
          testing.delete(identifier)
          return { testing }
        })
        onResult()
      }
      change((current) => ({
        tested: current.tested + 1,
        failures: failure ? [...current.failures, failure] : current.failures,
      }))
    })
    change(() => ({ phase: signal.aborted ? 'cancelled' : 'finished', testing: new Set() }))
  } catch (error) {
    change(() =>
      isAbort(error) || signal.aborted
        ? { phase: 'cancelled', testing: new Set() }
        : { phase: 'error', error: error instanceof Error ? error.message : String(error), testing: new Set() },
    )
  }
}
