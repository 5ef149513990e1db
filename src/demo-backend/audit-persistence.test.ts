import { hexToBytes } from '@noble/hashes/utils.js'
import { openDB } from 'idb'
import { describe, expect, it } from 'vitest'
import { PAYMENTS, call, createConnector, dockerConnector } from '../backend/api-test-helpers'
import { verifyChain } from '../backend/audit/audit-chain'
import type { AuditEvent } from '../backend/audit/audit-event'
import type { DemoAuditHead } from './indexed-db-persistence'
import { MOCK_DB_VERSION } from './indexed-db-persistence'
import { withPersistentStores } from './persistent-store-harness'

const { openPersistentStore, reopen, freshName } = withPersistentStores('audit-db')

/**
 * The demo's audit trail lives in IndexedDB, appended in the transaction of its change (a write
 * that committed has its event, one that did not has none), chained with the same HMAC as the
 * server's, and kept across a reload.
 */
describe('the demo’s audit trail in IndexedDB', () => {
  it('keeps each change’s event in the change’s transaction, across a reopen, in one verifiable chain', async () => {
    const name = freshName()
    const store = await openPersistentStore(name)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'audited'))
    await call('DELETE', '/ng/api/connectors/audited', { scope: PAYMENTS })
    await reopen(store, name)
    const listed = await call<{ content: { action: string }[] }>('POST', '/audit/api/audits/list', {
      scope: PAYMENTS,
      body: { resources: [{ type: 'CONNECTOR', identifier: 'audited' }] },
    })
    expect(listed.data.content.map((event) => event.action)).toEqual(['DELETE', 'CREATE'])

    const database = await openDB(name, MOCK_DB_VERSION)
    const events = (await database.getAll('auditEvents')) as AuditEvent[]
    const head = (await database.get('auditHead', 'head')) as DemoAuditHead
    database.close()
    expect(events.map((event) => event.sequence)).toEqual([1, 2])
    expect(head.sequence).toBe(2)
    const key = hexToBytes(head.key)
    expect(verifyChain(key, events, { lastSequence: head.sequence })).toEqual([])
    // And an edit of the stored event is found.
    const edited = events.map((event) => (event.sequence === 1 ? { ...event, summary: 'nothing' } : event))
    expect(verifyChain(key, edited, { lastSequence: head.sequence })).toEqual([{ sequence: 1, problem: 'altered' }])
  })
})
