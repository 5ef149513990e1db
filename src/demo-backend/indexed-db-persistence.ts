import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb'
import { openDB } from 'idb'
import { demoRoleAssignments } from '../backend/access/demo-principals'
import type { StoredRoleAssignment } from '../backend/access/role-assignments'
import { chainEvents, GENESIS } from '../backend/audit/audit-chain'
import type { AuditDraft, AuditEvent } from '../backend/audit/audit-event'
import type { MockState, StoredConnector, StoredPipeline, StoredScope, StoredSecret } from '../backend/records'
import { ACCOUNT_SCOPE, PAYMENTS_SCOPE, seedScopes } from '../backend/seed-data'
import { seedPipelines } from '../backend/seed-pipelines'
import type { DelegateGroup, TestHistoryEntry } from '../lib/api-types'

/**
 * The demo's data in IndexedDB, one record per entity, so that a reload loses nothing and a
 * change rewrites one record. IndexedDB is the truth that every tab of the demo shares: a
 * conditional write (create, update from a version) reads and writes inside one readwrite
 * transaction, which IndexedDB runs one at a time across tabs, so two tabs cannot both create an
 * identifier or both update from the same version.
 */

export const MOCK_DB_NAME = 'artifact-repository-connectors-mock'
/** 1: connectors, secrets, delegates. 2: pipelines. 3: test results. 4: scopes and role assignments. 5: the audit trail. */
export const MOCK_DB_VERSION = 5

/** A connector's kept connection tests, newest first, under the connector's key. */
export type StoredTestResults = { key: string; entries: TestHistoryEntry[] }

interface MockDbSchema extends DBSchema {
  scopes: { key: string; value: StoredScope }
  connectors: { key: string; value: StoredConnector }
  secrets: { key: string; value: StoredSecret }
  delegates: { key: string; value: DelegateGroup }
  pipelines: { key: string; value: StoredPipeline }
  testResults: { key: string; value: StoredTestResults }
  roleAssignments: { key: string; value: StoredRoleAssignment }
  /** The audit trail, by sequence; its head (last sequence and HMAC) and the demo's key apart. */
  auditEvents: { key: number; value: AuditEvent }
  auditHead: { key: string; value: DemoAuditHead }
  /** `seededAt`: tells a first start from a data set whose user deleted everything. */
  meta: { key: string; value: number }
}

export type Table = 'scopes' | 'connectors' | 'secrets' | 'pipelines' | 'roleAssignments'

export type TableRecord = {
  scopes: StoredScope
  connectors: StoredConnector
  secrets: StoredSecret
  pipelines: StoredPipeline
  roleAssignments: StoredRoleAssignment
}

/**
 * What a conditional write decides from the record it finds: what to store, its answer, and the
 * audit events of the change, appended in the same transaction.
 */
export type Decision<T, R> = {
  put?: T
  remove?: true
  result: R
  audit?: AuditDraft[]
  /** Role bindings removed with the record (a project's or organization's), in its transaction. */
  removeBindings?: string[]
}

/**
 * The demo's chain head. The demo has no secret key: its HMAC key is a random one kept with the
 * data, so it shows the chain working (an edited event is found) without protecting it.
 */
export type DemoAuditHead = { sequence: number; hmac: string; key: string }

export function newDemoAuditHead(): DemoAuditHead {
  return { sequence: 0, hmac: GENESIS, key: bytesToHex(crypto.getRandomValues(new Uint8Array(32))) }
}

export type MockPersistence = {
  /** The stored data, or undefined when this database was never seeded. */
  load(): Promise<MockState | undefined>
  /** One record as stored now (another tab may have changed it). */
  get<K extends Table>(table: K, key: string): Promise<TableRecord[K] | undefined>
  /** Reads `key`, lets `decide` choose, and writes its choice, in one transaction. */
  transact<K extends Table, R>(
    table: K,
    key: string,
    decide: (current: TableRecord[K] | undefined) => Decision<TableRecord[K], R>,
  ): Promise<R>
  /** With `audit`, the reset's own event is appended in the same transaction (the trail is never reset). */
  replaceAll(state: MockState, seededAt: number, audit?: readonly AuditDraft[]): Promise<void>
  /**
   * Prepends `entry` to the connector's kept tests, keeping `limit`, in the transaction that
   * finds the connector; answers false, writing nothing, when it is gone.
   */
  /** With `audit`, the test's event is appended in the same transaction, when the connector still exists. */
  recordTestResult(
    connectorKey: string,
    entry: TestHistoryEntry,
    limit: number,
    audit?: readonly AuditDraft[],
  ): Promise<boolean>
  /** The connector's kept tests, newest first. */
  testResults(connectorKey: string): Promise<TestHistoryEntry[]>
  /** The audit trail, oldest first. */
  auditEvents(): Promise<AuditEvent[]>
  putConnectors(records: readonly StoredConnector[]): Promise<void>
  countConnectors(): Promise<number>
  close(): void
}

/**
 * Chains the drafts onto the trail inside the write's own transaction. Synchronous between the
 * transaction's requests: an await on anything else would let IndexedDB commit it early.
 */
async function appendInTransaction<Names extends ArrayLike<StoreNames<MockDbSchema>>>(
  writing: IDBPTransaction<MockDbSchema, Names, 'readwrite'>,
  drafts: readonly AuditDraft[],
): Promise<void> {
  // The caller's transaction includes both trail stores; idb's types cannot see that through Names.
  const tx = writing as unknown as IDBPTransaction<MockDbSchema, ['auditEvents', 'auditHead'], 'readwrite'>
  const heads = tx.objectStore('auditHead')
  const head = (await heads.get('head')) ?? newDemoAuditHead()
  const events = chainEvents(hexToBytes(head.key), head, drafts)
  for (const event of events) await tx.objectStore('auditEvents').add(event)
  const last = events.at(-1)!
  await heads.put({ ...head, sequence: last.sequence, hmac: last.hmac }, 'head')
}

function openDatabase(name: string): Promise<IDBPDatabase<MockDbSchema>> {
  return openDB<MockDbSchema>(name, MOCK_DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('connectors', { keyPath: 'key' })
        database.createObjectStore('secrets', { keyPath: 'key' })
        database.createObjectStore('delegates', { keyPath: 'delegateGroupIdentifier' })
        database.createObjectStore('meta')
      }
      if (oldVersion < 2) {
        const pipelines = database.createObjectStore('pipelines', { keyPath: 'key' })
        // A demo seeded before pipelines existed keeps its data and gains the demo pipelines;
        // a new database is seeded whole by the store's first reset.
        if (oldVersion >= 1) {
          // A failed put aborts the upgrade, and openDB rejects with that error.
          for (const record of seedPipelines(Date.now())) pipelines.put(record).catch(() => undefined)
        }
      }
      // Existing data stays as it is; connectors start without a test history.
      if (oldVersion < 3) database.createObjectStore('testResults', { keyPath: 'key' })
      if (oldVersion < 5) {
        database.createObjectStore('auditEvents', { keyPath: 'sequence' })
        database.createObjectStore('auditHead')
      }
      if (oldVersion < 4) {
        const scopes = database.createObjectStore('scopes', { keyPath: 'key' })
        const bindings = database.createObjectStore('roleAssignments', { keyPath: 'key' })
        // A demo from before kept its data in the seed's fixed scopes: they become stored ones;
        // and it gains the bindings of the demo's "View as" people.
        if (oldVersion >= 1) {
          for (const record of seedScopes(Date.now())) scopes.put(record).catch(() => undefined)
          for (const record of demoRoleAssignments(ACCOUNT_SCOPE, PAYMENTS_SCOPE, Date.now())) {
            bindings.put(record).catch(() => undefined)
          }
        }
      }
    },
  })
}

/** A connection the browser closed under us (storage pressure, a version change elsewhere). */
function isClosedConnection(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'InvalidStateError'
}

export async function openIndexedDbPersistence(name: string = MOCK_DB_NAME): Promise<MockPersistence> {
  let db = await openDatabase(name)
  let closed = false

  // Every operation goes through here: a connection closed under it is reopened once.
  async function run<R>(operation: (database: IDBPDatabase<MockDbSchema>) => Promise<R>): Promise<R> {
    try {
      return await operation(db)
    } catch (error) {
      if (closed || !isClosedConnection(error)) throw error
      db = await openDatabase(name)
      return operation(db)
    }
  }

  return {
    load: () =>
      run(async (database) => {
        const tx = database.transaction(
          ['meta', 'scopes', 'connectors', 'secrets', 'delegates', 'pipelines', 'roleAssignments'],
          'readonly',
        )
        const [seededAt, scopes, connectors, secrets, delegates, pipelines, roleAssignments] = await Promise.all([
          tx.objectStore('meta').get('seededAt'),
          tx.objectStore('scopes').getAll(),
          tx.objectStore('connectors').getAll(),
          tx.objectStore('secrets').getAll(),
          tx.objectStore('delegates').getAll(),
          tx.objectStore('pipelines').getAll(),
          tx.objectStore('roleAssignments').getAll(),
        ])
        await tx.done
        return seededAt === undefined
          ? undefined
          : { scopes, connectors, secrets, delegates, pipelines, roleAssignments }
      }),

    // The object store named `table` holds TableRecord[table]; idb's types cannot follow the generic.
    get: <K extends Table>(table: K, key: string) =>
      run((database) => database.get(table, key) as Promise<TableRecord[K] | undefined>),

    transact: <K extends Table, R>(
      table: K,
      key: string,
      decide: (current: TableRecord[K] | undefined) => Decision<TableRecord[K], R>,
    ) =>
      run(async (database) => {
        // A connector's test history goes with it, and the change's audit events come with it,
        // in the same transaction.
        // A scope's bindings go with it too.
        const tables = [table, 'testResults', 'auditEvents', 'auditHead', 'roleAssignments'] as const
        const tx = database.transaction(table === 'roleAssignments' ? tables.slice(1) : tables, 'readwrite')
        const store = tx.objectStore(table)
        const current = (await store.get(key)) as TableRecord[K] | undefined
        const decision = decide(current)
        if (decision.put) await store.put(decision.put)
        else if (decision.remove) {
          await store.delete(key)
          if (table === 'connectors') await tx.objectStore('testResults').delete(key)
        }
        for (const binding of decision.removeBindings ?? []) await tx.objectStore('roleAssignments').delete(binding)
        if (decision.audit?.length) await appendInTransaction(tx, decision.audit)
        // The answer is given only once the transaction has committed.
        await tx.done
        return decision.result
      }),

    replaceAll: (state, seededAt, audit) =>
      run(async (database) => {
        const tx = database.transaction(
          [
            'meta',
            'scopes',
            'connectors',
            'secrets',
            'delegates',
            'pipelines',
            'testResults',
            'roleAssignments',
            'auditEvents',
            'auditHead',
          ],
          'readwrite',
        )
        const scopes = tx.objectStore('scopes')
        const roleAssignments = tx.objectStore('roleAssignments')
        const connectors = tx.objectStore('connectors')
        const secrets = tx.objectStore('secrets')
        const delegates = tx.objectStore('delegates')
        const pipelines = tx.objectStore('pipelines')
        const writes: Promise<unknown>[] = [
          scopes.clear(),
          connectors.clear(),
          secrets.clear(),
          delegates.clear(),
          pipelines.clear(),
          tx.objectStore('testResults').clear(),
          roleAssignments.clear(),
        ]
        for (const record of state.roleAssignments) writes.push(roleAssignments.put(record))
        for (const record of state.scopes) writes.push(scopes.put(record))
        for (const record of state.connectors) writes.push(connectors.put(record))
        for (const record of state.secrets) writes.push(secrets.put(record))
        for (const record of state.delegates) writes.push(delegates.put(record))
        for (const record of state.pipelines) writes.push(pipelines.put(record))
        writes.push(tx.objectStore('meta').put(seededAt, 'seededAt'))
        if (audit?.length) writes.push(appendInTransaction(tx, audit))
        await Promise.all([...writes, tx.done])
      }),

    recordTestResult: (connectorKey, entry, limit, audit) =>
      run(async (database) => {
        const tx = database.transaction(['connectors', 'testResults', 'auditEvents', 'auditHead'], 'readwrite')
        const results = tx.objectStore('testResults')
        const [connector, stored] = await Promise.all([
          tx.objectStore('connectors').get(connectorKey),
          results.get(connectorKey),
        ])
        if (connector) {
          await results.put({ key: connectorKey, entries: [entry, ...(stored?.entries ?? [])].slice(0, limit) })
          if (audit?.length) await appendInTransaction(tx, audit)
        }
        await tx.done
        return connector !== undefined
      }),

    testResults: (connectorKey) =>
      run(async (database) => (await database.get('testResults', connectorKey))?.entries ?? []),

    auditEvents: () => run((database) => database.getAll('auditEvents')),

    putConnectors: (records) =>
      run(async (database) => {
        const tx = database.transaction('connectors', 'readwrite')
        await Promise.all([...records.map((record) => tx.store.put(record)), tx.done])
      }),

    countConnectors: () => run((database) => database.count('connectors')),

    close() {
      closed = true
      db.close()
    },
  }
}
