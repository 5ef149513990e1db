import { beforeEach, describe, expect, it } from 'vitest'
import type { ConnectorFilter, ConnectorResponse, PageResponse } from '../lib/api-types'
import { ACCOUNT, CHECKOUT, PAYMENTS, call, connectorInfo, createConnector, dockerConnector } from './api-test-helpers'
import { mockStore } from './node-mock-backend'

async function list(query: Record<string, string> = {}, filter: Partial<ConnectorFilter> = {}, scope = PAYMENTS) {
  const { status, data } = await call<PageResponse<ConnectorResponse>>('POST', '/ng/api/connectors/listV2', {
    scope,
    query,
    body: { filterType: 'Connector', ...filter },
  })
  expect(status).toBe(200)
  return data
}

const ids = (page: PageResponse<ConnectorResponse>) => page.content.map((item) => item.connector.identifier)

describe('listV2', () => {
  beforeEach(async () => {
    await createConnector(PAYMENTS, {
      ...connectorInfo('HttpHelmRepo', PAYMENTS, {
        name: 'Stable charts',
        identifier: 'stable_charts',
        url: 'https://charts.acme.test/stable',
        description: 'Charts the payments team deploys',
        tags: ['team:payments', 'tier'],
        auth: { type: 'Anonymous', username: '', passwordRef: '' },
      }),
    })
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'private_registry'))
  })

  it('lists one scope, most recently modified first', async () => {
    expect(ids(await list())).toEqual(['private_registry', 'stable_charts', 'docker_hub_public'])
    expect(ids(await list({}, {}, ACCOUNT))).toEqual(['acme_artifactory'])
    expect(ids(await list({}, {}, CHECKOUT))).toEqual([])
  })

  it.each([
    ['name', 'STABLE', ['stable_charts']],
    ['identifier', 'private_reg', ['private_registry']],
    ['description', 'payments team', ['stable_charts']],
    ['tag key', 'tier', ['stable_charts']],
    ['tag value', 'payments', ['stable_charts']],
    ['URL', 'index.docker.io', ['docker_hub_public']],
    ['nothing', 'zzz', []],
  ])('searches by %s', async (_what, searchTerm, expected) => {
    expect(ids(await list({ searchTerm }))).toEqual(expected)
  })

  it('filters by type and by connectivity status', async () => {
    expect(ids(await list({}, { types: ['DockerRegistry'] }))).toEqual(['private_registry', 'docker_hub_public'])
    expect(ids(await list({}, { types: ['HttpHelmRepo', 'Nexus'] }))).toEqual(['stable_charts'])
    expect(ids(await list({}, { connectivityStatuses: ['SUCCESS'] }))).toEqual(['docker_hub_public'])
    expect(
      ids(await list({ searchTerm: 'registry' }, { types: ['DockerRegistry'], connectivityStatuses: ['UNKNOWN'] })),
    ).toEqual(['private_registry'])
  })

  it('pages, 100 a page by default', async () => {
    const first = await list({ pageSize: '2' })
    expect(first).toMatchObject({ totalItems: 3, totalPages: 2, pageIndex: 0, pageSize: 2 })
    expect(ids(await list({ pageSize: '2', pageIndex: '1' }))).toEqual(['docker_hub_public'])
    expect((await list()).pageSize).toBe(100)
  })

  it('stays fast with 10,000 connectors', async () => {
    const { seedBulkConnectors } = await import('./bulk-connectors')
    await seedBulkConnectors(mockStore, 10_000)
    const started = performance.now()
    const page = await list({ searchTerm: 'nexus', pageSize: '50' })
    const elapsed = performance.now() - started
    expect(page.totalItems).toBe(2000)
    expect(page.content).toHaveLength(50)
    // Generous: this guards against an accidental quadratic filter, not a benchmark.
    expect(elapsed).toBeLessThan(1000)
  })
})
