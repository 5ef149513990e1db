import { openDB } from 'idb'
import { describe, expect, it } from 'vitest'
import { PAYMENTS, call } from '../backend/api-test-helpers'
import { createSeedState } from '../backend/seed-data'
import type { PageResponse, ProjectResponse } from '../lib/api-types'
import { withPersistentStores } from './persistent-store-harness'

const { openPersistentStore, reopen, freshName } = withPersistentStores('scope-db')

async function projectIds(): Promise<string[]> {
  const { data } = await call<PageResponse<ProjectResponse>>('GET', '/ng/api/projects', {
    query: { accountIdentifier: 'acme' },
  })
  return data.content.map((entry) => `${entry.project.orgIdentifier}/${entry.project.identifier}`)
}

describe('organizations and projects in IndexedDB', () => {
  it('keeps a new project across a reopen, and a reset forgets it', async () => {
    const name = freshName()
    const store = await openPersistentStore(name)
    const created = await call('POST', '/ng/api/projects', {
      query: { accountIdentifier: 'acme', orgIdentifier: 'platform' },
      body: { project: { orgIdentifier: 'platform', identifier: 'edge', name: 'Edge' } },
    })
    expect(created.status).toBe(200)
    const reopened = await reopen(store, name)
    expect(await projectIds()).toEqual(['default/checkout', 'default/payments', 'platform/edge', 'platform/infra'])
    await reopened.reset?.()
    expect(await projectIds()).toEqual(['default/checkout', 'default/payments', 'platform/infra'])
  })

  it('gives a demo saved before scopes were stored (version 3) the scopes its data lives in', async () => {
    const name = freshName()
    const seed = createSeedState(Date.now())
    const v3 = await openDB(name, 3, {
      upgrade(database) {
        for (const table of ['connectors', 'secrets', 'pipelines', 'testResults']) {
          database.createObjectStore(table, { keyPath: 'key' })
        }
        database.createObjectStore('delegates', { keyPath: 'delegateGroupIdentifier' })
        database.createObjectStore('meta')
      },
    })
    for (const record of seed.connectors) await v3.put('connectors', record)
    await v3.put('meta', 1, 'seededAt')
    v3.close()

    const store = await openPersistentStore(name)
    expect(await store.getConnector(PAYMENTS, 'docker_hub_public')).toBeDefined()
    expect(await projectIds()).toEqual(['default/checkout', 'default/payments', 'platform/infra'])
    const list = await call('POST', '/ng/api/connectors/listV2', { scope: PAYMENTS, body: { filterType: 'Connector' } })
    expect(list.status).toBe(200)
  })
})
