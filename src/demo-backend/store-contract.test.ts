import { describeStoreContract } from '../backend/store-contract'
import { openIndexedDbPersistence } from './indexed-db-persistence'
import { createInMemoryMockDataStore, openMockDataStore } from './mock-data-store'

/** The demo's stores keep the same promises as the server's SQL stores (src/server/*-store.test.ts). */

describeStoreContract('the demo store in memory', () => Promise.resolve(createInMemoryMockDataStore()))

let counter = 0
describeStoreContract('the demo store over IndexedDB', async () =>
  openMockDataStore({ persistence: await openIndexedDbPersistence(`contract-${++counter}`) }),
)
