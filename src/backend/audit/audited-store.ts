import type { DataStore } from '../store'
import type { AuditDescriber } from './store-change'

/**
 * The store as one request's writes see it: each write that changes an entity hands the store
 * the request's describer, and the store appends the event in the write's own transaction.
 * Reads pass through untouched.
 */
export function auditedStore(store: DataStore, audit: AuditDescriber): DataStore {
  const writes: Partial<DataStore> = {
    createConnector: (record) => store.createConnector(record, audit),
    updateConnector: (record, expectedVersion) => store.updateConnector(record, expectedVersion, audit),
    deleteConnector: (scope, identifier, expectedVersion) =>
      store.deleteConnector(scope, identifier, expectedVersion, audit),
    createSecret: (record) => store.createSecret(record, audit),
    updateSecret: (record, expectedVersion) => store.updateSecret(record, expectedVersion, audit),
    deleteSecret: (scope, identifier, expectedVersion) => store.deleteSecret(scope, identifier, expectedVersion, audit),
    createPipeline: (record) => store.createPipeline(record, audit),
    updatePipeline: (record, expectedVersion) => store.updatePipeline(record, expectedVersion, audit),
    createScope: (record) => store.createScope(record, audit),
    updateScope: (record, expectedVersion) => store.updateScope(record, expectedVersion, audit),
    deleteScope: (scope, expectedVersion) => store.deleteScope(scope, expectedVersion, audit),
    createRoleAssignment: (record) => store.createRoleAssignment(record, audit),
    deleteRoleAssignment: (scope, identifier) => store.deleteRoleAssignment(scope, identifier, audit),
    recordTestResult: (scope, identifier, result) => store.recordTestResult(scope, identifier, result, audit),
  }
  return new Proxy(store, {
    get(target, property) {
      if (typeof property === 'string' && property in writes) return writes[property as keyof DataStore]
      const value: unknown = Reflect.get(target, property, target)
      // The store's own methods run on the store (a class keeps its state on `this`).
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}
