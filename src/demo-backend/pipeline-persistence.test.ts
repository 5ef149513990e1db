import { openDB } from 'idb'
import { describe, expect, it } from 'vitest'
import { PAYMENTS, call } from '../backend/api-test-helpers'
import { createSeedState } from '../backend/seed-data'
import type { PageResponse, PipelineResponse, PipelineSummary } from '../lib/api-types'
import { MOCK_DB_VERSION, openIndexedDbPersistence } from './indexed-db-persistence'
import { withPersistentStores } from './persistent-store-harness'

const { openPersistentStore, reopen, freshName } = withPersistentStores('pipeline-db')

async function pipelineIds(): Promise<string[]> {
  const { data } = await call<PageResponse<PipelineSummary>>('POST', '/pipeline/api/pipelines/list', {
    scope: PAYMENTS,
  })
  return data.content.map((item) => item.identifier)
}

async function seededYaml(identifier: string): Promise<string> {
  return (await call<PipelineResponse>('GET', `/pipeline/api/pipelines/${identifier}`, { scope: PAYMENTS })).data
    .yamlPipeline
}

describe('pipelines in IndexedDB', () => {
  it('are seeded on first start', async () => {
    const name = freshName()
    await openPersistentStore(name)
    expect(await pipelineIds()).toEqual(['deploy_payments_api', 'nightly_checks'])
    const saved = await (await openIndexedDbPersistence(name)).load()
    expect(saved?.pipelines.map((record) => record.identifier).sort()).toEqual([
      'deploy_payments_api',
      'nightly_checks',
    ])
  })

  it('keep a saved pipeline, word for word, across a reopen', async () => {
    const name = freshName()
    const store = await openPersistentStore(name)
    const yaml = `# edited in a test\n${(await seededYaml('nightly_checks')).replace('name: Nightly checks', 'name: Nightly checks - kept')}`
    expect((await call('PUT', '/pipeline/api/pipelines/nightly_checks', { scope: PAYMENTS, yaml })).status).toBe(200)
    await reopen(store, name)
    expect(await seededYaml('nightly_checks')).toBe(yaml)
    const { data } = await call<PageResponse<PipelineSummary>>('POST', '/pipeline/api/pipelines/list', {
      scope: PAYMENTS,
    })
    expect(data.content.map((item) => item.name)).toContain('Nightly checks - kept')
  })

  it('are put back by a reset, in memory and in the database', async () => {
    const name = freshName()
    const store = await openPersistentStore(name)
    const original = await seededYaml('nightly_checks')
    await call('PUT', '/pipeline/api/pipelines/nightly_checks', {
      scope: PAYMENTS,
      yaml: original.replace('Nightly checks', 'Changed'),
    })
    await call('POST', '/pipeline/api/pipelines', {
      scope: PAYMENTS,
      yaml: original.replace(/nightly_checks/g, 'extra'),
    })
    await call('POST', '/ng/api/demo/reset')
    expect(await pipelineIds()).toEqual(['deploy_payments_api', 'nightly_checks'])
    await reopen(store, name)
    expect(await pipelineIds()).toEqual(['deploy_payments_api', 'nightly_checks'])
    expect(await seededYaml('nightly_checks')).toBe(original)
  })

  it('are added to a demo saved before pipelines existed, keeping its data', async () => {
    const name = freshName()
    const seed = createSeedState(Date.now())
    // The version-1 database: the same stores, minus pipelines.
    const v1 = await openDB(name, 1, {
      upgrade(database) {
        database.createObjectStore('connectors', { keyPath: 'key' })
        database.createObjectStore('secrets', { keyPath: 'key' })
        database.createObjectStore('delegates', { keyPath: 'delegateGroupIdentifier' })
        database.createObjectStore('meta')
      },
    })
    const kept = seed.connectors.find((record) => record.connector.identifier === 'docker_hub_public')!
    await v1.put('connectors', { ...kept, connector: { ...kept.connector, name: 'Hub from version 1' } })
    for (const record of seed.secrets) await v1.put('secrets', record)
    for (const record of seed.delegates) await v1.put('delegates', record)
    await v1.put('meta', 1, 'seededAt')
    v1.close()

    const store = await openPersistentStore(name)
    expect(MOCK_DB_VERSION).toBe(5)
    // Its scopes, fixed then, are stored ones now.
    expect(await store.scopeExists(PAYMENTS)).toBe(true)
    expect((await store.getConnector(PAYMENTS, 'docker_hub_public'))?.connector.name).toBe('Hub from version 1')
    expect(store.countConnectors()).toBe(1)
    expect(await pipelineIds()).toEqual(['deploy_payments_api', 'nightly_checks'])
  })
})
