import { openDB } from 'idb'
import { describe, expect, it } from 'vitest'
import { PAYMENTS, call, createConnector, dockerConnector } from '../backend/api-test-helpers'
import { createSeedState } from '../backend/seed-data'
import type { TestHistory } from '../lib/api-types'
import { MOCK_DB_VERSION } from './indexed-db-persistence'
import { withPersistentStores } from './persistent-store-harness'

const { openPersistentStore, reopen, freshName } = withPersistentStores('test-history-db')

async function historyOf(identifier: string) {
  return (await call<TestHistory>('GET', `/ng/api/connectors/${identifier}/testHistory`, { scope: PAYMENTS })).data
    .content
}

describe('connection test history in IndexedDB', () => {
  it('survives a reopen, goes with a delete, and is emptied by a reset', async () => {
    const name = freshName()
    let store = await openPersistentStore(name)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'kept'))
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'dropped'))
    for (const identifier of ['kept', 'kept', 'dropped']) {
      await call('POST', `/ng/api/connectors/testConnection/${identifier}`, { scope: PAYMENTS })
    }
    store = await reopen(store, name)
    expect(await historyOf('kept')).toHaveLength(2)
    expect(await historyOf('dropped')).toHaveLength(1)
    expect((await call('DELETE', '/ng/api/connectors/dropped', { scope: PAYMENTS })).status).toBe(200)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'dropped'))
    await reopen(store, name)
    expect(await historyOf('dropped')).toEqual([])
    await call('POST', '/ng/api/demo/reset')
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'kept'))
    expect(await historyOf('kept')).toEqual([])
  })

  it('is added to a demo saved by version 2, keeping its data', async () => {
    const name = freshName()
    const seed = createSeedState(Date.now())
    const v2 = await openDB(name, 2, {
      upgrade(database) {
        database.createObjectStore('connectors', { keyPath: 'key' })
        database.createObjectStore('secrets', { keyPath: 'key' })
        database.createObjectStore('delegates', { keyPath: 'delegateGroupIdentifier' })
        database.createObjectStore('meta')
        database.createObjectStore('pipelines', { keyPath: 'key' })
      },
    })
    const kept = seed.connectors.find((record) => record.connector.identifier === 'docker_hub_public')!
    await v2.put('connectors', { ...kept, connector: { ...kept.connector, name: 'Hub from version 2' } })
    for (const record of seed.secrets) await v2.put('secrets', record)
    for (const record of seed.delegates) await v2.put('delegates', record)
    for (const record of seed.pipelines) await v2.put('pipelines', record)
    await v2.put('meta', 1, 'seededAt')
    v2.close()

    const store = await openPersistentStore(name)
    expect(MOCK_DB_VERSION).toBe(5)
    expect((await store.getConnector(PAYMENTS, 'docker_hub_public'))?.connector.name).toBe('Hub from version 2')
    expect(store.countConnectors()).toBe(1)
    expect(await historyOf('docker_hub_public')).toEqual([])
    await call('POST', '/ng/api/connectors/testConnection/docker_hub_public', { scope: PAYMENTS })
    expect(await historyOf('docker_hub_public')).toHaveLength(1)
  })
})
