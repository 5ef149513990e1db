import { afterEach } from 'vitest'
import { openIndexedDbPersistence } from './indexed-db-persistence'
import type { MockDataStore } from './mock-data-store'
import { openMockDataStore } from './mock-data-store'
import { createHandlers } from './msw-host'
import { server } from './node-mock-backend'

/**
 * Tests of persistence: each store sits on its own fake-indexeddb database and is served by the
 * handlers in place of the default in-memory one; every store opened is closed after the test.
 */
export function withPersistentStores(prefix: string) {
  const opened: MockDataStore[] = []
  let counter = 0

  afterEach(() => {
    for (const store of opened.splice(0)) store.close()
  })

  async function openPersistentStore(name: string): Promise<MockDataStore> {
    const store = await openMockDataStore({ persistence: await openIndexedDbPersistence(name) })
    opened.push(store)
    server.use(...createHandlers({ store, latency: 0 }))
    return store
  }

  async function reopen(store: MockDataStore, name: string): Promise<MockDataStore> {
    store.close()
    server.resetHandlers()
    return openPersistentStore(name)
  }

  return { openPersistentStore, reopen, freshName: () => `${prefix}-${++counter}` }
}
