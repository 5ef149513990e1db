import { setupWorker } from 'msw/browser'
import { DATA_CHANGED_EVENT, DEMO_CHANGES_CHANNEL } from '../lib/data-changes'
import { seedBulkConnectors } from './bulk-connectors'
import { openIndexedDbPersistence } from './indexed-db-persistence'
import type { ChangeChannel, ChangeMessage, MockDataStore } from './mock-data-store'
import { createInMemoryMockDataStore, openMockDataStore } from './mock-data-store'
import { createHandlers } from './msw-host'

export type BrowserMockBackendOptions = {
  /** 1 is realistic, 0 instant (`?latency=0`). */
  latencyScale: number
  baseUrl?: string
  /** Benchmark only: make sure this many generated connectors exist in project payments. */
  bulkConnectors?: number
}

/** The tabs of this demo tell each other what they changed; each reads it back from IndexedDB. */
function openChangeChannel(): { channel: ChangeChannel; listen: (store: MockDataStore) => void } | undefined {
  if (typeof BroadcastChannel !== 'function') return undefined
  const broadcast = new BroadcastChannel(DEMO_CHANGES_CHANNEL)
  return {
    channel: { post: (message) => broadcast.postMessage(message), close: () => broadcast.close() },
    listen: (store) => {
      broadcast.onmessage = (event: MessageEvent<ChangeMessage>) => {
        void store.receive(event.data).then(() => window.dispatchEvent(new Event(DATA_CHANGED_EVENT)))
      }
    },
  }
}

async function openStore(): Promise<MockDataStore> {
  try {
    const changes = openChangeChannel()
    const store = await openMockDataStore({ persistence: await openIndexedDbPersistence(), channel: changes?.channel })
    changes?.listen(store)
    return store
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
