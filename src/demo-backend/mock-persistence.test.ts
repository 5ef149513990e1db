import { describe, expect, it } from 'vitest'
import { ACCOUNT, PAYMENTS, call, createConnector, dockerConnector } from '../backend/api-test-helpers'
import type {
  ConnectorResponse,
  DelegateGroup,
  PageResponse,
  RestResponse,
  SecretResponse,
  SimulatedWorld,
} from '../lib/api-types'
import { seedBulkConnectors } from './bulk-connectors'
import { openIndexedDbPersistence } from './indexed-db-persistence'
import { createHandlers } from './msw-host'
import { server } from './node-mock-backend'
import { withPersistentStores } from './persistent-store-harness'

const { openPersistentStore, reopen, freshName } = withPersistentStores('mock-db')

async function listIds(scope = PAYMENTS) {
  const { data } = await call<PageResponse<ConnectorResponse>>('POST', '/ng/api/connectors/listV2', {
    scope,
    body: { filterType: 'Connector' },
  })
  return data.content.map((item) => item.connector.identifier)
}

describe('IndexedDB persistence', () => {
  it('seeds an empty database on first start', async () => {
    const name = freshName()
    await openPersistentStore(name)
    expect(await listIds()).toEqual(['docker_hub_public'])
    const saved = await (await openIndexedDbPersistence(name)).load()
    expect(saved?.connectors.map((record) => record.connector.identifier).sort()).toEqual([
      'acme_artifactory',
      'docker_hub_public',
    ])
    expect(saved?.secrets).toHaveLength(6)
    expect(saved?.delegates).toHaveLength(3)
  })

  it('keeps created, updated, tested and deleted data across a reopen', async () => {
    const name = freshName()
    let store = await openPersistentStore(name)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'kept'))
    await call('DELETE', '/ng/api/connectors/acme_artifactory', { scope: ACCOUNT })
    await call('POST', '/ng/api/v2/secrets', {
      scope: PAYMENTS,
      body: {
        secret: {
          type: 'SecretText',
          name: 'Kept',
          identifier: 'kept_secret',
          orgIdentifier: 'default',
          projectIdentifier: 'payments',
          tags: {},
          spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value: 'v' },
        },
      },
    })

    store = await reopen(store, name)
    expect(await listIds()).toEqual(['kept', 'docker_hub_public'])
    expect(await listIds(ACCOUNT)).toEqual([])
    expect((await call<SecretResponse>('GET', '/ng/api/v2/secrets/kept_secret', { scope: PAYMENTS })).status).toBe(200)
    expect((await store.getSecret(PAYMENTS, 'kept_secret'))?.value).toBe('v')
  })

  it('does not re-seed a database whose user deleted every connector', async () => {
    const name = freshName()
    const store = await openPersistentStore(name)
    await call('DELETE', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS, query: { forceDelete: 'true' } })
    await reopen(store, name)
    expect(await listIds()).toEqual([])
  })

  it('restores the seed on reset, in memory and in the database', async () => {
    const name = freshName()
    let store = await openPersistentStore(name)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'temporary'))
    await call('DELETE', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS, query: { forceDelete: 'true' } })
    const reset = await call<boolean>('POST', '/ng/api/demo/reset')
    expect(reset.data).toBe(true)
    expect(await listIds()).toEqual(['docker_hub_public'])
    store = await reopen(store, name)
    expect(await listIds()).toEqual(['docker_hub_public'])
    expect(store.countConnectors()).toBe(2)
  })

  it('bulk-inserts 10,000 connectors that survive a reopen', async () => {
    const name = freshName()
    const store = await openPersistentStore(name)
    await seedBulkConnectors(store, 10_000)
    const reopened = await reopen(store, name)
    expect(reopened.countConnectors()).toBe(10_002)
    const { data } = await call<PageResponse<ConnectorResponse>>('POST', '/ng/api/connectors/listV2', {
      scope: PAYMENTS,
      body: { filterType: 'Connector' },
    })
    expect(data.totalItems).toBe(10_001)
  }, 60_000)
})

describe('reset, delegates and the simulated world on the default test backend', () => {
  it('puts the seed back after changes', async () => {
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'temporary'))
    await call('POST', '/ng/api/demo/reset')
    expect(await listIds()).toEqual(['docker_hub_public'])
    const secrets = await call<PageResponse<SecretResponse>>('GET', '/ng/api/v2/secrets', { scope: PAYMENTS })
    expect(secrets.data.totalItems).toBe(4)
  })

  it('lists the seeded delegates up the hierarchy', async () => {
    const response = await fetch(
      `${window.location.origin}/api/setup/delegates/v2/up-the-hierarchy?accountId=acme&orgId=default&projectId=payments`,
    )
    const body = (await response.json()) as RestResponse<{ delegateGroupDetails: DelegateGroup[] }>
    const groups = body.resource.delegateGroupDetails
    expect(groups.map((group) => [group.groupName, group.groupCustomSelectors, group.activelyConnected])).toEqual([
      ['delegate-east', ['east', 'k8s', 'docker'], true],
      ['delegate-west', ['west', 'k8s', 'helm'], true],
      ['delegate-legacy', ['legacy'], false],
    ])
    expect(groups[0]?.groupImplicitSelectors).toEqual(['delegate-east'])
    expect(Date.now() - (groups[0]?.lastHeartBeat ?? 0)).toBeLessThan(60_000)
    expect(Date.now() - (groups[2]?.lastHeartBeat ?? 0)).toBeGreaterThan(24 * 3_600_000)
  })

  it('describes the simulated world', async () => {
    const { data } = await call<SimulatedWorld>('GET', '/ng/api/demo/world')
    expect(data.servers.length).toBeGreaterThan(0)
  })

  it('serves another base URL when configured', async () => {
    server.use(
      ...createHandlers({
        store: (await import('./node-mock-backend')).mockStore,
        latency: 0,
        baseUrl: 'https://api.acme.test/gateway/',
      }),
    )
    const response = await fetch('https://api.acme.test/gateway/ng/api/connectors/catalogue?accountIdentifier=acme')
    expect(response.status).toBe(200)
  })
})
