type Props = { done: number; total: number; summary: string }

/** How far the import's writes are; the summary is announced when it ends. */
export function ImportProgress({ done, total, summary }: Props) {
  return (
    <div className="bulk-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} documents done`}
      >
        <div className="progress__bar" style={{ width: `${(done / (total || 1)) * 100}%` }} />
      </div>
      <p role="status" aria-live="polite">
        {summary}
      </p>
    </div>
  )
}
