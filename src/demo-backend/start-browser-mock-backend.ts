import { setupWorker } from 'msw/browser'
import { seedBulkConnectors } from './bulk-connectors'
import { createHandlers } from './create-handlers'
import { openIndexedDbPersistence } from './indexed-db-persistence'
import type { MockDataStore } from './mock-data-store'
import { createInMemoryMockDataStore, openMockDataStore } from './mock-data-store'

export type BrowserMockBackendOptions = {
  /** 1 is realistic, 0 instant (`?latency=0`). */
  latencyScale: number
  baseUrl?: string
  /** Benchmark only: make sure this many generated connectors exist in project payments. */
  bulkConnectors?: number
}

async function openStore(): Promise<MockDataStore> {
  try {
    return await openMockDataStore({ persistence: await openIndexedDbPersistence() })
  } catch {
    // Without IndexedDB (some private windows) the demo still works; it just forgets on reload.
    return createInMemoryMockDataStore()
  }
}

/** Serves the API inside this page through Mock Service Worker, over data kept in IndexedDB. */
export async function startBrowserMockBackend(options: BrowserMockBackendOptions): Promise<void> {
  const store = await openStore()
  if (options.bulkConnectors && options.bulkConnectors > 0) {
    await seedBulkConnectors(store, options.bulkConnectors)
  }
  const worker = setupWorker(...createHandlers({ store, baseUrl: options.baseUrl, latency: options.latencyScale }))
  await worker.start({
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: true,
  })
}
