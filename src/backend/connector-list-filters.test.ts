import { beforeEach, describe, expect, it } from 'vitest'
import type { ConnectorResponse, PageResponse } from '../lib/api-types'
import { describeOnBothHosts } from '../test/both-hosts'
import { PAYMENTS, call, connectorInfo, createConnector, dockerConnector } from './api-test-helpers'

async function list(query: Record<string, string> = {}, filter: Record<string, unknown> = {}) {
  const { status, data, text } = await call<PageResponse<ConnectorResponse>>('POST', '/ng/api/connectors/listV2', {
    scope: PAYMENTS,
    query,
    body: { filterType: 'Connector', categories: ['ARTIFACTORY'], ...filter },
  })
  expect(status, text).toBe(200)
  return data
}

const ids = async (query: Record<string, string> = {}, filter: Record<string, unknown> = {}) =>
  (await list(query, filter)).content.map((item) => item.connector.identifier).sort()

/**
 * Search matches what a row shows (the type label, the status label, a tag as displayed), and the
 * tags filter takes Harness's map or a list of tags as displayed: on both hosts.
 */
describeOnBothHosts('listV2 search and tags filter', () => {
  beforeEach(async () => {
    // Seeded in payments: docker_hub_public, Docker Registry, Success, registry:dockerhub.
    await createConnector(
      PAYMENTS,
      connectorInfo('Artifactory', PAYMENTS, {
        name: 'Payments jfrog',
        identifier: 'payments_jfrog',
        url: 'https://acme.jfrog.io/artifactory',
        tags: ['team:payments', 'registry:jfrog'],
        auth: { type: 'Anonymous', username: '', passwordRef: '' },
      }),
    )
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'stale_registry', 'old_password'))
    const tested = await call('POST', '/ng/api/connectors/testConnection/stale_registry', { scope: PAYMENTS })
    expect(tested.status, tested.text).toBe(200)
  })

  describe('search', () => {
    it.each([
      ['the type label', 'Artifactory', ['payments_jfrog']],
      ['the status label', 'Failed', ['stale_registry']],
      ['the status label Success', 'success', ['docker_hub_public']],
      ['the status label Not tested', 'Not tested', ['payments_jfrog']],
      ['a tag as displayed', 'registry:dockerhub', ['docker_hub_public']],
      ['a tag key', 'registry', ['docker_hub_public', 'payments_jfrog', 'stale_registry']],
    ])('matches %s (%s)', async (_what, searchTerm, expected) => {
      expect(await ids({ searchTerm })).toEqual(expected)
    })
  })

  describe('tags filter', () => {
    it('takes a list of tags as displayed: key:value exactly, a key with any value', async () => {
      expect(await ids({}, { tags: ['registry:dockerhub'] })).toEqual(['docker_hub_public'])
      expect(await ids({}, { tags: ['Registry:DockerHub'] })).toEqual(['docker_hub_public'])
      expect(await ids({}, { tags: ['registry'] })).toEqual(['docker_hub_public', 'payments_jfrog'])
      expect(await ids({}, { tags: ['registry', 'team:payments'] })).toEqual(['payments_jfrog'])
      expect(await ids({}, { tags: ['registry:docker'] })).toEqual([])
    })

    it("takes Harness's map, an empty value for any value", async () => {
      expect(await ids({}, { tags: { registry: 'dockerhub' } })).toEqual(['docker_hub_public'])
      expect(await ids({}, { tags: { registry: '' } })).toEqual(['docker_hub_public', 'payments_jfrog'])
      expect(await ids({}, { tags: { team: 'payments', registry: 'jfrog' } })).toEqual(['payments_jfrog'])
    })

    it('combines with type, status, search, sort and paging, and ignores what it does not understand', async () => {
      expect(await ids({}, { tags: ['registry'], types: ['DockerRegistry'] })).toEqual(['docker_hub_public'])
      expect(await ids({}, { tags: ['registry'], connectivityStatuses: ['UNKNOWN'] })).toEqual(['payments_jfrog'])
      expect(await ids({ searchTerm: 'jfrog' }, { tags: ['registry'] })).toEqual(['payments_jfrog'])
      const page = await list({ sort: 'name', order: 'desc', pageSize: '1' }, { tags: ['registry'] })
      expect(page.totalItems).toBe(2)
      expect(page.content.map((item) => item.connector.identifier)).toEqual(['payments_jfrog'])
      expect(await ids({}, { tags: 'registry' })).toHaveLength(3)
      expect(await ids({}, { tags: [42, ''] })).toHaveLength(3)
    })
  })
})
