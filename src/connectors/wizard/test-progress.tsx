import type { ConnectionTestProgress, StageState } from '../connection-test/connection-test-run'
import { runningStage } from '../connection-test/connection-test-run'
import { ElapsedTime } from './elapsed-time'

type Props = { progress: ConnectionTestProgress; running: boolean }

/** Said after the title: hidden where the marker already shows it, in plain words where it does not. */
const STATUS_WORDS: Record<StageState, { text: string; visible: boolean }> = {
  running: { text: 'in progress', visible: false },
  cancelled: { text: 'cancelled', visible: false },
  passed: { text: 'passed', visible: false },
  failed: { text: 'failed', visible: false },
  waiting: { text: 'waiting', visible: true },
  skipped: { text: 'not run', visible: true },
}
const MARKERS: Record<StageState, string> = {
  running: '…',
  cancelled: '–',
  passed: '✓',
  failed: '×',
  waiting: '',
  skipped: '',
}

/**
 * What the delegate is doing right now, stage by stage. The heading names the stage the list
 * shows running (one source for both); before any runs, what the test waits for.
 */
export function TestProgress({ progress, running }: Props) {
  if (!running && progress.stages.length === 0) return null
  const current = runningStage(progress)
  const doing = current ? current.title : progress.delegateName ? 'Starting the test' : 'Waiting for a delegate'
  return (
    <>
      <div className="test-progress" aria-live="polite" aria-busy={running}>
        {running ? (
          <p className="test-progress__headline" role="status">
            <span className="spinner spinner--inline" aria-hidden="true" />
            {`${doing}…`}
            {progress.delegateName ? <span className="test-progress__delegate">on {progress.delegateName}</span> : null}
          </p>
        ) : null}
        <ol className="test-stages" aria-label="Test stages">
          {progress.stages.map((stage, index) => {
            const words = STATUS_WORDS[stage.status]
            return (
              <li key={index} className={`test-stage test-stage--${stage.status}`}>
                <span className="test-stage__marker" aria-hidden="true">
                  {MARKERS[stage.status]}
                </span>
                <span className="test-stage__title">
                  {stage.title}
                  {words.visible ? (
                    <span className="test-stage__state"> {words.text}</span>
                  ) : (
                    <span className="visually-hidden"> ({words.text})</span>
                  )}
                </span>
                {stage.stage ? (
                  <span className="test-stage__time">{formatDuration(stage.stage.durationMs)}</span>
                ) : null}
              </li>
            )
          })}
        </ol>
      </div>
      {running && progress.startedAt !== undefined ? <ElapsedTime startedAt={progress.startedAt} /> : null}
    </>
  )
}

export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`
}
