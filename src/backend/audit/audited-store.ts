import type { Scope } from '../../lib/scope'
import type { DataStore } from '../store'
import type { AuditDescriber } from './store-change'

/** The record a write of the store takes first. */
type RecordOf<K extends keyof DataStore> = DataStore[K] extends (record: infer R, ...rest: never[]) => unknown
  ? R
  : never

/**
 * The writes that record an event: each hands the store the request's describer. Methods of a
 * class, so that a request makes one small object instead of a closure per write (every mutating
 * request makes one of these, and a create's audit trail is measured against one without it).
 */
class AuditedWrites implements Pick<DataStore, AuditedWrite> {
  constructor(
    private readonly store: DataStore,
    private readonly audit: AuditDescriber,
  ) {}
  createConnector(record: RecordOf<'createConnector'>) {
    return this.store.createConnector(record, this.audit)
  }
  updateConnector(record: RecordOf<'updateConnector'>, expectedVersion?: number) {
    return this.store.updateConnector(record, expectedVersion, this.audit)
  }
  deleteConnector(scope: Scope, identifier: string, expectedVersion?: number) {
    return this.store.deleteConnector(scope, identifier, expectedVersion, this.audit)
  }
  createSecret(record: RecordOf<'createSecret'>) {
    return this.store.createSecret(record, this.audit)
  }
  updateSecret(record: RecordOf<'updateSecret'>, expectedVersion?: number) {
    return this.store.updateSecret(record, expectedVersion, this.audit)
  }
  deleteSecret(scope: Scope, identifier: string, expectedVersion?: number) {
    return this.store.deleteSecret(scope, identifier, expectedVersion, this.audit)
  }
  createPipeline(record: RecordOf<'createPipeline'>) {
    return this.store.createPipeline(record, this.audit)
  }
  updatePipeline(record: RecordOf<'updatePipeline'>, expectedVersion?: number) {
    return this.store.updatePipeline(record, expectedVersion, this.audit)
  }
  createScope(record: RecordOf<'createScope'>) {
    return this.store.createScope(record, this.audit)
  }
  updateScope(record: RecordOf<'updateScope'>, expectedVersion?: number) {
    return this.store.updateScope(record, expectedVersion, this.audit)
  }
  deleteScope(scope: Scope, expectedVersion?: number) {
    return this.store.deleteScope(scope, expectedVersion, this.audit)
  }
  createRoleAssignment(record: RecordOf<'createRoleAssignment'>) {
    return this.store.createRoleAssignment(record, this.audit)
  }
  deleteRoleAssignment(scope: Scope, identifier: string) {
    return this.store.deleteRoleAssignment(scope, identifier, this.audit)
  }
  recordTestResult(scope: Scope, identifier: string, result: Parameters<DataStore['recordTestResult']>[2]) {
    return this.store.recordTestResult(scope, identifier, result, this.audit)
  }
}

/** The writes above: each is the store's own, with the request's describer added. */
type AuditedWrite = keyof AuditedWrites

const AUDITED_WRITES: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(AuditedWrites.prototype).filter((name) => name !== 'constructor'),
)

/**
 * The store as one request's writes see it: each write that changes an entity hands the store
 * the request's describer, and the store appends the event in the write's own transaction.
 * Reads pass through untouched.
 */
export function auditedStore(store: DataStore, audit: AuditDescriber): DataStore {
  const writes = new AuditedWrites(store, audit)
  return new Proxy(store, {
    get(target, property) {
      if (typeof property === 'string' && AUDITED_WRITES.has(property)) {
        const write = Reflect.get(writes, property) as (...args: unknown[]) => unknown
        return write.bind(writes)
      }
      const value: unknown = Reflect.get(target, property, target)
      // The store's own methods run on the store (a class keeps its state on `this`).
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}
