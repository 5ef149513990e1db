import { forceCloseDatabase } from 'fake-indexeddb'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PAYMENTS, call, createConnector, dockerConnector } from '../backend/api-test-helpers'
import { connectorRecord } from '../backend/records'
import { openIndexedDbPersistence } from './indexed-db-persistence'
import type { ChangeMessage, MockDataStore } from './mock-data-store'
import { openMockDataStore } from './mock-data-store'
import { withPersistentStores } from './persistent-store-harness'

/**
 * Two tabs of the demo: each has its own memory over the one IndexedDB database. Writes are
 * decided against IndexedDB, so a tab whose memory is stale still cannot overwrite, re-create
 * or duplicate what the other tab did.
 */

const opened: MockDataStore[] = []
afterEach(() => {
  for (const store of opened.splice(0)) store.close()
  vi.restoreAllMocks()
})

let counter = 0
async function twoTabs() {
  const name = `two-tabs-${++counter}`
  const first = await openMockDataStore({ persistence: await openIndexedDbPersistence(name) })
  const second = await openMockDataStore({ persistence: await openIndexedDbPersistence(name) })
  opened.push(first, second)
  return { first, second }
}

function record(identifier: string, description = '') {
  const now = Date.now()
  return connectorRecord(
    PAYMENTS,
    { ...dockerConnector(PAYMENTS, identifier), description },
    { createdAt: now, lastModifiedAt: now },
  )
}

describe('two tabs on one IndexedDB', () => {
  it('refuses a create of an identifier the other tab created, though this tab never saw it', async () => {
    const { first, second } = await twoTabs()
    expect((await first.createConnector(record('dup', 'first'))).ok).toBe(true)
    expect(await second.getConnector(PAYMENTS, 'dup')).toBeUndefined()
    const again = await second.createConnector(record('dup', 'second'))
    expect(again).toMatchObject({ ok: false, refusal: 'exists' })
    // The refusal brought the truth into the stale tab's memory.
    expect((await second.getConnector(PAYMENTS, 'dup'))?.connector.description).toBe('first')
  })

  it('refuses an update from the version the other tab has moved past', async () => {
    const { first, second } = await twoTabs()
    await first.createConnector(record('shared'))
    await second.createConnector(record('shared')).catch(() => undefined)
    expect((await first.updateConnector(record('shared', 'first'), 1)).ok).toBe(true)
    const stale = await second.updateConnector(record('shared', 'second'), 1)
    expect(stale).toMatchObject({ ok: false, refusal: 'conflict' })
    expect((await second.getConnector(PAYMENTS, 'shared'))?.connector.description).toBe('first')
  })

  it('answers not-found, never a re-creation, for a connector the other tab deleted', async () => {
    const { first, second } = await twoTabs()
    await first.createConnector(record('gone'))
    await second.createConnector(record('gone')).catch(() => undefined)
    expect((await first.deleteConnector(PAYMENTS, 'gone')).ok).toBe(true)
    expect(await second.updateConnector(record('gone', 'second'), 1)).toMatchObject({ ok: false, refusal: 'not-found' })
    expect(await second.getConnector(PAYMENTS, 'gone')).toBeUndefined()
    const reopened = await openMockDataStore({ persistence: await openIndexedDbPersistence(`two-tabs-${counter}`) })
    opened.push(reopened)
    expect(await reopened.getConnector(PAYMENTS, 'gone')).toBeUndefined()
  })

  it('reads the other tab’s change when told, then tells the page', async () => {
    const name = `two-tabs-${++counter}`
    const messages: ChangeMessage[] = []
    const first = await openMockDataStore({
      persistence: await openIndexedDbPersistence(name),
      channel: { post: (message) => messages.push(message), close: () => undefined },
    })
    const second = await openMockDataStore({ persistence: await openIndexedDbPersistence(name) })
    opened.push(first, second)
    const heard = vi.fn()
    second.onExternalChange(heard)
    await first.createConnector(record('told'))
    expect(messages.at(-1)).toEqual({ table: 'connectors', key: 'acme/default/payments/told' })
    await second.receive(messages.at(-1)!)
    expect(await second.getConnector(PAYMENTS, 'told')).toBeDefined()
    expect(heard).toHaveBeenCalledTimes(1)
  })
})

describe('IndexedDB failures', () => {
  const { openPersistentStore, reopen, freshName } = withPersistentStores('failing-db')

  it('reopens a connection the browser closed under it, and the write is kept', async () => {
    const connections: IDBDatabase[] = []
    const open = indexedDB.open.bind(indexedDB)
    vi.spyOn(indexedDB, 'open').mockImplementation((...args: Parameters<IDBFactory['open']>) => {
      const request = open(...args)
      request.addEventListener('success', () => connections.push(request.result))
      return request
    })
    const name = freshName()
    let store = await openPersistentStore(name)
    forceCloseDatabase(connections.at(-1) as unknown as Parameters<typeof forceCloseDatabase>[0])
    expect((await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'after_close'))).status).toBe(200)
    store = await reopen(store, name)
    expect(await store.getConnector(PAYMENTS, 'after_close')).toBeDefined()
  })

  it('answers a storage failure with a Harness-shaped 500 and changes nothing', async () => {
    const name = freshName()
    let store = await openPersistentStore(name)
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    })
    const refused = await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'unstored'))
    expect(refused.status).toBe(500)
    expect(refused.error).toMatchObject({ status: 'ERROR', code: 'UNEXPECTED_ERROR' })
    expect(refused.text).not.toMatch(/at .*\.ts|Error:|stack/)
    expect(await store.getConnector(PAYMENTS, 'unstored')).toBeUndefined()
    vi.restoreAllMocks()
    store = await reopen(store, name)
    expect(await store.getConnector(PAYMENTS, 'unstored')).toBeUndefined()
    expect((await call('GET', '/ng/api/connectors/unstored', { scope: PAYMENTS })).status).toBe(404)
  })
})
