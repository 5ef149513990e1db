import { CONNECTIVITY_STATUS_LABELS } from '../../lib/api-types'
import type { ConnectorConnectivityDetails } from '../../lib/api-types'
import { RelativeTime } from '../../ui/relative-time'
import { SampleDataMark } from '../../ui/sample-data-mark'

/** Harness's error summary is `<category> (<message>)`: the category is what a list row has room for. */
export function failureCategory(errorSummary: string): string {
  const open = errorSummary.indexOf(' (')
  return open > 0 ? errorSummary.slice(0, open) : errorSummary
}

/**
 * A failure in full, as Details and the test history word it: each error's reason and message
 * (the summary only repeats the first of them), or the summary when the result has no errors.
 */
export function failureReasons(result: Pick<ConnectorConnectivityDetails, 'errorSummary' | 'errors'>): string[] {
  if (result.errors?.length) return result.errors.map((error) => `${error.reason}: ${error.message}`)
  return result.errorSummary ? [result.errorSummary] : []
}

type Props = {
  status: ConnectorConnectivityDetails
  testing: boolean
  /** A list row shows the kind of failure; Details shows its reason and detail, once. */
  detail?: 'short' | 'full'
}

export function ConnectivityBadge({ status, testing, detail = 'short' }: Props) {
  if (testing) {
    return (
      <span className="badge badge--running" role="status">
        <span className="spinner spinner--inline" aria-hidden="true" />
        Testing…
      </span>
    )
  }
  const tested = status.testedAt ?? status.lastTestedAt
  return (
    <span className="connectivity">
      <span className={`badge badge--${status.status.toLowerCase()}`} title={status.errorSummary}>
        {CONNECTIVITY_STATUS_LABELS[status.status]}
      </span>
      {tested ? (
        <span className="connectivity__time">
          <RelativeTime timestamp={tested} />
          {status.sample ? <SampleDataMark what="no test ran; test the connector for a real result" /> : null}
        </span>
      ) : null}
      {status.status === 'FAILURE' && detail === 'short' && status.errorSummary ? (
        <span className="connectivity__summary">{failureCategory(status.errorSummary)}</span>
      ) : null}
      {status.status === 'FAILURE' && detail === 'full'
        ? failureReasons(status).map((reason, index) => (
            <span key={`${index}:${reason}`} className="connectivity__reason">
              {reason}
            </span>
          ))
        : null}
    </span>
  )
}
