import { useEffect, useState } from 'react'
import { usePrincipals } from '../access-control/access-control-api'
import { ApiError } from '../lib/api-client'
import { scopeWords, useScopePermissions } from '../lib/use-permissions'
import { useCurrentScope } from '../scopes/scope-context'
import { Button } from '../ui/button'
import { LoadFailedNotice } from '../ui/load-failed-notice'
import { readQueryParams, replaceQueryParams } from '../ui/navigation'
import { Notice } from '../ui/notice'
import { AUDIT_PAGE_SIZE, EXPORT_CAP, useAuditEvents, useExportAuditEvents } from './audit-api'
import { AuditEventTable } from './audit-event-table'
import { AuditFilterBar } from './audit-filter-bar'
import type { AuditFilters, AuditListParams } from './audit-filters'
import {
  QUERY_NAMES,
  auditQueryValues,
  defaultCustomDays,
  isFiltered,
  parseAuditParams,
  timeWindow,
} from './audit-filters'
import './audit-trail.css'

const count = (value: number) => value.toLocaleString('en-US')

/**
 * Who did what here and in the scopes below: the audit trail of this scope, newest first, with
 * filters kept in the address, each event's YAML before and after, and an export of what matches.
 */
export function AuditTrailPage() {
  const scope = useCurrentScope()
  const [list, setList] = useState<AuditListParams>(() => parseAuditParams(readQueryParams()))
  // The account's people for the "who" filter, when the caller may list them; else a text field.
  const account = { accountIdentifier: scope.accountIdentifier }
  const mayListPeople = useScopePermissions(account, ['core_user_view']).permitted('core_user_view')
  const principals = usePrincipals(scope, mayListPeople, 'acted')
  const actorType = principals.data?.find((entry) => entry.identifier === list.actor)?.type ?? 'USER'
  const validRange = timeWindow(list) !== null
  const page = useAuditEvents(scope, list, actorType, validRange)
  const exporting = useExportAuditEvents(scope)
  const refused = page.error instanceof ApiError && page.error.status === 403

  const addressKey = JSON.stringify(auditQueryValues(list))
  useEffect(() => replaceQueryParams(JSON.parse(addressKey) as Record<string, string>), [addressKey])
  // The filters are this page's: the page that comes next does not get them.
  useEffect(() => () => replaceQueryParams(Object.fromEntries(QUERY_NAMES.map((name) => [name, undefined]))), [])

  const change = (next: Partial<AuditFilters>) => {
    exporting.reset()
    setList((current) => ({
      ...current,
      ...next,
      // A custom range starts from the last 7 days, not from a range chosen long ago.
      ...(next.range === 'custom' && current.range !== 'custom' ? defaultCustomDays() : {}),
      pageIndex: 0,
    }))
  }
  const setPageIndex = (pageIndex: number) => setList((current) => ({ ...current, pageIndex }))

  const rows = page.data?.content ?? []
  const total = page.data?.totalItems ?? 0
  const moreThanTotal = page.data?.totalIsLowerBound === true
  const first = rows.length ? list.pageIndex * AUDIT_PAGE_SIZE + 1 : 0
  const last = first ? first + rows.length - 1 : 0
  const hasNext = moreThanTotal ? rows.length === AUDIT_PAGE_SIZE : last < total
  const where = scopeWords(scope)

  return (
    <section className="page" aria-labelledby="audit-trail-heading">
      <div className="page__header">
        <div>
          <h1 id="audit-trail-heading" tabIndex={-1}>
            Audit Trail
          </h1>
          <p className="muted page__subtitle">
            Who changed what in {where}
            {scope.projectIdentifier ? '' : ' and everything below it'}, newest first.
          </p>
        </div>
        {refused ? null : (
          <div className="page__header-actions">
            <Button
              busy={exporting.isPending}
              disabled={!validRange}
              onClick={() => exporting.mutate({ filters: list, actorType })}
            >
              Export
            </Button>
          </div>
        )}
      </div>

      {refused ? (
        <Notice tone="warning" role="alert" title="You cannot view the audit trail here">
          {page.error?.message}. Ask an administrator of {where} for a role that may view audit trails
          (core_audit_view).
        </Notice>
      ) : (
        <>
          <AuditFilterBar
            value={list}
            onChange={change}
            onClear={() => change({ actor: '', action: '', resourceType: '', resource: '' })}
            principals={principals.data}
          />
          <ExportOutcome exporting={exporting} />
          {page.isError ? (
            <LoadFailedNotice
              title="The audit trail could not be read"
              error={page.error}
              onRetry={() => void page.refetch()}
            />
          ) : null}
        </>
      )}

      <p className="muted audit-count" role="status" aria-live="polite">
        {rows.length
          ? `${count(first)}–${count(last)} of ${count(total)}${moreThanTotal ? '+' : ''} ${total === 1 ? 'event' : 'events'}`
          : ''}
      </p>
      {page.isPending && validRange && !refused ? (
        <p className="muted" role="status">
          Loading events…
        </p>
      ) : null}
      {page.data && !rows.length ? (
        <p className="empty-state">
          {isFiltered(list) ? 'No event in this time range matches these filters.' : 'No event in this time range.'}
        </p>
      ) : null}
      {rows.length ? <AuditEventTable events={rows} caption={`Audit events of ${where}, newest first`} /> : null}

      {rows.length && (list.pageIndex > 0 || hasNext) ? (
        <nav className="pagination" aria-label="Audit event pages">
          <Button size="small" disabled={list.pageIndex === 0} onClick={() => setPageIndex(list.pageIndex - 1)}>
            Previous
          </Button>
          <span>Page {list.pageIndex + 1}</span>
          <Button
            size="small"
            disabled={!hasNext || page.isPlaceholderData}
            onClick={() => setPageIndex(list.pageIndex + 1)}
          >
            Next
          </Button>
        </nav>
      ) : null}
    </section>
  )
}

function ExportOutcome({ exporting }: { exporting: ReturnType<typeof useExportAuditEvents> }) {
  if (exporting.isError) {
    return (
      <Notice tone="danger" role="alert" title="The events could not be exported">
        {exporting.error.message}
      </Notice>
    )
  }
  const result = exporting.data
  if (!result) return null
  return (
    <Notice tone={result.capped ? 'warning' : 'success'} role="status">
      {result.count === 0
        ? 'No event matches these filters: nothing was exported.'
        : result.capped
          ? `Exported the newest ${count(EXPORT_CAP)} events to ${result.fileName}; the export stops there. Narrow the time range or filters for the rest.`
          : `Exported ${count(result.count)} ${result.count === 1 ? 'event' : 'events'} to ${result.fileName}.`}
    </Notice>
  )
}
