import { hexToBytes } from '@noble/hashes/utils.js'
import type { PrincipalRef } from '../backend/access/principal'
import { samePrincipal } from '../backend/access/principal'
import type { StoredRoleAssignment } from '../backend/access/role-assignments'
import { sameBinding } from '../backend/access/role-assignments'
import { chainEvents } from '../backend/audit/audit-chain'
import type { AuditDraft, AuditEvent } from '../backend/audit/audit-event'
import { pageOfAuditEvents } from '../backend/audit/audit-list'
import type { AuditDescriber, StoreRecordChange } from '../backend/audit/store-change'
import { changeOf } from '../backend/audit/store-change'
import { listInMemory } from '../backend/connector-list'
import { resolveConnectorKeys } from '../backend/pipeline-records'
import type { MockState, StoredConnector, StoredPipeline, StoredScope, StoredSecret } from '../backend/records'
import { connectorSearchText, recordKey, scopeKey, scopeOfKey } from '../backend/records'
import { listScopesInMemory } from '../backend/scope-list'
import { secretMatchesSearch } from '../backend/secret-search'
import { connectorsUsingSecretInMemory, countConnectorsUsingSecretsInMemory } from '../backend/secret-usage'
import { createSeedState, seedScopes } from '../backend/seed-data'
import type {
  AuditQuery,
  ConnectorListQuery,
  DataStore,
  DeleteResult,
  Page,
  RoleAssignmentQuery,
  ScopeListQuery,
  SimpleListQuery,
  WriteResult,
} from '../backend/store'
import type { ConnectorConnectivityDetails, DelegateGroup, TestHistoryEntry } from '../lib/api-types'
import { TEST_HISTORY_LIMIT } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { Decision, MockPersistence, Table, TableRecord } from './indexed-db-persistence'
import { newDemoAuditHead } from './indexed-db-persistence'

type Clock = () => number

/** Tells the demo's other tabs which record changed, so that they read it again. */
export type ChangeChannel = { post(message: ChangeMessage): void; close(): void }
/** The scope a table's record belongs to: a scope's own key, else its record key less the identifier. */
function scopeKeyOfRecord(table: Table, key: string): string {
  return table === 'scopes' ? key : key.slice(0, key.lastIndexOf('/'))
}

/** The change's audit event, when the request records one (issue 20). */
function changeEvent<T extends StoreRecordChange>(
  audit: AuditDescriber | undefined,
  resource: T['resource'],
  before: T['before'],
  after: T['after'],
): { audit?: AuditDraft[] } {
  const change = audit ? changeOf<T>(resource, before, after) : undefined
  return audit && change ? { audit: [audit(change)] } : {}
}

export type ChangeMessage = { table: Table; key: string } | { table: '*' }

/**
 * The demo's data store: reads from memory (a list of 10,000 connectors must filter in
 * milliseconds), writes through IndexedDB, which every tab shares. A write is decided inside an
 * IndexedDB transaction against the record as stored, then applied to memory only once it has
 * committed: nothing acknowledged is lost, nothing unacknowledged appears. Another tab's writes
 * arrive through the change channel and are read back from IndexedDB.
 */
export class MockDataStore implements DataStore {
  private readonly tables = {
    scopes: new Map<string, StoredScope>(),
    connectors: new Map<string, StoredConnector>(),
    secrets: new Map<string, StoredSecret>(),
    pipelines: new Map<string, StoredPipeline>(),
    roleAssignments: new Map<string, StoredRoleAssignment>(),
  }
  /** Without persistence only: each connector's kept tests, newest first (IndexedDB keeps them otherwise). */
  private readonly testResults = new Map<string, TestHistoryEntry[]>()
  private delegateGroups: DelegateGroup[] = []
  private changes = 0
  /** Writes per scope key ('*': every scope's, a reset or a reload), for a caller's own change count. */
  private scopeChanges = new Map<string, number>()
  /** Without persistence only: the audit trail and its head (IndexedDB keeps them otherwise). */
  private readonly trail: AuditEvent[] = []
  private trailHead = newDemoAuditHead()
  private readonly listeners = new Set<() => void>()
  private readonly persistence: MockPersistence | undefined
  private readonly channel: ChangeChannel | undefined
  readonly now: Clock

  constructor(state: MockState, options: { persistence?: MockPersistence; now?: Clock; channel?: ChangeChannel } = {}) {
    this.persistence = options.persistence
    this.channel = options.channel
    this.now = options.now ?? Date.now
    this.load(state)
  }

  private load(state: MockState) {
    for (const table of Object.values(this.tables)) table.clear()
    this.testResults.clear()
    // A demo saved before scopes were stored has none: it gets the seed's, which it was using.
    for (const record of state.scopes ?? seedScopes(this.now())) this.tables.scopes.set(record.key, record)
    for (const record of state.connectors) this.tables.connectors.set(record.key, upgradeConnector(record))
    for (const record of state.secrets) this.tables.secrets.set(record.key, { ...record, version: record.version ?? 1 })
    for (const record of state.pipelines) this.tables.pipelines.set(record.key, upgradePipeline(record))
    for (const record of state.roleAssignments) this.tables.roleAssignments.set(record.key, record)
    this.delegateGroups = [...state.delegates]
  }

  /** Called after another tab's change has been read into memory (the UI refetches then). */
  onExternalChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Reads another tab's change back from IndexedDB into memory. */
  async receive(message: ChangeMessage): Promise<void> {
    const persistence = this.persistence
    if (!persistence) return
    if (message.table === '*') {
      const state = await persistence.load()
      if (state) this.load(state)
    } else {
      const stored = await persistence.get(message.table, message.key)
      this.remember(message.table, message.key, stored)
    }
    this.changed(message.table === '*' ? '*' : scopeKeyOfRecord(message.table, message.key))
    for (const listener of this.listeners) listener()
  }

  private appendToMemoryTrail(drafts: readonly AuditDraft[]) {
    const events = chainEvents(hexToBytes(this.trailHead.key), this.trailHead, drafts)
    this.trail.push(...events)
    const last = events.at(-1)
    if (last) this.trailHead = { ...this.trailHead, sequence: last.sequence, hmac: last.hmac }
  }

  async listAuditEvents(query: AuditQuery): Promise<Page<AuditEvent>> {
    const events = this.persistence ? await this.persistence.auditEvents() : this.trail
    return pageOfAuditEvents(events, query)
  }

  private changed(scopeKey: string) {
    this.changes += 1
    this.scopeChanges.set(scopeKey, (this.scopeChanges.get(scopeKey) ?? 0) + 1)
  }

  private remember<K extends Table>(table: K, key: string, record: TableRecord[K] | undefined) {
    const map = this.tables[table] as Map<string, TableRecord[K]>
    if (record) map.set(key, record)
    else map.delete(key)
  }

  /**
   * A conditional write. With IndexedDB the decision is taken against the stored record, inside
   * its transaction; memory follows the outcome (the stored record when the write is refused).
   */
  private async transact<K extends Table, R>(
    table: K,
    key: string,
    decide: (current: TableRecord[K] | undefined) => Decision<TableRecord[K], R>,
  ): Promise<R> {
    const map = this.tables[table] as Map<string, TableRecord[K]>
    let decision: Decision<TableRecord[K], R> | undefined
    let current: TableRecord[K] | undefined
    const persistence = this.persistence
    if (persistence) {
      const result = await persistence.transact(table, key, (stored) => {
        current = stored
        decision = decide(stored)
        return decision
      })
      if (!decision) return result
    } else {
      current = map.get(key)
      decision = decide(current)
      if (decision.audit?.length) this.appendToMemoryTrail(decision.audit)
    }
    if (decision.put) map.set(key, decision.put)
    else if (decision.remove) map.delete(key)
    else this.remember(table, key, current)
    for (const binding of decision.removeBindings ?? []) {
      this.tables.roleAssignments.delete(binding)
      this.channel?.post({ table: 'roleAssignments', key: binding })
    }
    if (decision.put || decision.remove) {
      this.changed(scopeKeyOfRecord(table, key))
      this.channel?.post({ table, key })
    }
    return decision.result
  }

  scopeExists(scope: Scope): Promise<boolean> {
    return Promise.resolve(this.tables.scopes.has(scopeKey(scope)))
  }

  getScope(scope: Scope): Promise<StoredScope | undefined> {
    return Promise.resolve(this.tables.scopes.get(scopeKey(scope)))
  }

  listScopes(query: ScopeListQuery): Promise<Page<StoredScope>> {
    return Promise.resolve(listScopesInMemory(this.tables.scopes.values(), query))
  }

  createScope(record: StoredScope, audit?: AuditDescriber): Promise<WriteResult<StoredScope>> {
    return this.transact(
      'scopes',
      record.key,
      (current): Decision<StoredScope, WriteResult<StoredScope>> =>
        current
          ? { result: { ok: false, refusal: 'exists', current } }
          : { put: record, result: { ok: true, record }, ...changeEvent(audit, 'scope', undefined, record) },
    )
  }

  updateScope(
    record: StoredScope,
    expectedVersion?: number,
    audit?: AuditDescriber,
  ): Promise<WriteResult<StoredScope>> {
    return this.transact('scopes', record.key, (current): Decision<StoredScope, WriteResult<StoredScope>> => {
      if (!current) return { result: { ok: false, refusal: 'not-found' } }
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        return { result: { ok: false, refusal: 'conflict', current } }
      }
      // What a scope is (its key, kind and identifiers) never changes; only what describes it.
      const next: StoredScope = {
        ...current,
        name: record.name,
        description: record.description,
        tags: record.tags,
        lastModifiedAt: record.lastModifiedAt,
        version: current.version + 1,
      }
      if (current.kind === 'project') next.color = record.color ?? current.color
      return { put: next, result: { ok: true, record: next }, ...changeEvent(audit, 'scope', current, next) }
    })
  }

  deleteScope(scope: Scope, expectedVersion?: number, audit?: AuditDescriber): Promise<DeleteResult> {
    return this.transact('scopes', scopeKey(scope), (current): Decision<StoredScope, DeleteResult> => {
      if (!current) return { result: { ok: false, refusal: 'not-found' } }
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        return { result: { ok: false, refusal: 'conflict', current } }
      }
      // Its bindings go with it, in its transaction: a project made again under the same
      // identifier starts with no one's roles. Found in memory, which follows every tab's writes.
      const bindings = [...this.tables.roleAssignments.values()].filter((binding) => binding.scopeKey === current.key)
      const events = [
        ...(changeEvent(audit, 'scope', current, undefined).audit ?? []),
        ...bindings.flatMap((binding) => changeEvent(audit, 'roleAssignment', binding, undefined).audit ?? []),
      ]
      return {
        remove: true,
        result: { ok: true },
        removeBindings: bindings.map((binding) => binding.key),
        ...(events.length ? { audit: events } : {}),
      }
    })
  }

  getConnector(scope: Scope, identifier: string): Promise<StoredConnector | undefined> {
    return Promise.resolve(this.tables.connectors.get(recordKey(scope, identifier)))
  }

  listConnectors(scope: Scope, query: ConnectorListQuery): Promise<Page<StoredConnector>> {
    return Promise.resolve(listInMemory(this.inScope(this.tables.connectors, scope), query))
  }

  createConnector(record: StoredConnector, audit?: AuditDescriber): Promise<WriteResult<StoredConnector>> {
    return this.transact(
      'connectors',
      record.key,
      (current): Decision<StoredConnector, WriteResult<StoredConnector>> =>
        current
          ? { result: { ok: false, refusal: 'exists', current } }
          : { put: record, result: { ok: true, record }, ...changeEvent(audit, 'connector', undefined, record) },
    )
  }

  updateConnector(
    record: StoredConnector,
    expectedVersion?: number,
    audit?: AuditDescriber,
  ): Promise<WriteResult<StoredConnector>> {
    return this.transact(
      'connectors',
      record.key,
      (current): Decision<StoredConnector, WriteResult<StoredConnector>> => {
        if (!current) return { result: { ok: false, refusal: 'not-found' } }
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          return { result: { ok: false, refusal: 'conflict', current } }
        }
        const next = { ...record, createdAt: current.createdAt, status: current.status, version: current.version + 1 }
        next.searchText = connectorSearchText(next.connector, next.status)
        return { put: next, result: { ok: true, record: next }, ...changeEvent(audit, 'connector', current, next) }
      },
    )
  }

  async deleteConnector(
    scope: Scope,
    identifier: string,
    expectedVersion?: number,
    audit?: AuditDescriber,
  ): Promise<DeleteResult> {
    const key = recordKey(scope, identifier)
    const result = await this.transact('connectors', key, (current): Decision<StoredConnector, DeleteResult> => {
      if (!current) return { result: { ok: false, refusal: 'not-found' } }
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        return { result: { ok: false, refusal: 'conflict', current } }
      }
      return { remove: true, result: { ok: true }, ...changeEvent(audit, 'connector', current, undefined) }
    })
    // IndexedDB deletes the history in the delete's own transaction; memory follows.
    if (result.ok) this.testResults.delete(key)
    return result
  }

  recordConnectorStatus(
    scope: Scope,
    identifier: string,
    status: ConnectorConnectivityDetails,
    searchText: string,
  ): Promise<boolean> {
    return this.transact(
      'connectors',
      recordKey(scope, identifier),
      (current): Decision<StoredConnector, boolean> =>
        current ? { put: { ...current, status, searchText }, result: true } : { result: false },
    )
  }

  async recordTestResult(
    scope: Scope,
    identifier: string,
    result: TestHistoryEntry,
    audit?: AuditDescriber,
  ): Promise<boolean> {
    const key = recordKey(scope, identifier)
    const events = audit
      ? [audit({ resource: 'connectionTest', scopeKey: scopeKey(scope), identifier, after: result })]
      : undefined
    let recorded: boolean
    if (this.persistence) {
      // Decided against the connector as stored, so that a test ending after a delete in another tab keeps nothing.
      recorded = await this.persistence.recordTestResult(key, result, TEST_HISTORY_LIMIT, events)
    } else {
      recorded = this.tables.connectors.has(key)
      if (recorded) {
        this.testResults.set(key, [result, ...(this.testResults.get(key) ?? [])].slice(0, TEST_HISTORY_LIMIT))
        if (events) this.appendToMemoryTrail(events)
      }
    }
    if (recorded) {
      this.changed(scopeKeyOfRecord('connectors', key))
      this.channel?.post({ table: 'connectors', key })
    }
    return recorded
  }

  async testHistory(scope: Scope, identifier: string, limit: number): Promise<TestHistoryEntry[]> {
    const key = recordKey(scope, identifier)
    // Read from IndexedDB, which every tab writes; memory keeps no copy.
    const entries = this.persistence ? await this.persistence.testResults(key) : (this.testResults.get(key) ?? [])
    return entries.slice(0, Math.max(0, limit))
  }

  getSecret(scope: Scope, identifier: string): Promise<StoredSecret | undefined> {
    return Promise.resolve(this.tables.secrets.get(recordKey(scope, identifier)))
  }

  listSecrets(scope: Scope, query: SimpleListQuery): Promise<Page<StoredSecret>> {
    const matches = this.inScope(this.tables.secrets, scope)
      .filter((record) => secretMatchesSearch(record.secret, query.searchTerm))
      .sort((a, b) => b.updatedAt - a.updatedAt || compare(a.secret.identifier, b.secret.identifier))
    return Promise.resolve(page(matches, query))
  }

  findSecretsByIdentifier(accountIdentifier: string, identifier: string): Promise<StoredSecret[]> {
    const found = [...this.tables.secrets.values()].filter(
      (record) => record.secret.identifier === identifier && record.scopeKey.startsWith(`${accountIdentifier}/`),
    )
    return Promise.resolve(found)
  }

  createSecret(record: StoredSecret, audit?: AuditDescriber): Promise<WriteResult<StoredSecret>> {
    return this.transact(
      'secrets',
      record.key,
      (current): Decision<StoredSecret, WriteResult<StoredSecret>> =>
        current
          ? { result: { ok: false, refusal: 'exists', current } }
          : { put: record, result: { ok: true, record }, ...changeEvent(audit, 'secret', undefined, record) },
    )
  }

  updateSecret(
    record: StoredSecret,
    expectedVersion?: number,
    audit?: AuditDescriber,
  ): Promise<WriteResult<StoredSecret>> {
    return this.transact('secrets', record.key, (current): Decision<StoredSecret, WriteResult<StoredSecret>> => {
      if (!current) return { result: { ok: false, refusal: 'not-found' } }
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        return { result: { ok: false, refusal: 'conflict', current } }
      }
      // What a secret is (its key and scope) never changes; what describes it and its value do.
      const next: StoredSecret = {
        ...current,
        secret: record.secret,
        value: record.value,
        updatedAt: record.updatedAt,
        ...(record.lastModifiedBy ? { lastModifiedBy: record.lastModifiedBy } : {}),
        version: current.version + 1,
      }
      return { put: next, result: { ok: true, record: next }, ...changeEvent(audit, 'secret', current, next) }
    })
  }

  deleteSecret(
    scope: Scope,
    identifier: string,
    expectedVersion?: number,
    audit?: AuditDescriber,
  ): Promise<DeleteResult> {
    return this.transact('secrets', recordKey(scope, identifier), (current): Decision<StoredSecret, DeleteResult> => {
      if (!current) return { result: { ok: false, refusal: 'not-found' } }
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        return { result: { ok: false, refusal: 'conflict', current } }
      }
      return { remove: true, result: { ok: true }, ...changeEvent(audit, 'secret', current, undefined) }
    })
  }

  connectorsUsingSecret(secretKey: string, query: { pageIndex: number; pageSize: number }) {
    return Promise.resolve(connectorsUsingSecretInMemory(this.tables.connectors.values(), secretKey, query))
  }

  countConnectorsUsingSecrets(secretKeys: readonly string[]): Promise<ReadonlyMap<string, number>> {
    return Promise.resolve(countConnectorsUsingSecretsInMemory(this.tables.connectors.values(), secretKeys))
  }

  getPipeline(scope: Scope, identifier: string): Promise<StoredPipeline | undefined> {
    return Promise.resolve(this.tables.pipelines.get(recordKey(scope, identifier)))
  }

  listPipelines(scope: Scope, query: SimpleListQuery): Promise<Page<StoredPipeline>> {
    const matches = this.inScope(this.tables.pipelines, scope)
      .filter((record) =>
        matchesTerm(
          query.searchTerm,
          record.name,
          record.identifier,
          record.description,
          ...Object.entries(record.tags).flat(),
        ),
      )
      .sort((a, b) => b.lastUpdatedAt - a.lastUpdatedAt || compare(a.identifier, b.identifier))
    return Promise.resolve(page(matches, query))
  }

  pipelinesUsingConnector(accountIdentifier: string, connectorKey: string): Promise<StoredPipeline[]> {
    const users = [...this.tables.pipelines.values()].filter(
      (record) => record.accountIdentifier === accountIdentifier && record.connectorKeys.includes(connectorKey),
    )
    return Promise.resolve(users)
  }

  createPipeline(record: StoredPipeline, audit?: AuditDescriber): Promise<WriteResult<StoredPipeline>> {
    return this.transact(
      'pipelines',
      record.key,
      (current): Decision<StoredPipeline, WriteResult<StoredPipeline>> =>
        current
          ? { result: { ok: false, refusal: 'exists', current } }
          : { put: record, result: { ok: true, record }, ...changeEvent(audit, 'pipeline', undefined, record) },
    )
  }

  updatePipeline(
    record: StoredPipeline,
    expectedVersion?: number,
    audit?: AuditDescriber,
  ): Promise<WriteResult<StoredPipeline>> {
    return this.transact('pipelines', record.key, (current): Decision<StoredPipeline, WriteResult<StoredPipeline>> => {
      if (!current) return { result: { ok: false, refusal: 'not-found' } }
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        return { result: { ok: false, refusal: 'conflict', current } }
      }
      const next = { ...record, createdAt: current.createdAt, version: current.version + 1 }
      return { put: next, result: { ok: true, record: next }, ...changeEvent(audit, 'pipeline', current, next) }
    })
  }

  delegates(): Promise<DelegateGroup[]> {
    return Promise.resolve([...this.delegateGroups])
  }

  async scopeExistsFor(
    scope: Scope,
    principal: PrincipalRef,
  ): Promise<{ exists: boolean; bindings: StoredRoleAssignment[] }> {
    return {
      exists: await this.scopeExists(scope),
      bindings: await this.roleAssignmentsOf(scope.accountIdentifier, principal),
    }
  }

  roleAssignmentsOf(accountIdentifier: string, principal: PrincipalRef): Promise<StoredRoleAssignment[]> {
    const found = [...this.tables.roleAssignments.values()].filter(
      (record) => record.scopeKey.startsWith(`${accountIdentifier}/`) && samePrincipal(record.principal, principal),
    )
    return Promise.resolve(found)
  }

  listRoleAssignments(scope: Scope, query: RoleAssignmentQuery): Promise<Page<StoredRoleAssignment>> {
    const { principal } = query
    const matches = this.inScope(this.tables.roleAssignments, scope)
      .filter((record) => !principal || samePrincipal(record.principal, principal))
      .sort((a, b) => b.createdAt - a.createdAt || compare(a.identifier, b.identifier))
    return Promise.resolve(page(matches, query))
  }

  getRoleAssignment(scope: Scope, identifier: string): Promise<StoredRoleAssignment | undefined> {
    return Promise.resolve(this.tables.roleAssignments.get(recordKey(scope, identifier)))
  }

  createRoleAssignment(
    record: StoredRoleAssignment,
    audit?: AuditDescriber,
  ): Promise<WriteResult<StoredRoleAssignment>> {
    return this.transact(
      'roleAssignments',
      record.key,
      (current): Decision<StoredRoleAssignment, WriteResult<StoredRoleAssignment>> => {
        // The same binding under another identifier: decided on memory, which follows every
        // tab's writes; two tabs adding the very same binding at once may both succeed (harmless).
        const twin = current ?? [...this.tables.roleAssignments.values()].find((other) => sameBinding(other, record))
        return twin
          ? { result: { ok: false, refusal: 'exists', current: twin } }
          : { put: record, result: { ok: true, record }, ...changeEvent(audit, 'roleAssignment', undefined, record) }
      },
    )
  }

  deleteRoleAssignment(scope: Scope, identifier: string, audit?: AuditDescriber): Promise<DeleteResult> {
    return this.transact(
      'roleAssignments',
      recordKey(scope, identifier),
      (current): Decision<StoredRoleAssignment, DeleteResult> =>
        current
          ? { remove: true, result: { ok: true }, ...changeEvent(audit, 'roleAssignment', current, undefined) }
          : { result: { ok: false, refusal: 'not-found' } },
    )
  }

  changeCount(): Promise<number> {
    return Promise.resolve(this.changes)
  }

  changeCounts(accountIdentifier: string): Promise<ReadonlyMap<string, number>> {
    const prefix = `${accountIdentifier}/`
    return Promise.resolve(new Map([...this.scopeChanges].filter(([key]) => key === '*' || key.startsWith(prefix))))
  }

  /** Throws away every change and starts again from the seed, as of now. */
  async reset(event?: AuditDraft): Promise<void> {
    const seededAt = this.now()
    const state = createSeedState(seededAt)
    const events = event ? [event] : undefined
    await this.persistence?.replaceAll(state, seededAt, events)
    if (!this.persistence && events) this.appendToMemoryTrail(events)
    this.load(state)
    this.changed('*')
    this.channel?.post({ table: '*' })
  }

  /** Benchmark only: many connectors in one write, skipped when they are already stored. */
  async saveConnectors(records: readonly StoredConnector[]): Promise<void> {
    await this.persistence?.putConnectors(records)
    for (const record of records) this.tables.connectors.set(record.key, record)
    this.changed('*')
  }

  countConnectors(): number {
    return this.tables.connectors.size
  }

  close(): void {
    this.channel?.close()
    this.persistence?.close()
  }

  private inScope<T extends { scopeKey: string }>(map: Map<string, T>, scope: Scope): T[] {
    const wanted = scopeKey(scope)
    const found: T[] = []
    for (const record of map.values()) if (record.scopeKey === wanted) found.push(record)
    return found
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function matchesTerm(term: string, ...texts: string[]): boolean {
  return term === '' || texts.join('\n').toLowerCase().includes(term)
}

function page<T>(matches: readonly T[], query: { pageIndex: number; pageSize: number }): Page<T> {
  const start = query.pageIndex * query.pageSize
  return { items: matches.slice(start, start + query.pageSize), total: matches.length }
}

/** Records an older demo stored lack the version and the derived fields; give them theirs. */
function upgradeConnector(record: StoredConnector): StoredConnector {
  return {
    ...record,
    version: record.version ?? 1,
    searchText: record.searchText ?? connectorSearchText(record.connector, record.status),
  }
}

function upgradePipeline(record: StoredPipeline): StoredPipeline {
  if (record.connectorKeys && record.version) return record
  const scope = scopeOfKey(record.scopeKey)
  return { ...record, connectorKeys: resolveConnectorKeys(record.connectorRefs, scope), version: record.version ?? 1 }
}

/** A store backed by `persistence`: its saved data, or the seed on a first start. */
export async function openMockDataStore(
  options: { persistence?: MockPersistence; now?: Clock; channel?: ChangeChannel } = {},
): Promise<MockDataStore> {
  const now = options.now ?? Date.now
  const saved = await options.persistence?.load()
  if (saved) return new MockDataStore(saved, options)
  const store = new MockDataStore(createSeedState(now()), options)
  await store.reset()
  return store
}

/** A store that lives in memory only (tests), starting from the seed. */
export function createInMemoryMockDataStore(options: { now?: Clock } = {}): MockDataStore {
  return new MockDataStore(createSeedState((options.now ?? Date.now)()), options)
}
