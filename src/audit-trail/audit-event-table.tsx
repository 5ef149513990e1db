import { Fragment, useId, useState } from 'react'
import type { AuditEventDTO } from '../lib/audit-types'
import { RelativeTime } from '../ui/relative-time'
import { StackedTable } from '../ui/stacked-table'
import { AuditEventDetails } from './audit-event-details'
import { actionLabel, eventScopeWords, outcomeLabel, principalTypeLabel, resourceTypeLabel } from './audit-labels'

const COLUMNS = 7

type Props = { events: readonly AuditEventDTO[]; caption: string }

/** The events, newest first; each row opens to its details and YAML diff below it. */
export function AuditEventTable({ events, caption }: Props) {
  const id = useId()
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set())
  const toggle = (auditId: string) =>
    setOpen((current) => {
      const next = new Set(current)
      if (!next.delete(auditId)) next.add(auditId)
      return next
    })

  return (
    <StackedTable
      label="Audit events table"
      caption={caption}
      columns={['Time', 'Who', 'Action', 'Resource', 'Scope', 'Outcome']}
      buttonsColumn="Details"
      className="audit-table"
    >
      {events.map((event) => {
        const expanded = open.has(event.auditId)
        const detailsId = `${id}-${event.auditId}`
        const { principal } = event.authenticationInfo
        const what = `${actionLabel(event.action)} ${resourceTypeLabel(event.resource.type)} ${event.resource.identifier}`
        return (
          <Fragment key={event.auditId}>
            <tr className={expanded ? 'audit-table__row audit-table__row--open' : 'audit-table__row'}>
              <td data-label="Time">
                <RelativeTime timestamp={event.timestamp} />
              </td>
              <th scope="row" data-label="Who">
                {principal.name}
                <span className="muted audit-table__type"> {principalTypeLabel(principal.type)}</span>
              </th>
              <td data-label="Action">{actionLabel(event.action)}</td>
              <td data-label="Resource">
                {resourceTypeLabel(event.resource.type)} <code>{event.resource.identifier}</code>
              </td>
              <td data-label="Scope">{eventScopeWords(event)}</td>
              <td data-label="Outcome">
                <span className={`audit-outcome audit-outcome--${event.outcome.toLowerCase()}`}>
                  {outcomeLabel(event.outcome)}
                </span>
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  className="button button--ghost button--small audit-table__toggle"
                  aria-expanded={expanded}
                  aria-controls={expanded ? detailsId : undefined}
                  aria-label={`Details of event ${event.sequence}: ${what}`}
                  onClick={() => toggle(event.auditId)}
                >
                  <span className="audit-table__chevron" aria-hidden="true">
                    {expanded ? '▾' : '▸'}
                  </span>{' '}
                  Details
                </button>
              </td>
            </tr>
            {expanded ? (
              <tr id={detailsId} className="audit-table__details">
                <td colSpan={COLUMNS}>
                  <AuditEventDetails event={event} />
                </td>
              </tr>
            ) : null}
          </Fragment>
        )
      })}
    </StackedTable>
  )
}
