import type { TestHistoryEntry } from '../../lib/api-types'
import type { StoredRoleAssignment } from '../access/role-assignments'
import type { StoredApiKey, StoredApiToken, StoredServiceAccount } from '../access/service-accounts'
import type { StoredConnector, StoredPipeline, StoredScope, StoredSecret } from '../records'
import type { AuditDraft } from './audit-event'

/**
 * What a store write changed, one entity at a time, as the store sees it inside the write's
 * transaction: the record before (none for a create) and after (none for a delete). The store
 * asks the request's describer for the event and appends it in that same transaction, so an event
 * never exists without its change, nor a change without its event.
 */
type Change<R extends string, T> = { resource: R; scopeKey: string; identifier: string; before?: T; after?: T }

export type StoreChange =
  | Change<'connector', StoredConnector>
  | Change<'secret', StoredSecret>
  | Change<'pipeline', StoredPipeline>
  | Change<'scope', StoredScope>
  | Change<'roleAssignment', StoredRoleAssignment>
  // A finished connection test: `after` is its result, written with the connector's history.
  | Change<'connectionTest', TestHistoryEntry>
  // A connection test cancelled through the API, written with the cancel: it keeps no result, but
  // a delegate that had taken it may already have sent the connector's credentials to the registry.
  | Change<'connectionTestCancel', { delegateName?: string }>
  // Kept by the host (the server's), not the store: their handlers describe them before writing.
  | Change<'serviceAccount', StoredServiceAccount>
  | Change<'apiKey', StoredApiKey>
  | Change<'apiToken', StoredApiToken>
  // A create's `after` has its expiry (none: never); a revoke's its revokedAt.
  | Change<'delegateToken', { name: string; revokedAt?: number; expiresAt?: number | null }>
  // A disconnected delegate taken off the list (issue 21); `before` only.
  | Change<'delegate', { name: string }>
  // People, kept by the server's sign-in: never a password or its hash.
  | Change<'user', { identifier: string; name: string; email: string }>

export type StoreResource = StoreChange['resource']

/** The changes of the store's own records, which the stores describe inside their writes. */
export type StoreRecordChange = Extract<
  StoreChange,
  { resource: 'connector' | 'secret' | 'pipeline' | 'scope' | 'roleAssignment' }
>

/** The request's: who asks, from where; it turns a change into the event to append. */
export type AuditDescriber = (change: StoreChange) => AuditDraft

/** Where a record lives and what it is called, for its change. */
export function changeOf<T extends StoreRecordChange>(
  resource: T['resource'],
  before: T['before'],
  after: T['after'],
): T | undefined {
  const record = after ?? before
  if (!record) return undefined
  const at = 'kind' in record ? { scopeKey: record.key, identifier: record.identifier } : identityOf(record)
  return { resource, ...at, ...(before ? { before } : {}), ...(after ? { after } : {}) } as T
}

function identityOf(record: StoredConnector | StoredSecret | StoredPipeline | StoredRoleAssignment) {
  if ('connector' in record) return { scopeKey: record.scopeKey, identifier: record.connector.identifier }
  if ('secret' in record) return { scopeKey: record.scopeKey, identifier: record.secret.identifier }
  return { scopeKey: record.scopeKey, identifier: record.identifier }
}
