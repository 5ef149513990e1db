import type {
  ConnectivityStatus,
  ConnectorConnectivityDetails,
  DelegateGroup,
  TestHistoryEntry,
} from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { PrincipalRef } from './access/principal'
import type { StoredRoleAssignment } from './access/role-assignments'
import type { AuditDraft, AuditEvent } from './audit/audit-event'
import type { AuditDescriber } from './audit/store-change'
import type { ScopeKind, StoredConnector, StoredPipeline, StoredScope, StoredSecret } from './records'

/**
 * What the backend keeps its data in. The core (the API's handlers) speaks only to this
 * interface; the browser demo implements it over memory and IndexedDB, the server over
 * PostgreSQL (embedded PGlite or a real server). One contract test suite runs against every
 * implementation (`store-contract.ts`).
 *
 * Writes are conditional where the API needs them to be: a create never overwrites, an update
 * or delete given the version it was read at refuses a newer record, and nothing is changed
 * when a write is refused. A write resolves once it is durable: an answered request survives a
 * reload or a crash.
 */

/** Why a write was refused. */
export type WriteRefusal =
  /** Create: the identifier is taken in the scope. */
  | 'exists'
  /** Update or delete: there is no such record (any more). */
  | 'not-found'
  /** Update or delete: the record changed since the version the caller read. */
  | 'conflict'

export type WriteResult<T> = { ok: true; record: T } | { ok: false; refusal: WriteRefusal; current?: T }

export type DeleteResult = { ok: true } | { ok: false; refusal: Exclude<WriteRefusal, 'exists'>; current?: unknown }

/** The orders the connector list offers; each has its index in the SQL stores. */
export type ConnectorSort = 'lastModified' | 'name' | 'lastTested'

/**
 * One tag a listed connector must carry, lower-cased: `key` alone matches the key with any value
 * (or none), `key` with `value` that exact tag, ignoring case.
 */
export type ConnectorTagFilter = { key: string; value?: string }

export type ConnectorListQuery = {
  /** Lower-cased words the record's `searchText` must contain, as typed; '' for all. */
  searchTerm: string
  types?: readonly string[]
  statuses?: readonly ConnectivityStatus[]
  /** Tags the connector must all carry. */
  tags?: readonly ConnectorTagFilter[]
  sort?: ConnectorSort
  /** Ascending or descending; each sort has its natural default (newest first, A to Z). */
  direction?: 'asc' | 'desc'
  pageIndex: number
  pageSize: number
}

export type SimpleListQuery = { searchTerm: string; pageIndex: number; pageSize: number }

/**
 * The audit events a page shows: those of `scopeKey` (and of the scopes below it with
 * `includeChildren`), in a time range, optionally of one actor, action, resource type and resource.
 */
export type AuditQuery = {
  scopeKey: string
  includeChildren: boolean
  from: number
  to: number
  actorIdentifier?: string
  action?: string
  resourceType?: string
  resourceIdentifier?: string
  pageIndex: number
  pageSize: number
}

/** The bindings made at one scope, newest first; optionally only a principal's. */
export type RoleAssignmentQuery = { pageIndex: number; pageSize: number; principal?: PrincipalRef }

/**
 * One page of a list, and how many records match in all; for a filtered or searched list that
 * count stops at COUNT_LIMIT (`totalIsLowerBound`: there are more), so that no search has to
 * count every match of a large table.
 */
export type Page<T> = { items: T[]; total: number; totalIsLowerBound?: boolean }

/** How far a filtered list counts its matches. */
export const COUNT_LIMIT = 1_000

/**
 * The store cannot be reached (its database is down or restarting) or did not answer in time: a
 * request answers 503 in words, and nothing it asked for was done. Thrown by a store; the
 * router turns it into the answer.
 */
export class StoreUnavailableError extends Error {
  constructor(
    readonly reason: 'unreachable' | 'timeout',
    readonly detail: string,
  ) {
    super(
      reason === 'timeout'
        ? `The database did not answer in time (${detail})`
        : `The database is unavailable (${detail})`,
    )
    this.name = 'StoreUnavailableError'
  }
}

/**
 * A page of connectors. A store that also keeps the connection tests' tasks (the SQL store)
 * answers, in the same read, which of the page's connectors have a test still queued or
 * running (identifier → task id); otherwise the handler asks the delegate dispatch.
 */
export type ConnectorPage = Page<StoredConnector> & { openTests?: Map<string, string> }

/** Which organizations or projects a scope list asks for. */
export type ScopeListQuery = SimpleListQuery & {
  kind: Exclude<ScopeKind, 'account'>
  accountIdentifier: string
  /** Projects only: those of this organization; all of the account's without it. */
  orgIdentifier?: string
}

export type DataStore = {
  /** The store's clock (tests freeze it). */
  now(): number

  /**
   * Whether the account, organization or project exists. Every scoped request asks, so it is
   * one key lookup. A project's organization and an organization's account exist whenever it
   * does: a scope that still holds scopes cannot be deleted (the handlers refuse it).
   */
  scopeExists(scope: Scope): Promise<boolean>
  getScope(scope: Scope): Promise<StoredScope | undefined>
  /**
   * Organizations: the account's `default` first, then by name; projects: by organization, then
   * by name. Searches identifier, name and description.
   */
  listScopes(query: ScopeListQuery): Promise<Page<StoredScope>>
  createScope(record: StoredScope, audit?: AuditDescriber): Promise<WriteResult<StoredScope>>
  /** Replaces name, description, tags and color; `version` grows by one, as for connectors. */
  updateScope(record: StoredScope, expectedVersion?: number, audit?: AuditDescriber): Promise<WriteResult<StoredScope>>
  deleteScope(scope: Scope, expectedVersion?: number, audit?: AuditDescriber): Promise<DeleteResult>

  getConnector(scope: Scope, identifier: string): Promise<StoredConnector | undefined>
  /** Paged in the store: it never hands the caller every row. */
  listConnectors(scope: Scope, query: ConnectorListQuery): Promise<ConnectorPage>
  /** With `audit`, the change's event is appended in the write's own transaction (issue 20). */
  createConnector(record: StoredConnector, audit?: AuditDescriber): Promise<WriteResult<StoredConnector>>
  /**
   * Replaces the connector, keeping its connectivity status. With `expectedVersion` the
   * update is refused (`conflict`) unless the stored version is that one. The stored record's
   * version is one more than before.
   */
  updateConnector(
    record: StoredConnector,
    expectedVersion?: number,
    audit?: AuditDescriber,
  ): Promise<WriteResult<StoredConnector>>
  deleteConnector(
    scope: Scope,
    identifier: string,
    expectedVersion?: number,
    audit?: AuditDescriber,
  ): Promise<DeleteResult>

  /** The audit trail's events that match, newest first, paged in the store. */
  listAuditEvents(query: AuditQuery): Promise<Page<AuditEvent>>
  /**
   * Records a connection test's outcome. Not an edit: the version stays, so a wizard open on the
   * connector can still save. `searchText` is the record's new search text (the status is part
   * of it). Answers false when the connector no longer exists.
   */
  recordConnectorStatus(
    scope: Scope,
    identifier: string,
    status: ConnectorConnectivityDetails,
    searchText: string,
  ): Promise<boolean>

  getSecret(scope: Scope, identifier: string): Promise<StoredSecret | undefined>
  listSecrets(scope: Scope, query: SimpleListQuery): Promise<Page<StoredSecret>>
  /** Secrets with this identifier anywhere in the account, to explain a reference that misses. */
  findSecretsByIdentifier(accountIdentifier: string, identifier: string): Promise<StoredSecret[]>
  createSecret(record: StoredSecret, audit?: AuditDescriber): Promise<WriteResult<StoredSecret>>
  /**
   * Replaces the secret's name, description, tags and value (the caller passes the old value to
   * keep it); `createdAt` stays, `version` grows by one. With `expectedVersion`, refused
   * (`conflict`) unless the stored version is that one, as for connectors.
   */
  updateSecret(
    record: StoredSecret,
    expectedVersion?: number,
    audit?: AuditDescriber,
  ): Promise<WriteResult<StoredSecret>>
  deleteSecret(
    scope: Scope,
    identifier: string,
    expectedVersion?: number,
    audit?: AuditDescriber,
  ): Promise<DeleteResult>
  /**
   * The connectors whose secret references resolve to the secret with record key `secretKey`
   * (secret-usage.ts), by name ignoring case, then scope key and identifier; paged in the store.
   */
  connectorsUsingSecret(
    secretKey: string,
    query: { pageIndex: number; pageSize: number },
  ): Promise<Page<StoredConnector>>
  /** How many connectors use each of the secrets (by record key); a secret no connector uses is absent. */
  countConnectorsUsingSecrets(secretKeys: readonly string[]): Promise<ReadonlyMap<string, number>>

  getPipeline(scope: Scope, identifier: string): Promise<StoredPipeline | undefined>
  listPipelines(scope: Scope, query: SimpleListQuery): Promise<Page<StoredPipeline>>
  /** The pipelines of the account whose resolved connector references include `connectorKey`. */
  pipelinesUsingConnector(accountIdentifier: string, connectorKey: string): Promise<StoredPipeline[]>
  createPipeline(record: StoredPipeline, audit?: AuditDescriber): Promise<WriteResult<StoredPipeline>>
  updatePipeline(
    record: StoredPipeline,
    expectedVersion?: number,
    audit?: AuditDescriber,
  ): Promise<WriteResult<StoredPipeline>>

  delegates(): Promise<DelegateGroup[]>

  /** A principal's bindings anywhere in the account: what its permission checks read, once per request. */
  roleAssignmentsOf(accountIdentifier: string, principal: PrincipalRef): Promise<StoredRoleAssignment[]>
  /**
   * Whether the scope exists, and the principal's bindings in the scope's account: the two reads
   * every checked request starts with, in one (a SQL store answers both with one statement).
   */
  scopeExistsFor(scope: Scope, principal: PrincipalRef): Promise<{ exists: boolean; bindings: StoredRoleAssignment[] }>
  listRoleAssignments(scope: Scope, query: RoleAssignmentQuery): Promise<Page<StoredRoleAssignment>>
  getRoleAssignment(scope: Scope, identifier: string): Promise<StoredRoleAssignment | undefined>
  /** Refused (`exists`) when the identifier is taken or the same binding exists at the scope. */
  createRoleAssignment(record: StoredRoleAssignment, audit?: AuditDescriber): Promise<WriteResult<StoredRoleAssignment>>
  deleteRoleAssignment(scope: Scope, identifier: string, audit?: AuditDescriber): Promise<DeleteResult>

  /** A number that grows with every write, so that clients can tell that something changed. */
  changeCount(): Promise<number>
  /**
   * The writes made in each scope of the account (by scope key; `*` counts writes of every scope,
   * such as the demo's reset), so that a caller is told only of changes where they may look.
   */
  changeCounts(accountIdentifier: string): Promise<ReadonlyMap<string, number>>

  /** Demo only: back to the seed. Stores without a seed leave it out. */
  reset?(event?: AuditDraft): Promise<void>

  /**
   * Keeps a finished connection test (its result, secrets already masked, and its duration) as
   * the connector's newest; the connector keeps `TEST_HISTORY_LIMIT` (api-types.ts), the older
   * ones are dropped in the same write. Answers false, keeping nothing, when the connector no
   * longer exists: a test that finishes after a delete does not bring its history back. Deleting
   * a connector deletes its history.
   */
  recordTestResult(scope: Scope, identifier: string, result: TestHistoryEntry, audit?: AuditDescriber): Promise<boolean>
  /** The connector's kept tests, newest first, at most `limit`; none for a missing connector. */
  testHistory(scope: Scope, identifier: string, limit: number): Promise<TestHistoryEntry[]>
}
