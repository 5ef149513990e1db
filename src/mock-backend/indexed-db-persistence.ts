import type { DBSchema, IDBPDatabase } from 'idb'
import { openDB } from 'idb'
import type { DelegateGroup } from '../lib/api-types'
import type { MockState, StoredConnector, StoredSecret } from './mock-records'

/**
 * Write-through storage of the mock backend's data in IndexedDB, so that a reload loses
 * nothing. One object store per entity and one record per entity: saving a connector
 * rewrites that connector only, which keeps 10,000 connectors cheap.
 */

export const MOCK_DB_NAME = 'artifact-repository-connectors-mock'
const MOCK_DB_VERSION = 1

interface MockDbSchema extends DBSchema {
  connectors: { key: string; value: StoredConnector }
  secrets: { key: string; value: StoredSecret }
  delegates: { key: string; value: DelegateGroup }
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
  close(): void
}

export async function openIndexedDbPersistence(name: string = MOCK_DB_NAME): Promise<MockPersistence> {
  const db: IDBPDatabase<MockDbSchema> = await openDB<MockDbSchema>(name, MOCK_DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('connectors', { keyPath: 'key' })
      database.createObjectStore('secrets', { keyPath: 'key' })
      database.createObjectStore('delegates', { keyPath: 'delegateGroupIdentifier' })
      database.createObjectStore('meta')
    },
  })

  return {
    async load() {
      const tx = db.transaction(['meta', 'connectors', 'secrets', 'delegates'], 'readonly')
      const [seededAt, connectors, secrets, delegates] = await Promise.all([
        tx.objectStore('meta').get('seededAt'),
        tx.objectStore('connectors').getAll(),
        tx.objectStore('secrets').getAll(),
        tx.objectStore('delegates').getAll(),
      ])
      await tx.done
      return seededAt === undefined ? undefined : { connectors, secrets, delegates }
    },

    async replaceAll(state, seededAt) {
      const tx = db.transaction(['meta', 'connectors', 'secrets', 'delegates'], 'readwrite')
      const connectors = tx.objectStore('connectors')
      const secrets = tx.objectStore('secrets')
      const delegates = tx.objectStore('delegates')
      const writes: Promise<unknown>[] = [connectors.clear(), secrets.clear(), delegates.clear()]
      for (const record of state.connectors) writes.push(connectors.put(record))
      for (const record of state.secrets) writes.push(secrets.put(record))
      for (const record of state.delegates) writes.push(delegates.put(record))
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

    close() {
      db.close()
    },
  }
}
