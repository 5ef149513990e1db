import type { StoredConnector } from '../records'
import type { AuditDraft } from './audit-event'

/**
 * What a store write changed, one entity at a time, as the store sees it inside the write's
 * transaction: the record before (none for a create) and after (none for a delete). The store
 * asks the request's describer for the event and appends it in that same transaction, so an event
 * never exists without its change, nor a change without its event.
 */
export type StoreChange = {
  resource: 'connector'
  scopeKey: string
  identifier: string
  before?: StoredConnector
  after?: StoredConnector
}

/** The request's: who asks, from where; it turns a change into the event to append. */
export type AuditDescriber = (change: StoreChange) => AuditDraft
