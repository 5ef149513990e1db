import type { AuditQuery, Page } from '../store'
import { COUNT_LIMIT } from '../store'
import type { AuditEvent } from './audit-event'

/** Whether an event is of the query's scope (or below it, with `includeChildren`). */
export function inAuditScope(event: AuditEvent, query: Pick<AuditQuery, 'scopeKey' | 'includeChildren'>): boolean {
  if (!query.includeChildren) return event.scopeKey === query.scopeKey
  return event.scopeKey.startsWith(query.scopeKey.replace(/\/+$/, '/'))
}

/** A page of events in memory (the demo's store), as the SQL store answers it: newest first. */
export function pageOfAuditEvents(events: readonly AuditEvent[], query: AuditQuery): Page<AuditEvent> {
  const matching = events
    .filter(
      (event) =>
        event.time >= query.from &&
        event.time < query.to &&
        inAuditScope(event, query) &&
        (!query.actorIdentifier || event.actor.identifier === query.actorIdentifier) &&
        (!query.action || event.action === query.action) &&
        (!query.resourceType || event.resourceType === query.resourceType) &&
        (!query.resourceIdentifier || event.resourceIdentifier === query.resourceIdentifier),
    )
    .sort((a, b) => b.time - a.time || b.sequence - a.sequence)
  const start = query.pageIndex * query.pageSize
  return {
    items: matching.slice(start, start + query.pageSize),
    total: Math.min(matching.length, COUNT_LIMIT),
    ...(matching.length > COUNT_LIMIT ? { totalIsLowerBound: true } : {}),
  }
}
