import type { AuditEventDTO } from '../lib/audit-types'
import { formatAbsolute } from '../ui/relative-time'
import { YamlDiffView } from '../ui/yaml-diff-view'
import { resourceTypeLabel } from './audit-labels'

/** What an expanded row shows: the event's summary, where it came from, and what it changed. */
export function AuditEventDetails({ event }: { event: AuditEventDTO }) {
  const diff = event.yamlDiffRecord
  const subject = `${resourceTypeLabel(event.resource.type).toLowerCase()} ${event.resource.identifier}`
  return (
    <div className="audit-details">
      <dl className="details-list">
        <div>
          <dt>Summary</dt>
          <dd>{event.summary || '—'}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>{formatAbsolute(event.timestamp)}</dd>
        </div>
        <div>
          <dt>Principal</dt>
          <dd>
            {event.authenticationInfo.principal.name} <code>{event.authenticationInfo.principal.identifier}</code>
          </dd>
        </div>
        <div>
          <dt>Client IP</dt>
          <dd>
            <code>{event.requestMetadata.clientIP || '—'}</code>
          </dd>
        </div>
        <div>
          <dt>Sequence number</dt>
          <dd>{event.sequence}</dd>
        </div>
      </dl>
      {diff && (diff.oldYaml !== null || diff.newYaml !== null) ? (
        <YamlDiffView oldYaml={diff.oldYaml} newYaml={diff.newYaml} subject={subject} />
      ) : (
        <p className="muted">This event changed no YAML.</p>
      )}
    </div>
  )
}
