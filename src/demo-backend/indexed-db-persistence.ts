import type { DBSchema, IDBPDatabase } from 'idb'
import { openDB } from 'idb'
import type { DelegateGroup } from '../lib/api-types'
import type { MockState, StoredConnector, StoredPipeline, StoredSecret } from './mock-records'
import { seedPipelines } from './seed-pipelines'

/**
 * Write-through storage of the mock backend's data in IndexedDB, so that a reload loses
 * nothing. One object store per entity and one record per entity: saving a connector
 * rewrites that connector only, which keeps 10,000 connectors cheap.
 */

export const MOCK_DB_NAME = 'artifact-repository-connectors-mock'
/** 1: connectors, secrets, delegates. 2: pipelines. */
export const MOCK_DB_VERSION = 2

interface MockDbSchema extends DBSchema {
  connectors: { key: string; value: StoredConnector }
  secrets: { key: string; value: StoredSecret }
  delegates: { key: string; value: DelegateGroup }
  pipelines: { key: string; value: StoredPipeline }
  /** `seededAt`: tells a first start from a data set whose user deleted everything. */
  meta: { key: string; value: number }
}

export type MockPersistence = {
  /** The stored data, or undefined when this database was never seeded. */
  load(): Promise<MockState | undefined>
  replaceAll(state: MockState, seededAt: number): Promise<void>
  putConnectors(records: readonly StoredConnector[]): Promise<void>
  deleteConnector(key: string): Promise<void>
  putSecret(record: StoredSecret): Promise<void>
  putPipeline(record: StoredPipeline): Promise<void>
  close(): void
}

export async function openIndexedDbPersistence(name: string = MOCK_DB_NAME): Promise<MockPersistence> {
  const db: IDBPDatabase<MockDbSchema> = await openDB<MockDbSchema>(name, MOCK_DB_VERSION, {
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
    },
  })

  return {
    async load() {
      const tx = db.transaction(['meta', 'connectors', 'secrets', 'delegates', 'pipelines'], 'readonly')
      const [seededAt, connectors, secrets, delegates, pipelines] = await Promise.all([
        tx.objectStore('meta').get('seededAt'),
        tx.objectStore('connectors').getAll(),
        tx.objectStore('secrets').getAll(),
        tx.objectStore('delegates').getAll(),
        tx.objectStore('pipelines').getAll(),
      ])
      await tx.done
      return seededAt === undefined ? undefined : { connectors, secrets, delegates, pipelines }
    },

    async replaceAll(state, seededAt) {
      const tx = db.transaction(['meta', 'connectors', 'secrets', 'delegates', 'pipelines'], 'readwrite')
      const connectors = tx.objectStore('connectors')
      const secrets = tx.objectStore('secrets')
      const delegates = tx.objectStore('delegates')
      const pipelines = tx.objectStore('pipelines')
      const writes: Promise<unknown>[] = [connectors.clear(), secrets.clear(), delegates.clear(), pipelines.clear()]
      for (const record of state.connectors) writes.push(connectors.put(record))
      for (const record of state.secrets) writes.push(secrets.put(record))
      for (const record of state.delegates) writes.push(delegates.put(record))
      for (const record of state.pipelines) writes.push(pipelines.put(record))
      writes.push(tx.objectStore('meta').put(seededAt, 'seededAt'))
      await Promise.all([...writes, tx.done])
    },

    async putConnectors(records) {
      const tx = db.transaction('connectors', 'readwrite')
      await Promise.all([...records.map((record) => tx.store.put(record)), tx.done])
    },

    async deleteConnector(key) {
      await db.delete('connectors', key)
    },

    async putSecret(record) {
      await db.put('secrets', record)
    },

    async putPipeline(record) {
      await db.put('pipelines', record)
    },

    close() {
      db.close()
    },
  }
}
