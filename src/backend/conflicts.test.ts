import { expect, it } from 'vitest'
import type { ConnectorResponse } from '../lib/api-types'
import { describeOnBothHosts } from '../test/both-hosts'
import { PAYMENTS, call, createConnector, dockerConnector } from './api-test-helpers'

/**
 * Two people (or two tabs) editing the same connector: the API refuses a write made from a
 * stale copy, with words, and changes nothing. Clients send the version they read in If-Match.
 */

function update(connector: ReturnType<typeof dockerConnector>, version?: number) {
  return call<ConnectorResponse>('PUT', '/ng/api/connectors', {
    scope: { accountIdentifier: 'acme' },
    body: { connector },
    headers: version === undefined ? {} : { 'If-Match': `"${version}"` },
  })
}

describeOnBothHosts('versions and conflicts', () => {
  it('starts a connector at version 1 and adds one per edit, not per test', async () => {
    const created = await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'versioned'))
    expect((created.data as ConnectorResponse).version).toBe(1)
    const edited = await update({ ...dockerConnector(PAYMENTS, 'versioned'), description: 'edited' }, 1)
    expect(edited.status).toBe(200)
    expect(edited.data.version).toBe(2)
    await call('POST', '/ng/api/connectors/testConnection/versioned', { scope: PAYMENTS })
    const read = await call<ConnectorResponse>('GET', '/ng/api/connectors/versioned', { scope: PAYMENTS })
    expect(read.data.version).toBe(2)
    expect(read.data.status.status).not.toBe('UNKNOWN')
  })

  it('refuses an update from a stale version with 409 and keeps the newer one', async () => {
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'shared'))
    await update({ ...dockerConnector(PAYMENTS, 'shared'), description: 'first tab' }, 1)
    const stale = await update({ ...dockerConnector(PAYMENTS, 'shared'), description: 'second tab' }, 1)
    expect(stale.status).toBe(409)
    expect(stale.error.message).toMatch(/changed since you opened it — reload to see the current version/)
    const read = await call<ConnectorResponse>('GET', '/ng/api/connectors/shared', { scope: PAYMENTS })
    expect(read.data.connector.description).toBe('first tab')
    expect(read.data.version).toBe(2)
  })

  it('answers 404, not a re-creation, when the connector was deleted meanwhile', async () => {
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'gone'))
    expect((await call('DELETE', '/ng/api/connectors/gone', { scope: PAYMENTS })).status).toBe(200)
    const saved = await update({ ...dockerConnector(PAYMENTS, 'gone'), description: 'from a stale tab' }, 1)
    expect(saved.status).toBe(404)
    expect((await call('GET', '/ng/api/connectors/gone', { scope: PAYMENTS })).status).toBe(404)
  })

  it('refuses a delete from a stale version and keeps the connector', async () => {
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'kept'))
    await update({ ...dockerConnector(PAYMENTS, 'kept'), description: 'newer' }, 1)
    const stale = await call('DELETE', '/ng/api/connectors/kept', { scope: PAYMENTS, headers: { 'If-Match': '1' } })
    expect(stale.status).toBe(409)
    expect((await call('GET', '/ng/api/connectors/kept', { scope: PAYMENTS })).status).toBe(200)
  })

  it('refuses a second create of the same identifier', async () => {
    expect((await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'twice'))).status).toBe(200)
    const again = await createConnector(PAYMENTS, { ...dockerConnector(PAYMENTS, 'twice'), description: 'other tab' })
    expect(again.status).toBe(400)
    expect(again.error.code).toBe('DUPLICATE_FIELD')
    const read = await call<ConnectorResponse>('GET', '/ng/api/connectors/twice', { scope: PAYMENTS })
    expect(read.data.connector.description).not.toBe('other tab')
  })

  it('refuses an If-Match that is not a version', async () => {
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'odd'))
    const odd = await call('PUT', '/ng/api/connectors', {
      scope: { accountIdentifier: 'acme' },
      body: { connector: dockerConnector(PAYMENTS, 'odd') },
      headers: { 'If-Match': 'yesterday' },
    })
    expect(odd.status).toBe(400)
  })

  it('counts changes, so that clients know when to refetch', async () => {
    const before = await call<{ changeCount: number }>('GET', '/ng/api/changes')
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'counted'))
    const after = await call<{ changeCount: number }>('GET', '/ng/api/changes')
    expect(after.data.changeCount).toBeGreaterThan(before.data.changeCount)
  })
})
