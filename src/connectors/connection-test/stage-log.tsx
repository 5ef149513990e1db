import type { TestStage } from '../../lib/api-types'
import { formatDuration } from '../wizard/test-progress'

/** A connection test's stages, each with its requests and answers as the delegate logged them. */
export function StageLogStages({ stages }: { stages: readonly TestStage[] }) {
  return stages.map((stage, index) => (
    <section key={index} className="stage-log__stage">
      <h4>
        {stage.status === 'passed' ? '✓' : '×'} {stage.title}{' '}
        <span className="muted">({formatDuration(stage.durationMs)})</span>
      </h4>
      <pre>{stage.log.join('\n')}</pre>
    </section>
  ))
}
