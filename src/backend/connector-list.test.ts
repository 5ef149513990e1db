import { beforeEach, describe, expect, it } from 'vitest'
import { mockStore } from '../demo-backend/node-mock-backend'
import type { ConnectorFilter, ConnectorResponse, PageResponse } from '../lib/api-types'
import { ACCOUNT, CHECKOUT, PAYMENTS, call, connectorInfo, createConnector, dockerConnector } from './api-test-helpers'

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

  // How fast this is belongs to `npm run bench`; here, that 10,000 come back a page at a time.
  it('pages and filters a list of 10,000 connectors', async () => {
    const { seedBulkConnectors } = await import('../demo-backend/bulk-connectors')
    await seedBulkConnectors(mockStore, 10_000)
    const stored = (await mockStore.listConnectors(PAYMENTS, { searchTerm: '', pageIndex: 0, pageSize: 1_000_000 }))
      .items
    expect(stored).toHaveLength(10_003)

    const first = await list()
    expect(first).toMatchObject({ totalItems: 10_003, totalPages: 101, pageIndex: 0, pageSize: 100 })
    expect(first.content).toHaveLength(100)
    expect((await list({ pageIndex: '100' })).content).toHaveLength(3)

    // Every Nexus connector once, across the pages, newest first, and nothing else.
    const nexus = stored.filter((record) => record.connector.type === 'Nexus')
    expect(nexus.length).toBeGreaterThan(1000)
    const page = await list({ searchTerm: 'nexus', pageSize: '50' })
    // More than 1,000 match: a search counts to 1,000 and says there are more.
    expect(page).toMatchObject({ totalItems: 1_000, totalIsLowerBound: true, totalPages: 20, pageSize: 50 })
    expect(page.content).toHaveLength(50)
    // The pages go on past the count, to the last (short) one.
    const pages = [await list({ searchTerm: 'NEXUS', pageSize: '1000' })]
    while (pages.at(-1)!.content.length === 200) {
      pages.push(await list({ searchTerm: 'NEXUS', pageSize: '1000', pageIndex: String(pages.length) }))
    }
    // However large a page is asked for, the server caps it.
    expect(pages[0]!.pageSize).toBe(200)
    const walked = pages.flatMap((each) => each.content)
    expect(walked.slice(0, 50).map((item) => item.connector.identifier)).toEqual(ids(page))
    expect(new Set(walked.map((item) => item.connector.type))).toEqual(new Set(['Nexus']))
    expect(new Set(walked.map((item) => item.connector.identifier))).toEqual(
      new Set(nexus.map((record) => record.connector.identifier)),
    )
    expect(walked).toHaveLength(nexus.length)
    const modified = walked.map((item) => item.lastModifiedAt)
    expect(modified).toEqual([...modified].sort((a, b) => b - a))

    // Filters combine with the search and with each other.
    const failingNexus = nexus.filter((record) => record.status.status === 'FAILURE')
    expect(failingNexus.length).toBeGreaterThan(0)
    const failingPages = [await list({ searchTerm: 'nexus', pageSize: '200' }, { connectivityStatuses: ['FAILURE'] })]
    while (failingPages.length < failingPages[0]!.totalPages) {
      failingPages.push(
        await list(
          { searchTerm: 'nexus', pageSize: '200', pageIndex: String(failingPages.length) },
          { connectivityStatuses: ['FAILURE'] },
        ),
      )
    }
    expect(failingPages[0]!.totalItems).toBe(failingNexus.length)
    expect(failingPages[0]!.totalIsLowerBound).toBeUndefined()
    expect(failingPages.flatMap(ids).sort()).toEqual(failingNexus.map((record) => record.connector.identifier).sort())
    expect((await list({}, { types: ['Nexus'], connectivityStatuses: ['FAILURE'] })).totalItems).toBe(
      failingNexus.length,
    )
  })
})
