import { CONNECTIVITY_STATUS_LABELS } from '../lib/api-types'
import type { ConnectorConnectivityDetails } from '../lib/api-types'
import { RelativeTime } from '../ui/relative-time'

export function ConnectivityBadge({ status, testing }: { status: ConnectorConnectivityDetails; testing: boolean }) {
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
        </span>
      ) : null}
      {status.status === 'FAILURE' && status.errorSummary ? (
        <span className="connectivity__summary">{status.errorSummary}</span>
      ) : null}
    </span>
  )
}
