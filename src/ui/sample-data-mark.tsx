/**
 * Marks what the demo and the simulated world made up rather than recorded (a connection test
 * that never ran, a pipeline's times): sample data, so that nobody reads it as history.
 */
export function SampleDataMark({ what }: { what: string }) {
  return (
    <span className="sample-mark" title={what}>
      Sample data<span className="visually-hidden">: {what}</span>
    </span>
  )
}
