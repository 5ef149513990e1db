import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectivityStatus, ConnectorConnectivityDetails, ConnectorInfo, SecretDTO } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { PrincipalRef } from './access/principal'
import { roleAssignmentRecord } from './access/role-assignments'
import type { StoredConnector, StoredPipeline, StoredSecret } from './records'
import { connectorRecord, connectorSearchText, recordKey, scopeKey, scopeRecord, secretRecord } from './records'
import type { ConnectorListQuery, DataStore } from './store'
import { describeScopeContract } from './store-contract-scopes'
import { describeSecretSearchContract } from './store-contract-secret-search'
import { describeSecretContract } from './store-contract-secrets'

/**
 * The DataStore contract (store.ts), as Vitest blocks that every implementation runs:
 * `describeStoreContract('PGlite', () => openSqlStore(…))`. One store is opened for the whole
 * suite; each test works in accounts of its own, so the tests neither see each other's records
 * nor any seed data, and counts are compared before and after.
 *
 * Orders it pins down (ties by identifier, code point order):
 * - connectors: `lastModified` newest first, `name` A to Z ignoring case, `lastTested` most
 *   recently tested first and never tested last; the other direction is exactly the reverse;
 * - secrets newest `updatedAt` first, pipelines newest `lastUpdatedAt` first.
 */

type OpenStore = () => Promise<DataStore & { close?: () => void | Promise<void> }>

let accounts = 0

/** An account no other test (or seed) uses. */
function freshAccount(): string {
  accounts += 1
  return `contract${accounts}x${Math.random().toString(36).slice(2, 8)}`
}

function projectScope(accountIdentifier = freshAccount()): Scope {
  return { accountIdentifier, orgIdentifier: 'org1', projectIdentifier: 'proj1' }
}

function connector(scope: Scope, identifier: string, fields: Partial<ConnectorInfo> = {}): ConnectorInfo {
  return {
    name: identifier,
    identifier,
    description: '',
    ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
    ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
    tags: {},
    type: 'DockerRegistry',
    spec: {
      dockerRegistryUrl: `https://${identifier.toLowerCase()}.example.test`,
      providerType: 'Other',
      auth: { type: 'Anonymous' },
    },
    ...fields,
  }
}

function makeConnector(
  scope: Scope,
  identifier: string,
  options: { fields?: Partial<ConnectorInfo>; at?: number; status?: ConnectorConnectivityDetails } = {},
): StoredConnector {
  const at = options.at ?? 1_700_000_000_000
  return connectorRecord(
    scope,
    connector(scope, identifier, options.fields),
    { createdAt: at, lastModifiedAt: at },
    options.status,
  )
}

function tested(status: ConnectivityStatus, at: number): ConnectorConnectivityDetails {
  return { status, testedAt: at, lastTestedAt: at, ...(status === 'SUCCESS' ? { lastConnectedAt: at } : {}) }
}

function makeSecret(
  scope: Scope,
  identifier: string,
  value: string,
  at = 1_700_000_000_000,
  name = identifier,
): StoredSecret {
  const secret: SecretDTO = {
    type: 'SecretText',
    name,
    identifier,
    ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
    ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
    tags: {},
    spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' },
  }
  return secretRecord(scope, secret, value, { createdAt: at, updatedAt: at })
}

function makePipeline(
  scope: Scope,
  identifier: string,
  options: { connectorRefs?: string[]; connectorKeys?: string[]; at?: number; name?: string } = {},
): StoredPipeline {
  const at = options.at ?? 1_700_000_000_000
  const name = options.name ?? identifier
  return {
    key: recordKey(scope, identifier),
    scopeKey: scopeKey(scope),
    accountIdentifier: scope.accountIdentifier,
    orgIdentifier: scope.orgIdentifier ?? '',
    projectIdentifier: scope.projectIdentifier ?? '',
    identifier,
    name,
    description: `Pipeline ${name}`,
    tags: { team: 'contract' },
    stageCount: 1,
    connectorRefs: options.connectorRefs ?? [],
    connectorKeys: options.connectorKeys ?? [],
    yaml: `pipeline:\n  name: ${name}\n  identifier: ${identifier}\n  # kept word for word\n`,
    createdAt: at,
    lastUpdatedAt: at,
    version: 1,
  }
}

const ALL: Omit<ConnectorListQuery, 'searchTerm'> = { pageIndex: 0, pageSize: 1000 }

export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`DataStore contract: ${name}`, () => {
    let store: DataStore & { close?: () => void | Promise<void> }

    beforeAll(async () => {
      store = await open()
    })

    afterAll(async () => {
      await store?.close?.()
    })

    describeScopeContract(() => store)
    describeSecretContract(() => store)
    describeSecretSearchContract(() => store)

    async function createAll(records: StoredConnector[]) {
      for (const record of records) expect((await store.createConnector(record)).ok).toBe(true)
    }

    async function identifiers(scope: Scope, query: Partial<ConnectorListQuery> = {}) {
      const page = await store.listConnectors(scope, { searchTerm: '', ...ALL, ...query })
      return page.items.map((item) => item.connector.identifier)
    }

    describe('connectors', () => {
      it('creates a connector at version 1 and reads it back', async () => {
        const scope = projectScope()
        const record = makeConnector(scope, 'dockerhub', {
          fields: { name: 'Docker Hub', description: 'Public images', tags: { team: 'platform', prod: '' } },
        })
        const result = await store.createConnector(record)
        expect(result).toEqual({ ok: true, record: { ...record, version: 1 } })
        expect(await store.getConnector(scope, 'dockerhub')).toEqual({ ...record, version: 1 })
        expect(await store.getConnector(scope, 'missing')).toBeUndefined()
      })

      it('refuses to create an identifier that exists, changing nothing', async () => {
        const scope = projectScope()
        const first = makeConnector(scope, 'taken', { fields: { name: 'First' } })
        await createAll([first])
        const before = await store.changeCount()
        const again = await store.createConnector(makeConnector(scope, 'taken', { fields: { name: 'Second' }, at: 5 }))
        expect(again.ok).toBe(false)
        expect(again.ok ? undefined : again.refusal).toBe('exists')
        expect(await store.getConnector(scope, 'taken')).toEqual(first)
        expect((await store.listConnectors(scope, { searchTerm: '', ...ALL })).total).toBe(1)
        expect(await store.changeCount()).toBe(before)
      })

      it('takes only one of two simultaneous creates of one identifier', async () => {
        const scope = projectScope()
        const results = await Promise.all([
          store.createConnector(makeConnector(scope, 'race', { fields: { name: 'A' } })),
          store.createConnector(makeConnector(scope, 'race', { fields: { name: 'B' } })),
        ])
        expect(results.filter((result) => result.ok)).toHaveLength(1)
        expect(results.filter((result) => !result.ok && result.refusal === 'exists')).toHaveLength(1)
        expect((await store.listConnectors(scope, { searchTerm: '', ...ALL })).total).toBe(1)
      })

      it('updates: version one more, connectivity status kept, new fields stored', async () => {
        const scope = projectScope()
        const status = tested('SUCCESS', 1_700_000_100_000)
        await createAll([makeConnector(scope, 'edited', { status })])
        const edited = makeConnector(scope, 'edited', {
          fields: { name: 'Renamed', description: 'after the edit' },
          at: 1_700_000_200_000,
        })
        const first = await store.updateConnector(edited, 1)
        expect(first.ok).toBe(true)
        const stored = await store.getConnector(scope, 'edited')
        expect(stored?.version).toBe(2)
        expect(stored?.connector.name).toBe('Renamed')
        expect(stored?.connector.description).toBe('after the edit')
        expect(stored?.lastModifiedAt).toBe(1_700_000_200_000)
        expect(stored?.createdAt).toBe(1_700_000_000_000)
        expect(stored?.status).toEqual(status)
        expect(first.ok ? first.record : undefined).toEqual(stored)
        // Without an expected version the update is unconditional; still one more.
        expect((await store.updateConnector({ ...edited, connector: { ...edited.connector, name: 'Again' } })).ok).toBe(
          true,
        )
        expect((await store.getConnector(scope, 'edited'))?.version).toBe(3)
        // Search follows the new name.
        expect(await identifiers(scope, { searchTerm: 'again' })).toEqual(['edited'])
        expect(await identifiers(scope, { searchTerm: 'renamed' })).toEqual([])
      })

      it('refuses a stale update with the current record, and an update of a missing one, changing nothing', async () => {
        const scope = projectScope()
        await createAll([makeConnector(scope, 'guarded')])
        expect((await store.updateConnector(makeConnector(scope, 'guarded', { fields: { name: 'v2' } }), 1)).ok).toBe(
          true,
        )
        const before = await store.changeCount()
        const stale = await store.updateConnector(makeConnector(scope, 'guarded', { fields: { name: 'stale' } }), 1)
        expect(stale.ok).toBe(false)
        if (stale.ok) return
        expect(stale.refusal).toBe('conflict')
        expect(stale.current?.version).toBe(2)
        expect(stale.current?.connector.name).toBe('v2')
        const missing = await store.updateConnector(makeConnector(scope, 'nobody'), 1)
        expect(missing.ok ? undefined : missing.refusal).toBe('not-found')
        const missingUnconditional = await store.updateConnector(makeConnector(scope, 'nobody'))
        expect(missingUnconditional.ok ? undefined : missingUnconditional.refusal).toBe('not-found')
        expect(await store.getConnector(scope, 'nobody')).toBeUndefined()
        const stored = await store.getConnector(scope, 'guarded')
        expect(stored?.connector.name).toBe('v2')
        expect(stored?.version).toBe(2)
        expect(await store.changeCount()).toBe(before)
      })

      it('lets only one of two simultaneous updates at one version through', async () => {
        const scope = projectScope()
        await createAll([makeConnector(scope, 'contended')])
        const results = await Promise.all(
          ['A', 'B'].map((name) => store.updateConnector(makeConnector(scope, 'contended', { fields: { name } }), 1)),
        )
        expect(results.filter((result) => result.ok)).toHaveLength(1)
        expect(results.filter((result) => !result.ok && result.refusal === 'conflict')).toHaveLength(1)
        expect((await store.getConnector(scope, 'contended'))?.version).toBe(2)
      })

      it('deletes, refusing a stale version or a missing record', async () => {
        const scope = projectScope()
        await createAll([makeConnector(scope, 'doomed'), makeConnector(scope, 'kept')])
        await store.updateConnector(makeConnector(scope, 'doomed', { fields: { name: 'v2' } }))
        const before = await store.changeCount()
        const stale = await store.deleteConnector(scope, 'doomed', 1)
        expect(stale.ok).toBe(false)
        expect(stale.ok ? undefined : stale.refusal).toBe('conflict')
        expect(stale.ok ? undefined : (stale.current as StoredConnector | undefined)?.version).toBe(2)
        expect((await store.getConnector(scope, 'doomed'))?.version).toBe(2)
        expect(await store.changeCount()).toBe(before)

        expect(await store.deleteConnector(scope, 'doomed', 2)).toEqual({ ok: true })
        expect(await store.getConnector(scope, 'doomed')).toBeUndefined()
        const again = await store.deleteConnector(scope, 'doomed')
        expect(again.ok ? undefined : again.refusal).toBe('not-found')
        const page = await store.listConnectors(scope, { searchTerm: '', ...ALL })
        expect(page.total).toBe(1)
        expect(page.items.map((item) => item.connector.identifier)).toEqual(['kept'])
        expect(await store.deleteConnector(scope, 'kept')).toEqual({ ok: true })
        expect(await store.listConnectors(scope, { searchTerm: '', ...ALL })).toEqual({ items: [], total: 0 })
        // The identifier is free again.
        expect((await store.createConnector(makeConnector(scope, 'doomed'))).ok).toBe(true)
        expect((await store.getConnector(scope, 'doomed'))?.version).toBe(1)
      })

      it('records a connection test without a new version, and answers false for a missing connector', async () => {
        const scope = projectScope()
        const record = makeConnector(scope, 'probed', { fields: { name: 'Probed' } })
        await createAll([record])
        const status = tested('FAILURE', 1_700_000_300_000)
        const before = await store.changeCount()
        expect(
          await store.recordConnectorStatus(scope, 'probed', status, connectorSearchText(record.connector, status)),
        ).toBe(true)
        expect(await store.changeCount()).toBeGreaterThan(before)
        const stored = await store.getConnector(scope, 'probed')
        expect(stored?.version).toBe(1)
        expect(stored?.status).toEqual(status)
        expect(stored?.lastModifiedAt).toBe(record.lastModifiedAt)
        expect(await identifiers(scope, { searchTerm: 'failed' })).toEqual(['probed'])
        expect(await identifiers(scope, { statuses: ['FAILURE'] })).toEqual(['probed'])
        // An editor opened at version 1 can still save.
        expect((await store.updateConnector(makeConnector(scope, 'probed', { fields: { name: 'Saved' } }), 1)).ok).toBe(
          true,
        )
        expect((await store.getConnector(scope, 'probed'))?.status).toEqual(status)
        const missing = tested('SUCCESS', 1)
        expect(await store.recordConnectorStatus(scope, 'ghost', missing, 'ghost')).toBe(false)
        expect(await store.getConnector(scope, 'ghost')).toBeUndefined()
      })
    })

    describe('connector lists', () => {
      it('pages newest first with the total, ties by identifier', async () => {
        const scope = projectScope()
        const records = Array.from({ length: 25 }, (_, index) =>
          // Pairs share a time, so the identifier breaks ties.
          makeConnector(scope, `c${String(index).padStart(2, '0')}`, { at: 1_700_000_000_000 + Math.floor(index / 2) }),
        )
        await createAll(records)
        const expected = [...records]
          .sort(
            (a, b) => b.lastModifiedAt - a.lastModifiedAt || (a.connector.identifier < b.connector.identifier ? -1 : 1),
          )
          .map((record) => record.connector.identifier)
        const pages = await Promise.all(
          [0, 1, 2, 3].map((pageIndex) => store.listConnectors(scope, { searchTerm: '', pageIndex, pageSize: 10 })),
        )
        expect(pages.map((page) => page.items.length)).toEqual([10, 10, 5, 0])
        expect(pages.map((page) => page.total)).toEqual([25, 25, 25, 25])
        expect(pages.flatMap((page) => page.items.map((item) => item.connector.identifier))).toEqual(expected)
        expect(expected.slice(0, 3)).toEqual(['c24', 'c22', 'c23'])
        expect(pages[0]?.items[0]).toEqual(records[24])
      })

      it('sorts by every order in both directions', async () => {
        const scope = projectScope()
        const at = 1_700_000_000_000
        await createAll([
          makeConnector(scope, 'b1', { fields: { name: 'bravo' }, at: at + 3, status: tested('SUCCESS', at + 10) }),
          makeConnector(scope, 'a1', { fields: { name: 'Alpha' }, at: at + 1 }),
          makeConnector(scope, 'c1', { fields: { name: 'Charlie' }, at: at + 2, status: tested('FAILURE', at + 30) }),
          makeConnector(scope, 'c0', { fields: { name: 'charlie' }, at: at + 2, status: tested('SUCCESS', at + 20) }),
          makeConnector(scope, 'd1', { fields: { name: 'delta' }, at: at + 4 }),
        ])
        const check = async (query: Partial<ConnectorListQuery>, expected: string[]) => {
          expect(await identifiers(scope, query)).toEqual(expected)
        }
        await check({}, ['d1', 'b1', 'c0', 'c1', 'a1'])
        await check({ sort: 'lastModified' }, ['d1', 'b1', 'c0', 'c1', 'a1'])
        await check({ sort: 'lastModified', direction: 'desc' }, ['d1', 'b1', 'c0', 'c1', 'a1'])
        await check({ sort: 'lastModified', direction: 'asc' }, ['a1', 'c1', 'c0', 'b1', 'd1'])
        await check({ sort: 'name' }, ['a1', 'b1', 'c0', 'c1', 'd1'])
        await check({ sort: 'name', direction: 'asc' }, ['a1', 'b1', 'c0', 'c1', 'd1'])
        await check({ sort: 'name', direction: 'desc' }, ['d1', 'c1', 'c0', 'b1', 'a1'])
        await check({ sort: 'lastTested' }, ['c1', 'c0', 'b1', 'a1', 'd1'])
        await check({ sort: 'lastTested', direction: 'desc' }, ['c1', 'c0', 'b1', 'a1', 'd1'])
        await check({ sort: 'lastTested', direction: 'asc' }, ['d1', 'a1', 'b1', 'c0', 'c1'])
        // Paging follows the order.
        const second = await store.listConnectors(scope, { searchTerm: '', sort: 'name', pageIndex: 1, pageSize: 2 })
        expect(second.items.map((item) => item.connector.identifier)).toEqual(['c0', 'c1'])
        expect(second.total).toBe(5)
      })

      it('filters by type and status, with the total of the matches', async () => {
        const scope = projectScope()
        await createAll([
          makeConnector(scope, 'dockerok', { status: tested('SUCCESS', 1) }),
          makeConnector(scope, 'dockerbad', { status: tested('FAILURE', 1) }),
          makeConnector(scope, 'dockernew'),
          makeConnector(scope, 'helmok', {
            fields: {
              type: 'HttpHelmRepo',
              spec: { helmRepoUrl: 'https://charts.example.test', auth: { type: 'Anonymous' } },
            },
            status: tested('SUCCESS', 1),
          }),
          makeConnector(scope, 'nexusnew', {
            fields: {
              type: 'Nexus',
              spec: { nexusServerUrl: 'https://nexus.example.test', version: '3.x', auth: { type: 'Anonymous' } },
            },
          }),
        ])
        const sorted = async (query: Partial<ConnectorListQuery>) => (await identifiers(scope, query)).sort()
        expect(await sorted({ types: ['DockerRegistry'] })).toEqual(['dockerbad', 'dockernew', 'dockerok'])
        expect(await sorted({ types: ['HttpHelmRepo', 'Nexus'] })).toEqual(['helmok', 'nexusnew'])
        expect(await sorted({ statuses: ['SUCCESS'] })).toEqual(['dockerok', 'helmok'])
        expect(await sorted({ statuses: ['UNKNOWN', 'FAILURE'] })).toEqual(['dockerbad', 'dockernew', 'nexusnew'])
        expect(await sorted({ types: ['DockerRegistry'], statuses: ['SUCCESS'] })).toEqual(['dockerok'])
        expect(await sorted({ types: ['Artifactory'] })).toEqual([])
        const page = await store.listConnectors(scope, {
          searchTerm: 'docker',
          statuses: ['SUCCESS', 'UNKNOWN'],
          pageIndex: 0,
          pageSize: 1,
        })
        expect(page.items).toHaveLength(1)
        expect(page.total).toBe(2)
        const filteredTotal = await store.listConnectors(scope, {
          searchTerm: '',
          types: ['Nexus'],
          pageIndex: 0,
          pageSize: 1,
        })
        expect(filteredTotal.total).toBe(1)
      })

      it('filters by tags, a key with any value or key:value exactly, ignoring case, all of them', async () => {
        const scope = projectScope()
        await createAll([
          makeConnector(scope, 'hub', { fields: { tags: { registry: 'dockerhub', Team: 'Payments' } } }),
          makeConnector(scope, 'quay', { fields: { tags: { registry: 'quay', team: 'checkout' } } }),
          makeConnector(scope, 'bare', { fields: { tags: { registry: '' } } }),
          // Names and descriptions that read like a tag are not tags.
          makeConnector(scope, 'lookalike', { fields: { name: 'registry:dockerhub', description: 'team' } }),
          makeConnector(scope, 'untagged', { status: tested('FAILURE', 1) }),
        ])
        const sorted = async (query: Partial<ConnectorListQuery>) => (await identifiers(scope, query)).sort()
        expect(await sorted({ tags: [{ key: 'registry', value: 'dockerhub' }] })).toEqual(['hub'])
        expect(await sorted({ tags: [{ key: 'registry' }] })).toEqual(['bare', 'hub', 'quay'])
        expect(await sorted({ tags: [{ key: 'team', value: 'payments' }] })).toEqual(['hub'])
        expect(await sorted({ tags: [{ key: 'team' }, { key: 'registry', value: 'quay' }] })).toEqual(['quay'])
        expect(await sorted({ tags: [{ key: 'team' }, { key: 'registry', value: 'dockerhub' }] })).toEqual(['hub'])
        expect(await sorted({ tags: [{ key: 'registry', value: 'docker' }] })).toEqual([])
        expect(await sorted({ tags: [{ key: 'nothing' }] })).toEqual([])
        expect(await sorted({ tags: [{ key: 'registry' }], searchTerm: 'quay' })).toEqual(['quay'])
        expect(await sorted({ tags: [{ key: 'registry' }], statuses: ['FAILURE'] })).toEqual([])
        const page = await store.listConnectors(scope, {
          searchTerm: '',
          tags: [{ key: 'registry' }],
          sort: 'name',
          pageIndex: 1,
          pageSize: 2,
        })
        expect(page.items.map((item) => item.connector.identifier)).toEqual(['quay'])
        expect(page.total).toBe(3)
      })

      it('searches a substring of the search text, ignoring case, with % _ and \\ taken literally', async () => {
        const scope = projectScope()
        await createAll([
          makeConnector(scope, 'hub', { fields: { name: 'Docker Hub', tags: { Team: 'Platform' } } }),
          makeConnector(scope, 'percent', { fields: { name: 'Fifty% Off' } }),
          makeConnector(scope, 'underscore', { fields: { name: 'fifty_percent' } }),
          makeConnector(scope, 'plain', { fields: { name: 'fiftyXpercent', description: 'path\\to\\it' } }),
        ])
        const found = async (searchTerm: string) => (await identifiers(scope, { searchTerm })).sort()
        expect(await found('docker hub')).toEqual(['hub'])
        expect(await found('ocker h')).toEqual(['hub'])
        expect(await found('team:platform')).toEqual(['hub'])
        expect(await found('%')).toEqual(['percent'])
        expect(await found('y% o')).toEqual(['percent'])
        expect(await found('y_p')).toEqual(['underscore'])
        expect(await found('_')).toEqual(['underscore'])
        expect(await found('h\\t')).toEqual(['plain'])
        expect(await found('fifty')).toEqual(['percent', 'plain', 'underscore'])
        expect(await found('no such text')).toEqual([])
        const page = await store.listConnectors(scope, { searchTerm: 'fifty', pageIndex: 0, pageSize: 2 })
        expect(page.items).toHaveLength(2)
        expect(page.total).toBe(3)
      })

      it('keeps scopes apart', async () => {
        const account = freshAccount()
        const project = projectScope(account)
        const org: Scope = { accountIdentifier: account, orgIdentifier: 'org1' }
        const accountScope: Scope = { accountIdentifier: account }
        const otherProject: Scope = { accountIdentifier: account, orgIdentifier: 'org1', projectIdentifier: 'proj2' }
        const otherAccount = projectScope()
        for (const scope of [project, org, accountScope, otherProject, otherAccount]) {
          await createAll([makeConnector(scope, 'shared', { fields: { name: `in ${scopeKey(scope)}` } })])
        }
        await createAll([makeConnector(project, 'onlyproject')])
        expect((await identifiers(project)).sort()).toEqual(['onlyproject', 'shared'])
        for (const scope of [org, accountScope, otherProject, otherAccount]) {
          expect(await identifiers(scope)).toEqual(['shared'])
          expect((await store.getConnector(scope, 'shared'))?.connector.name).toBe(`in ${scopeKey(scope)}`)
          expect(await store.getConnector(scope, 'onlyproject')).toBeUndefined()
        }
        expect(await store.deleteConnector(org, 'shared')).toEqual({ ok: true })
        expect(await store.getConnector(project, 'shared')).toBeDefined()
        expect(await store.getConnector(accountScope, 'shared')).toBeDefined()
        expect((await store.listConnectors(org, { searchTerm: '', ...ALL })).total).toBe(0)
        expect((await store.listConnectors(project, { searchTerm: '', ...ALL })).total).toBe(2)
      })
    })

    describe('secrets', () => {
      it('creates, reads back with its value, and refuses an identifier that exists', async () => {
        const scope = projectScope()
        const record = makeSecret(scope, 'token', 's3cr3t-välue ✓')
        expect(await store.createSecret(record)).toEqual({ ok: true, record: { ...record, version: 1 } })
        expect(await store.getSecret(scope, 'token')).toEqual(record)
        const before = await store.changeCount()
        const again = await store.createSecret(makeSecret(scope, 'token', 'other value'))
        expect(again.ok ? undefined : again.refusal).toBe('exists')
        expect((await store.getSecret(scope, 'token'))?.value).toBe('s3cr3t-välue ✓')
        expect(await store.changeCount()).toBe(before)
        expect(await store.getSecret(scope, 'missing')).toBeUndefined()
        expect(await store.getSecret({ accountIdentifier: scope.accountIdentifier }, 'token')).toBeUndefined()
      })

      it('lists newest first, paged and searched', async () => {
        const scope = projectScope()
        for (let index = 0; index < 7; index += 1) {
          await store.createSecret(
            makeSecret(scope, `s${index}`, `value ${index}`, 1_700_000_000_000 + index, `Key ${index}`),
          )
        }
        await store.createSecret(makeSecret(scope, 'pct', 'v', 1, '100% real'))
        const first = await store.listSecrets(scope, { searchTerm: 'key', pageIndex: 0, pageSize: 3 })
        expect(first.items.map((item) => item.secret.identifier)).toEqual(['s6', 's5', 's4'])
        expect(first.total).toBe(7)
        expect(first.items[0]?.value).toBe('value 6')
        const last = await store.listSecrets(scope, { searchTerm: 'key', pageIndex: 2, pageSize: 3 })
        expect(last.items.map((item) => item.secret.identifier)).toEqual(['s0'])
        expect((await store.listSecrets(scope, { searchTerm: '', pageIndex: 0, pageSize: 100 })).total).toBe(8)
        expect(
          (await store.listSecrets(scope, { searchTerm: 'key 3', pageIndex: 0, pageSize: 100 })).items,
        ).toHaveLength(1)
        expect((await store.listSecrets(scope, { searchTerm: '%', pageIndex: 0, pageSize: 100 })).total).toBe(1)
        expect((await store.listSecrets(projectScope(), { searchTerm: '', pageIndex: 0, pageSize: 100 })).total).toBe(0)
      })

      it('finds an identifier in every scope of the account, not in other accounts', async () => {
        const account = freshAccount()
        const project = projectScope(account)
        const org: Scope = { accountIdentifier: account, orgIdentifier: 'org1' }
        await store.createSecret(makeSecret(project, 'dup', 'p'))
        await store.createSecret(makeSecret(org, 'dup', 'o'))
        await store.createSecret(makeSecret(projectScope(), 'dup', 'elsewhere'))
        const found = await store.findSecretsByIdentifier(account, 'dup')
        expect(found.map((record) => record.scopeKey).sort()).toEqual([scopeKey(org), scopeKey(project)].sort())
        expect(await store.findSecretsByIdentifier(account, 'none')).toEqual([])
      })
    })

    describe('pipelines', () => {
      it('creates, reads back word for word, and refuses an identifier that exists', async () => {
        const scope = projectScope()
        const record = makePipeline(scope, 'deploy', {
          connectorRefs: ['dockerhub'],
          connectorKeys: [recordKey(scope, 'dockerhub')],
        })
        expect(await store.createPipeline(record)).toEqual({ ok: true, record })
        expect(await store.getPipeline(scope, 'deploy')).toEqual(record)
        const before = await store.changeCount()
        const again = await store.createPipeline(makePipeline(scope, 'deploy', { name: 'Other' }))
        expect(again.ok ? undefined : again.refusal).toBe('exists')
        expect(await store.getPipeline(scope, 'deploy')).toEqual(record)
        expect(await store.changeCount()).toBe(before)
      })

      it('updates with a version one more, refusing stale versions and missing pipelines', async () => {
        const scope = projectScope()
        await store.createPipeline(makePipeline(scope, 'build'))
        const edited = makePipeline(scope, 'build', { name: 'Build v2', at: 1_700_000_500_000 })
        const updated = await store.updatePipeline(edited, 1)
        expect(updated.ok).toBe(true)
        const stored = await store.getPipeline(scope, 'build')
        expect(stored).toEqual({ ...edited, version: 2, createdAt: 1_700_000_000_000 })
        expect(updated.ok ? updated.record : undefined).toEqual(stored)
        const before = await store.changeCount()
        const stale = await store.updatePipeline(makePipeline(scope, 'build', { name: 'stale' }), 1)
        expect(stale.ok ? undefined : stale.refusal).toBe('conflict')
        expect(stale.ok ? undefined : stale.current?.name).toBe('Build v2')
        const missing = await store.updatePipeline(makePipeline(scope, 'absent'))
        expect(missing.ok ? undefined : missing.refusal).toBe('not-found')
        expect(await store.getPipeline(scope, 'absent')).toBeUndefined()
        expect((await store.getPipeline(scope, 'build'))?.version).toBe(2)
        expect(await store.changeCount()).toBe(before)
        expect((await store.updatePipeline(makePipeline(scope, 'build', { name: 'Build v3' }))).ok).toBe(true)
        expect((await store.getPipeline(scope, 'build'))?.version).toBe(3)
      })

      it('lists newest first, paged and searched', async () => {
        const scope = projectScope()
        for (let index = 0; index < 5; index += 1) {
          await store.createPipeline(
            makePipeline(scope, `p${index}`, { at: 1_700_000_000_000 + index, name: `Deploy ${index}` }),
          )
        }
        const page = await store.listPipelines(scope, { searchTerm: '', pageIndex: 1, pageSize: 2 })
        expect(page.items.map((item) => item.identifier)).toEqual(['p2', 'p1'])
        expect(page.total).toBe(5)
        const searched = await store.listPipelines(scope, { searchTerm: 'deploy 4', pageIndex: 0, pageSize: 10 })
        expect(searched.items.map((item) => item.identifier)).toEqual(['p4'])
        expect(searched.total).toBe(1)
      })

      it('finds the pipelines of the account that use a connector', async () => {
        const account = freshAccount()
        const project = projectScope(account)
        const other: Scope = { accountIdentifier: account, orgIdentifier: 'org1', projectIdentifier: 'proj2' }
        const connectorKey = recordKey({ accountIdentifier: account, orgIdentifier: 'org1' }, 'shared')
        const unrelatedKey = recordKey(project, 'local')
        await store.createPipeline(
          makePipeline(project, 'uses', { connectorRefs: ['org.shared'], connectorKeys: [connectorKey] }),
        )
        await store.createPipeline(
          makePipeline(other, 'alsouses', {
            connectorRefs: ['local', 'org.shared'],
            connectorKeys: [unrelatedKey, connectorKey],
          }),
        )
        await store.createPipeline(
          makePipeline(project, 'unrelated', { connectorRefs: ['local'], connectorKeys: [unrelatedKey] }),
        )
        // Another account with the same key text is not this account's usage.
        await store.createPipeline(makePipeline(projectScope(), 'foreign', { connectorKeys: [connectorKey] }))
        const users = async (key: string) =>
          (await store.pipelinesUsingConnector(account, key)).map((record) => record.identifier).sort()
        expect(await users(connectorKey)).toEqual(['alsouses', 'uses'])
        expect(await users(unrelatedKey)).toEqual(['alsouses', 'unrelated'])
        expect(await users(recordKey(project, 'nothing'))).toEqual([])
        await store.updatePipeline(makePipeline(project, 'uses', { connectorKeys: [] }))
        expect(await users(connectorKey)).toEqual(['alsouses'])
      })
    })

    describe('change count and delegates', () => {
      it('grows with every write', async () => {
        const scope = projectScope()
        const writes: [string, () => Promise<unknown>][] = [
          ['createConnector', () => store.createConnector(makeConnector(scope, 'counted'))],
          ['updateConnector', () => store.updateConnector(makeConnector(scope, 'counted', { fields: { name: 'x' } }))],
          [
            'recordConnectorStatus',
            () => store.recordConnectorStatus(scope, 'counted', tested('SUCCESS', 2), 'success'),
          ],
          ['deleteConnector', () => store.deleteConnector(scope, 'counted')],
          ['createSecret', () => store.createSecret(makeSecret(scope, 'counted', 'v'))],
          ['createPipeline', () => store.createPipeline(makePipeline(scope, 'counted'))],
          ['updatePipeline', () => store.updatePipeline(makePipeline(scope, 'counted', { name: 'y' }))],
        ]
        for (const [label, write] of writes) {
          const before = await store.changeCount()
          await write()
          expect(await store.changeCount(), label).toBeGreaterThan(before)
        }
      })

      it('answers delegates as a list and tells the time', async () => {
        expect(Array.isArray(await store.delegates())).toBe(true)
        expect(typeof store.now()).toBe('number')
      })
    })

    describe('connection test history', () => {
      type Entry = Parameters<DataStore['recordTestResult']>[2]

      function testResult(at: number, fields: Partial<Entry> = {}): Entry {
        return {
          status: 'SUCCESS',
          testedAt: at,
          delegateId: 'delegate-east',
          delegateName: 'delegate-east-0',
          stages: [{ title: `Stage of test ${at}`, status: 'passed', durationMs: 120, log: [`GET /v2/ at ${at}`] }],
          durationMs: 120,
          ...fields,
        }
      }

      it('keeps the 20 newest, newest first, dropping the older ones in the same write', async () => {
        const scope = projectScope()
        await createAll([makeConnector(scope, 'tested')])
        expect(await store.testHistory(scope, 'tested', 20)).toEqual([])
        const failed = testResult(1_000, {
          status: 'FAILURE',
          errorSummary: 'Connection refused',
          errors: [{ reason: 'Connection refused', message: 'down.acme.test:443', code: 450 }],
          failureKind: 'CONNECTION_REFUSED',
          hints: ['Check that the server is running'],
          explanations: ['The server is down'],
          durationMs: 3_500,
        })
        expect(await store.recordTestResult(scope, 'tested', failed)).toBe(true)
        expect(await store.testHistory(scope, 'tested', 20)).toEqual([failed])
        // Equal times keep the order they were recorded in.
        const results = [failed, ...Array.from({ length: 23 }, (_, index) => testResult(2_000 + Math.floor(index / 2)))]
        for (const result of results.slice(1)) {
          const before = await store.changeCount()
          expect(await store.recordTestResult(scope, 'tested', result)).toBe(true)
          expect(await store.changeCount()).toBeGreaterThan(before)
        }
        const newestFirst = [...results].reverse()
        expect(await store.testHistory(scope, 'tested', 20)).toEqual(newestFirst.slice(0, 20))
        expect(await store.testHistory(scope, 'tested', 100)).toEqual(newestFirst.slice(0, 20))
        expect(await store.testHistory(scope, 'tested', 3)).toEqual(newestFirst.slice(0, 3))
        // Recording a test is not an edit.
        expect((await store.getConnector(scope, 'tested'))?.version).toBe(1)
      })

      it('drops the history with the connector, and keeps nothing for a missing one', async () => {
        const scope = projectScope()
        await createAll([makeConnector(scope, 'gone'), makeConnector(scope, 'stays')])
        await store.recordTestResult(scope, 'gone', testResult(1))
        await store.recordTestResult(scope, 'stays', testResult(2))
        expect(await store.deleteConnector(scope, 'gone')).toEqual({ ok: true })
        expect(await store.testHistory(scope, 'gone', 20)).toEqual([])
        // A test that finishes after the delete does not bring it back.
        const before = await store.changeCount()
        expect(await store.recordTestResult(scope, 'gone', testResult(3))).toBe(false)
        expect(await store.changeCount()).toBe(before)
        expect(await store.getConnector(scope, 'gone')).toBeUndefined()
        // A new connector with the identifier starts without a history.
        await createAll([makeConnector(scope, 'gone')])
        expect(await store.testHistory(scope, 'gone', 20)).toEqual([])
        expect(await store.testHistory(scope, 'stays', 20)).toEqual([testResult(2)])
        expect(await store.recordTestResult(scope, 'never', testResult(4))).toBe(false)
        expect(await store.testHistory(scope, 'never', 20)).toEqual([])
      })

      it('keeps scopes apart', async () => {
        const account = freshAccount()
        const project = projectScope(account)
        const org: Scope = { accountIdentifier: account, orgIdentifier: 'org1' }
        const otherAccount = projectScope()
        for (const scope of [project, org, otherAccount]) await createAll([makeConnector(scope, 'shared')])
        await store.recordTestResult(project, 'shared', testResult(10))
        await store.recordTestResult(org, 'shared', testResult(20, { status: 'FAILURE' }))
        expect(await store.testHistory(project, 'shared', 20)).toEqual([testResult(10)])
        expect(await store.testHistory(org, 'shared', 20)).toEqual([testResult(20, { status: 'FAILURE' })])
        expect(await store.testHistory(otherAccount, 'shared', 20)).toEqual([])
        expect(await store.deleteConnector(org, 'shared')).toEqual({ ok: true })
        expect(await store.testHistory(project, 'shared', 20)).toEqual([testResult(10)])
      })
    })

    describe('role assignments', () => {
      const viewer = { identifier: 'u_viewer', type: 'USER' as const }
      const bot = { identifier: 'ci_bot', type: 'SERVICE_ACCOUNT' as const }

      function binding(
        scope: Scope,
        identifier: string,
        principal: PrincipalRef = viewer,
        roleIdentifier = '_project_viewer',
        at = 1,
      ) {
        return roleAssignmentRecord(
          scope,
          { identifier, roleIdentifier, resourceGroupIdentifier: '_all_project_level_resources', principal },
          1_700_000_000_000 + at,
        )
      }

      it('creates a binding, reads it back and finds it among the principal’s bindings in the account', async () => {
        const project = projectScope()
        const before = await store.changeCount()
        expect(await store.createRoleAssignment(binding(project, 'ra1'))).toEqual({
          ok: true,
          record: binding(project, 'ra1'),
        })
        expect(await store.changeCount()).toBeGreaterThan(before)
        expect(await store.getRoleAssignment(project, 'ra1')).toEqual(binding(project, 'ra1'))
        expect(await store.roleAssignmentsOf(project.accountIdentifier, viewer)).toEqual([binding(project, 'ra1')])
        expect(
          await store.roleAssignmentsOf(project.accountIdentifier, { ...viewer, type: 'SERVICE_ACCOUNT' }),
        ).toEqual([])
        expect(await store.roleAssignmentsOf(freshAccount(), viewer)).toEqual([])
      })

      it('refuses a taken identifier and the same binding under another identifier, changing nothing', async () => {
        const project = projectScope()
        await store.createRoleAssignment(binding(project, 'ra1'))
        const before = await store.changeCount()
        const again = await store.createRoleAssignment(binding(project, 'ra1', bot, '_project_admin'))
        expect(again).toMatchObject({ ok: false, refusal: 'exists', current: { identifier: 'ra1' } })
        const twin = await store.createRoleAssignment(binding(project, 'ra2'))
        expect(twin).toMatchObject({ ok: false, refusal: 'exists', current: { identifier: 'ra1' } })
        expect(await store.changeCount()).toBe(before)
        // Another role for the same principal is another binding.
        expect((await store.createRoleAssignment(binding(project, 'ra3', viewer, '_project_admin'))).ok).toBe(true)
      })

      it('lists a scope’s bindings newest first, paged, optionally one principal’s, and not its children’s', async () => {
        const account = freshAccount()
        const project = projectScope(account)
        const org: Scope = { accountIdentifier: account, orgIdentifier: 'org1' }
        await store.createRoleAssignment(binding(project, 'older', viewer, '_project_viewer', 1))
        await store.createRoleAssignment(binding(project, 'newer', bot, '_project_viewer', 2))
        await store.createRoleAssignment(binding(org, 'org_level', viewer, '_organization_viewer', 3))
        const page = await store.listRoleAssignments(project, { pageIndex: 0, pageSize: 1 })
        expect(page.total).toBe(2)
        expect(page.items.map((item) => item.identifier)).toEqual(['newer'])
        const second = await store.listRoleAssignments(project, { pageIndex: 1, pageSize: 1 })
        expect(second.items.map((item) => item.identifier)).toEqual(['older'])
        const bots = await store.listRoleAssignments(project, { pageIndex: 0, pageSize: 10, principal: bot })
        expect(bots.items.map((item) => item.identifier)).toEqual(['newer'])
        const orgPage = await store.listRoleAssignments(org, { pageIndex: 0, pageSize: 10 })
        expect(orgPage.items.map((item) => item.identifier)).toEqual(['org_level'])
      })

      it('answers whether a scope exists together with the principal’s bindings in its account', async () => {
        const project = projectScope()
        await store.createRoleAssignment(binding(project, 'ra1'))
        await store.createRoleAssignment(binding(project, 'ra_bot', bot))
        expect(await store.scopeExistsFor(project, viewer)).toEqual({
          exists: false,
          bindings: [binding(project, 'ra1')],
        })
        const account = { accountIdentifier: project.accountIdentifier }
        expect(
          (await store.createScope(scopeRecord(account, { name: 'Account' }, { createdAt: 1, lastModifiedAt: 1 }))).ok,
        ).toBe(true)
        expect(await store.scopeExistsFor(account, viewer)).toEqual({
          exists: true,
          bindings: [binding(project, 'ra1')],
        })
        expect(await store.scopeExistsFor(account, { identifier: 'nobody', type: 'USER' })).toEqual({
          exists: true,
          bindings: [],
        })
      })

      it('deletes a binding once; a second delete finds nothing', async () => {
        const project = projectScope()
        await store.createRoleAssignment(binding(project, 'gone'))
        expect(await store.deleteRoleAssignment(project, 'gone')).toEqual({ ok: true })
        expect(await store.deleteRoleAssignment(project, 'gone')).toEqual({ ok: false, refusal: 'not-found' })
        expect(await store.getRoleAssignment(project, 'gone')).toBeUndefined()
        expect(await store.roleAssignmentsOf(project.accountIdentifier, viewer)).toEqual([])
      })
    })
  })
}
