// @vitest-environment node
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bootstrapPrincipal } from '../backend/access/bootstrap'
import { createApi } from '../backend/create-api'
import { connectorRecord, type StoredConnector, type StoredPipeline } from '../backend/records'
import { createSeedState, createServerSeedState, PAYMENTS_SCOPE } from '../backend/seed-data'
import { seedPipelines } from '../backend/seed-pipelines'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { ConnectorInfo, ConnectorResponse, PipelineSummary } from '../lib/api-types'
import { startTsProcess } from '../test/processes'
import { openPgliteClient, type SqlClient } from './sql-client'
import { createConnector, recordConnectorStatus } from './sql-connectors'
import { MIGRATIONS, migrate } from './sql-migrations'
import { pipelineTable } from './sql-pipelines'
import { openSqlStore } from './sql-store'

/**
 * A real server shows nothing that did not happen (issue 21). A first start stores no connector
 * and no test result; a database an earlier version seeded (before issue 19, a first start wrote a
 * Docker Hub connector that "succeeded" 4 minutes before the database existed, and two pipelines
 * "updated" hours and a day before) loses those made-up values in migration 16, and nothing else.
 */

const secretKey = randomBytes(32)
const dirs: string[] = []
/** When the earlier version's first start ran; its seed's times were offsets from it. */
const SEEDED_AT = 1_700_000_000_000
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const PAYMENTS = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'

beforeAll(() => {
  // These tests call the API function directly, not fetch().
  mockServiceWorker.close()
})

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nothing-fabricated-'))
  dirs.push(dir)
  return dir
}

/** What the earlier version's first start wrote: the demo's Docker Hub connector and pipelines, unmarked. */
function earlierSeed(): { hub: StoredConnector; pipelines: StoredPipeline[] } {
  const hub = createSeedState(SEEDED_AT).connectors.find(
    (record) => record.connector.identifier === 'docker_hub_public',
  )!
  const { sample: _sample, ...status } = hub.status
  const pipelines = seedPipelines(SEEDED_AT).map(({ sample: _marked, ...record }) => record)
  return { hub: { ...hub, status }, pipelines }
}

/** A data folder as the earlier version left it: migrations 1 to 5, seeded; `then` for what happened since. */
async function earlierDataFolder(then?: (client: SqlClient, seed: ReturnType<typeof earlierSeed>) => Promise<void>) {
  const dataDir = await tempDir()
  const before = await openPgliteClient(join(dataDir, 'pglite'))
  await migrate(
    before,
    MIGRATIONS.filter((migration) => migration.version < 6),
  )
  const seed = earlierSeed()
  expect((await createConnector(before, seed.hub)).ok).toBe(true)
  await recordConnectorStatus(before, PAYMENTS_SCOPE, 'docker_hub_public', seed.hub.status, seed.hub.searchText)
  for (const record of seed.pipelines) expect((await pipelineTable(before).createPipeline(record)).ok).toBe(true)
  await before.query(`INSERT INTO meta (key, value) VALUES ('seeded_at', $1)`, [String(SEEDED_AT)])
  await then?.(before, seed)
  await before.close()
  return dataDir
}

/** The upgraded database as its API answers (permissions have their own tests). */
async function upgraded(dataDir: string) {
  const store = await openSqlStore({ dataDir, secretKey, seed: createServerSeedState })
  const api = createApi({
    store,
    latency: 0,
    simulatedWorld: false,
    authenticate: () => Promise.resolve(bootstrapPrincipal('acme')),
    enforcePermissions: false,
  })
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const response = await api(
      new Request(`http://localhost${path}${path.includes('?') ? '&' : '?'}${PAYMENTS}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      }),
    )
    if (!response) throw new Error(`${path} is not the API's`)
    return ((await response.json()) as { data: T }).data
  }
  return {
    hub: () => call<ConnectorResponse>('GET', '/ng/api/connectors/docker_hub_public'),
    pipelines: async () =>
      (await call<{ content: PipelineSummary[] }>('POST', '/pipeline/api/pipelines/list', {})).content,
    succeeded: async () =>
      (
        await call<{ totalItems: number }>('POST', '/ng/api/connectors/listV2', {
          filterType: 'Connector',
          connectivityStatuses: ['SUCCESS'],
        })
      ).totalItems,
    /** What a search finds: it reads the status's words too ("success", "not tested"). */
    found: async (term: string) =>
      (
        await call<{ content: ConnectorResponse[] }>(
          'POST',
          `/ng/api/connectors/listV2?searchTerm=${encodeURIComponent(term)}`,
          { filterType: 'Connector' },
        )
      ).content.map((item) => item.connector.identifier),
    close: () => store.close(),
  }
}

describe('a real first start', () => {
  it('stores no connector, no test result, no pipeline, no secret and no delegate', async () => {
    const dataDir = await tempDir()
    // npm start's own entry point, without --simulated-world; it prepares the database and exits.
    const started = startTsProcess('src/server/main.ts', ['--data', join(dataDir, 'data'), '--create-database-only'], {
      CONNECTORS_SECRET_KEY: secretKey.toString('base64'),
      CONNECTORS_SECRET_KEY_FILE: '',
      DATABASE_URL: '',
    })
    const code = await new Promise<number | null>((resolve) => started.child.once('exit', resolve))
    expect(code, started.output()).toBe(0)

    const client = await openPgliteClient(join(dataDir, 'data', 'pglite'))
    try {
      const count = async (table: string) =>
        Number((await client.query(`SELECT count(*) AS n FROM ${table}`))[0]?.n ?? -1)
      for (const table of ['connectors', 'test_results', 'test_tasks', 'pipelines', 'secrets', 'delegate_groups'])
        expect(await count(table), table).toBe(0)
      expect(await client.query('SELECT scope_key FROM scopes ORDER BY scope_key')).toEqual([
        { scope_key: 'default_account//' },
        { scope_key: 'default_account/default/' },
        { scope_key: 'default_account/default/default_project' },
      ])
    } finally {
      await client.close()
    }
  }, 120_000)
})

describe('upgrading a database an earlier version seeded (migration 16)', () => {
  it('drops the made-up test result and times of the seeded connector and pipelines', async () => {
    const dataDir = await earlierDataFolder()
    const server = await upgraded(dataDir)
    try {
      const hub = await server.hub()
      expect(hub.status).toEqual({ status: 'UNKNOWN' })
      expect(hub.connector.name).toBe('Docker Hub public')
      expect([hub.createdAt, hub.lastModifiedAt]).toEqual([SEEDED_AT, SEEDED_AT])
      expect(await server.succeeded()).toBe(0)
      expect(await server.found('success')).toEqual([])
      expect(await server.found('not tested')).toEqual(['docker_hub_public'])
      const pipelines = await server.pipelines()
      expect(pipelines.map((pipeline) => [pipeline.identifier, pipeline.lastUpdatedAt]).sort()).toEqual([
        ['deploy_payments_api', SEEDED_AT],
        ['nightly_checks', SEEDED_AT],
      ])
      expect(pipelines.some((pipeline) => pipeline.sample)).toBe(false)
    } finally {
      await server.close()
    }
  }, 60_000)

  it('keeps what happened since: a real test, an edit, a connector of the user’s', async () => {
    const testedAt = SEEDED_AT + 5 * DAY
    const editedAt = SEEDED_AT + 6 * DAY
    const dataDir = await earlierDataFolder(async (client, seed) => {
      // Tested for real (no internet): it failed, and carried the made-up "last connected" on.
      const failed = {
        status: 'FAILURE' as const,
        errorSummary: 'Unknown Host (index.docker.io)',
        testedAt,
        lastTestedAt: testedAt,
        lastConnectedAt: seed.hub.status.lastConnectedAt!,
      }
      await recordConnectorStatus(client, PAYMENTS_SCOPE, 'docker_hub_public', failed, seed.hub.searchText)
      // Then edited (as that version's update wrote it), and a connector of the user's with the seed's very times.
      await client.query(
        `UPDATE connectors SET last_modified_at = $1, version = 2 WHERE identifier = 'docker_hub_public'`,
        [editedAt],
      )
      const mine: ConnectorInfo = { ...seed.hub.connector, identifier: 'mine', name: 'Mine' }
      const times = { createdAt: SEEDED_AT - 3 * DAY, lastModifiedAt: SEEDED_AT - 3 * DAY }
      expect((await createConnector(client, connectorRecord(PAYMENTS_SCOPE, mine, times, seed.hub.status))).ok).toBe(
        true,
      )
      await recordConnectorStatus(client, PAYMENTS_SCOPE, 'mine', seed.hub.status, seed.hub.searchText)
      // A saved pipeline has a real time; its creation stays as seeded until this migration.
      await client.query(`UPDATE pipelines SET last_updated_at = $1, version = 2 WHERE identifier = 'nightly_checks'`, [
        editedAt,
      ])
    })
    const server = await upgraded(dataDir)
    try {
      const hub = await server.hub()
      expect(hub.status).toEqual({
        status: 'FAILURE',
        errorSummary: 'Unknown Host (index.docker.io)',
        testedAt,
        lastTestedAt: testedAt,
      })
      expect([hub.createdAt, hub.lastModifiedAt]).toEqual([SEEDED_AT, editedAt])
      // Only the seeded row is the seed's, whatever another one holds.
      expect(await server.succeeded()).toBe(1)
      const pipelines = await server.pipelines()
      expect(pipelines.find((pipeline) => pipeline.identifier === 'nightly_checks')?.lastUpdatedAt).toBe(editedAt)
    } finally {
      await server.close()
    }
  }, 60_000)

  it('marks them as sample data in a database of the simulated world, which keeps its demo data', async () => {
    const dataDir = await earlierDataFolder(async (client) => {
      // Only the simulated world's seed writes its demo delegates.
      await client.query(
        `INSERT INTO delegate_groups (identifier, delegate_group) VALUES ('delegate_east', '{"groupName": "delegate-east"}')`,
      )
    })
    const server = await upgraded(dataDir)
    try {
      const hub = await server.hub()
      expect(hub.status).toMatchObject({ status: 'SUCCESS', testedAt: SEEDED_AT - 4 * MINUTE, sample: true })
      expect(hub.createdAt).toBe(SEEDED_AT - 3 * DAY)
      const pipelines = await server.pipelines()
      expect(pipelines.map((pipeline) => pipeline.sample)).toEqual([true, true])
    } finally {
      await server.close()
    }
  }, 60_000)
})
