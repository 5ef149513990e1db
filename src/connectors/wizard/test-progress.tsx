import type { ConnectionTestProgress } from '../connection-test/connection-test-run'
import { ElapsedTime } from './elapsed-time'

type Props = { stageTitle: string; progress: ConnectionTestProgress; running: boolean }

const STATUS_TEXT = { running: 'in progress', cancelled: 'cancelled', passed: 'passed', failed: 'failed' } as const
const MARKERS = { running: '…', cancelled: '–', passed: '✓', failed: '×' } as const

/** What the delegate is doing right now, stage by stage. */
export function TestProgress({ stageTitle, progress, running }: Props) {
  if (!running && progress.stages.length === 0) return null
  return (
    <>
      <div className="test-progress" aria-live="polite" aria-busy={running}>
        {running ? (
          <p className="test-progress__headline" role="status">
            <span className="spinner spinner--inline" aria-hidden="true" />
            {progress.delegateName ? `${stageTitle} on ${progress.delegateName}…` : `${stageTitle}…`}
          </p>
        ) : null}
        <ol className="test-stages">
          {progress.stages.map((stage, index) => (
            <li key={index} className={`test-stage test-stage--${stage.status}`}>
              <span className="test-stage__marker" aria-hidden="true">
                {MARKERS[stage.status]}
              </span>
              {stage.title}
              <span className="visually-hidden"> ({STATUS_TEXT[stage.status]})</span>
              {stage.stage ? <span className="test-stage__time">{formatDuration(stage.stage.durationMs)}</span> : null}
            </li>
          ))}
        </ol>
      </div>
      {running && progress.startedAt !== undefined ? <ElapsedTime startedAt={progress.startedAt} /> : null}
    </>
  )
}

export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`
}
