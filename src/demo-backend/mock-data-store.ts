import type { DelegateGroup } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { MockPersistence } from './indexed-db-persistence'
import type { MockState, StoredConnector, StoredPipeline, StoredSecret } from './mock-records'
import { recordKey, scopeKey } from './mock-records'
import { createSeedState } from './seed-data'

type Clock = () => number

/**
 * The mock backend's data. Reads come from memory (a list of 10,000 connectors must filter in
 * milliseconds); every change is written through to the persistence, one record at a time, and
 * the returned promise settles once it is stored, so an answered request survives a reload.
 */
export class MockDataStore {
  private connectors = new Map<string, Map<string, StoredConnector>>()
  private secrets = new Map<string, Map<string, StoredSecret>>()
  private pipelines = new Map<string, Map<string, StoredPipeline>>()
  private delegateGroups: DelegateGroup[] = []
  // Writes run one after another so that a reset is never overtaken by an earlier save.
  private writes: Promise<void> = Promise.resolve()
  private readonly persistence: MockPersistence | undefined
  readonly now: Clock

  constructor(state: MockState, options: { persistence?: MockPersistence; now?: Clock } = {}) {
    this.persistence = options.persistence
    this.now = options.now ?? Date.now
    this.load(state)
  }

  private load(state: MockState) {
    this.connectors.clear()
    this.secrets.clear()
    this.pipelines.clear()
    for (const record of state.pipelines) bucket(this.pipelines, record.scopeKey).set(record.identifier, record)
    for (const record of state.connectors)
      bucket(this.connectors, record.scopeKey).set(record.connector.identifier, record)
    for (const record of state.secrets) bucket(this.secrets, record.scopeKey).set(record.secret.identifier, record)
    this.delegateGroups = [...state.delegates]
  }

  private write(operation: (persistence: MockPersistence) => Promise<void>): Promise<void> {
    const persistence = this.persistence
    if (!persistence) return Promise.resolve()
    const next = this.writes.then(() => operation(persistence))
    // A failed write must not block the ones after it; the caller still sees the failure.
    this.writes = next.catch(() => undefined)
    return next
  }

  /** Settles when every write so far has reached the persistence. */
  flush(): Promise<void> {
    return this.writes
  }

  getConnector(scope: Scope, identifier: string): StoredConnector | undefined {
    return this.connectors.get(scopeKey(scope))?.get(identifier)
  }

  listConnectors(scope: Scope): StoredConnector[] {
    return [...(this.connectors.get(scopeKey(scope))?.values() ?? [])]
  }

  countConnectors(): number {
    let count = 0
    for (const scoped of this.connectors.values()) count += scoped.size
    return count
  }

  saveConnector(record: StoredConnector): Promise<void> {
    return this.saveConnectors([record])
  }

  saveConnectors(records: readonly StoredConnector[]): Promise<void> {
    for (const record of records) bucket(this.connectors, record.scopeKey).set(record.connector.identifier, record)
    return this.write((persistence) => persistence.putConnectors(records))
  }

  deleteConnector(scope: Scope, identifier: string): Promise<boolean> {
    const scoped = this.connectors.get(scopeKey(scope))
    if (!scoped?.delete(identifier)) return Promise.resolve(false)
    return this.write((persistence) => persistence.deleteConnector(recordKey(scope, identifier))).then(() => true)
  }

  getSecret(scope: Scope, identifier: string): StoredSecret | undefined {
    return this.secrets.get(scopeKey(scope))?.get(identifier)
  }

  listSecrets(scope: Scope): StoredSecret[] {
    return [...(this.secrets.get(scopeKey(scope))?.values() ?? [])]
  }

  /** Secrets with this identifier anywhere in the account, to explain a reference that misses. */
  findSecretsByIdentifier(accountIdentifier: string, identifier: string): StoredSecret[] {
    const found: StoredSecret[] = []
    for (const [key, scoped] of this.secrets) {
      const record = scoped.get(identifier)
      if (record && key.startsWith(`${accountIdentifier}/`)) found.push(record)
    }
    return found
  }

  saveSecret(record: StoredSecret): Promise<void> {
    bucket(this.secrets, record.scopeKey).set(record.secret.identifier, record)
    return this.write((persistence) => persistence.putSecret(record))
  }

  getPipeline(scope: Scope, identifier: string): StoredPipeline | undefined {
    return this.pipelines.get(scopeKey(scope))?.get(identifier)
  }

  listPipelines(scope: Scope): StoredPipeline[] {
    return [...(this.pipelines.get(scopeKey(scope))?.values() ?? [])]
  }

  /** Every pipeline of the account, whatever its project: usage is looked up across scopes. */
  accountPipelines(accountIdentifier: string): StoredPipeline[] {
    const found: StoredPipeline[] = []
    for (const [key, scoped] of this.pipelines)
      if (key.startsWith(`${accountIdentifier}/`)) found.push(...scoped.values())
    return found
  }

  savePipeline(record: StoredPipeline): Promise<void> {
    bucket(this.pipelines, record.scopeKey).set(record.identifier, record)
    return this.write((persistence) => persistence.putPipeline(record))
  }

  delegates(): DelegateGroup[] {
    return [...this.delegateGroups]
  }

  /** Throws away every change and starts again from the seed, as of now. */
  reset(): Promise<void> {
    const seededAt = this.now()
    const state = createSeedState(seededAt)
    this.load(state)
    return this.write((persistence) => persistence.replaceAll(state, seededAt))
  }

  close(): void {
    this.persistence?.close()
  }
}

function bucket<T>(map: Map<string, Map<string, T>>, key: string): Map<string, T> {
  let scoped = map.get(key)
  if (!scoped) {
    scoped = new Map()
    map.set(key, scoped)
  }
  return scoped
}

/** A store backed by `persistence`: its saved data, or the seed on a first start. */
export async function openMockDataStore(
  options: { persistence?: MockPersistence; now?: Clock } = {},
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
