import { setupServer } from 'msw/node'
import { createInMemoryMockDataStore } from './mock-data-store'
import { createHandlers } from './msw-host'

/**
 * The mock backend for Vitest: the browser's handlers, instant, over data held in memory and
 * put back to the seed after every test (src/test/setup.ts). Persistence to IndexedDB has its
 * own tests, against fake-indexeddb.
 */

export const mockStore = createInMemoryMockDataStore()

export const server = setupServer(...createHandlers({ store: mockStore, latency: 0 }))

export function resetMockBackend(): Promise<void> {
  return mockStore.reset()
}
