import { useEffect, useId, useRef } from 'react'
import type { ConnectorResponse } from '../../lib/api-types'
import { Button } from '../../ui/button'
import type { BulkRetest, BulkRetestRun } from './bulk-retest'
import { findingWords } from './bulk-retest'

type Props = {
  retest: BulkRetest & { run: BulkRetestRun }
  onShowDetails: (row: ConnectorResponse) => void
}

const TITLES: Record<BulkRetestRun['phase'], string> = {
  collecting: 'Re-testing connectors',
  running: 'Re-testing connectors',
  finished: 'Re-test finished',
  cancelled: 'Re-test cancelled',
  error: 'Re-test stopped',
}

/** The progress of a bulk re-test, Cancel while it runs, and the failures when it ends. */
export function BulkRetestPanel({ retest, onShowDetails }: Props) {
  const { run, active } = retest
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement | null>(null)
  const ended = !active
  // Cancel goes when the run ends: if it had focus, the summary's heading takes it.
  useEffect(() => {
    if (ended && (document.activeElement === document.body || document.activeElement === null)) {
      heading.current?.focus()
    }
  }, [ended])

  const progress = `${run.tested} of ${run.total} tested, ${run.failures.length} failed`
  return (
    <section className="bulk-run" aria-labelledby={headingId}>
      <div className="bulk-run__header">
        <h2 id={headingId} ref={heading} tabIndex={-1} className="bulk-run__title">
          {TITLES[run.phase]}
        </h2>
        {/* Keyed: a new button, not Cancel renamed, so that focus moves to the heading. */}
        {active ? (
          <Button key="cancel" size="small" onClick={retest.cancel}>
            Cancel
          </Button>
        ) : (
          <Button key="close" size="small" variant="ghost" onClick={retest.dismiss}>
            Close summary
          </Button>
        )}
      </div>
      {run.phase === 'collecting' ? (
        <p className="muted">
          {findingWords(run.target)}
          {run.collected.total ? `: ${run.collected.read} of ${run.collected.total}` : ''}…
        </p>
      ) : (
        <div className="bulk-progress">
          <div
            className="progress"
            role="progressbar"
            aria-labelledby={headingId}
            aria-valuemin={0}
            aria-valuemax={run.total}
            aria-valuenow={run.tested}
            aria-valuetext={progress}
          >
            <div className="progress__bar" style={{ width: `${(run.tested / (run.total || 1)) * 100}%` }} />
          </div>
          <p className="bulk-progress__text">{progress}</p>
        </div>
      )}
      {run.error ? <p className="field__error">{run.error}</p> : null}
      {run.failures.length ? (
        <>
          <h3 className="bulk-run__subtitle">Failed</h3>
          <ul className="bulk-run__failures">
            {run.failures.map(({ row, summary, result }) => (
              <li key={row.connector.identifier}>
                <span className="connector-cell__name">{row.connector.name}</span>
                <span className="bulk-run__summary">{summary}</span>
                <Button
                  size="small"
                  variant="link"
                  aria-label={`Details of ${row.connector.name}`}
                  onClick={() =>
                    onShowDetails(
                      result
                        ? {
                            ...row,
                            status: {
                              status: 'FAILURE',
                              errorSummary: summary,
                              errors: result.errors,
                              testedAt: result.testedAt,
                            },
                          }
                        : row,
                    )
                  }
                >
                  Details
                </Button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}
