// @vitest-environment node
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bootstrapPrincipal } from '../backend/access/bootstrap'
import { createApi } from '../backend/create-api'
import { connectorRecord, secretRecord } from '../backend/records'
import { createServerSeedState, PAYMENTS_SCOPE } from '../backend/seed-data'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { ConnectorInfo, SecretDTO } from '../lib/api-types'
import { openPgliteClient } from './sql-client'
import { createConnector } from './sql-connectors'
import { MIGRATIONS, migrate } from './sql-migrations'
import { secretTable } from './sql-secrets'
import { openSqlStore } from './sql-store'

/**
 * A database made before scopes were stored (migrations 1 to 5, seeded, with a connector and a
 * secret in acme/default/payments) is upgraded by the next start: it keeps its data, and the
 * scopes that were fixed then become stored ones, so the API serves the data as before.
 */

const secretKey = randomBytes(32)
const dirs: string[] = []

beforeAll(() => {
  // These tests call the API function directly, not fetch().
  mockServiceWorker.close()
})

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scope-upgrade-'))
  dirs.push(dir)
  return dir
}

const HUB: ConnectorInfo = {
  name: 'Hub from before',
  identifier: 'hub_from_before',
  orgIdentifier: 'default',
  projectIdentifier: 'payments',
  tags: {},
  type: 'DockerRegistry',
  spec: { dockerRegistryUrl: 'https://registry.example', providerType: 'Other', auth: { type: 'Anonymous' } },
}

async function get(api: ReturnType<typeof createApi>, path: string) {
  const response = await api(new Request(`http://localhost${path}`))
  if (!response) throw new Error(`${path} is not the API's`)
  return { status: response.status, body: (await response.json()) as { data: unknown; message?: string } }
}

/** What is stored, read without permissions in the way (they have their own tests). */
const UNCHECKED = {
  authenticate: () => Promise.resolve(bootstrapPrincipal('acme')),
  enforcePermissions: false,
}

describe('upgrading a database from before stored scopes', () => {
  it('keeps its connectors and secrets and stores the scopes they live in', async () => {
    const dataDir = await tempDir()
    const before = await openPgliteClient(join(dataDir, 'pglite'))
    expect(
      await migrate(
        before,
        MIGRATIONS.filter((migration) => migration.version < 6),
      ),
    ).toEqual([1, 2, 3, 4, 5])
    // What a start of the previous version left: its seed mark, and data in the fixed scopes.
    await before.query(`INSERT INTO meta (key, value) VALUES ('seeded_at', '1700000000000')`)
    const at = { createdAt: 1_700_000_000_000, lastModifiedAt: 1_700_000_000_000 }
    expect((await createConnector(before, connectorRecord(PAYMENTS_SCOPE, HUB, at))).ok).toBe(true)
    const secret: SecretDTO = {
      type: 'SecretText',
      name: 'Old',
      identifier: 'old',
      tags: {},
      spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' },
    }
    await secretTable(before, secretKey).createSecret(
      secretRecord(PAYMENTS_SCOPE, secret, 'kept', { createdAt: at.createdAt, updatedAt: at.createdAt }),
    )
    await before.close()

    // The new version starts as a real server does (its first-start seed is not written again).
    const store = await openSqlStore({ dataDir, secretKey, seed: createServerSeedState })
    try {
      const api = createApi({ store, latency: 0, simulatedWorld: false, ...UNCHECKED })
      const payments = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'
      const read = await get(api, `/ng/api/connectors/hub_from_before?${payments}`)
      expect(read.status).toBe(200)
      expect(read.body.data).toMatchObject({ connector: { name: 'Hub from before' } })
      expect((await get(api, `/ng/api/v2/secrets/old?${payments}`)).status).toBe(200)
      const projects = await get(api, '/ng/api/projects?accountIdentifier=acme')
      expect(
        (projects.body.data as { content: { project: { orgIdentifier: string; identifier: string } }[] }).content.map(
          ({ project }) => `${project.orgIdentifier}/${project.identifier}`,
        ),
      ).toEqual(['default/checkout', 'default/payments', 'platform/infra'])
      // No account of its own was added: the database was not new.
      expect((await get(api, '/ng/api/organizations?accountIdentifier=default_account')).status).toBe(404)
    } finally {
      await store.close()
    }
  }, 60_000)

  it('adds nothing to a new database: its first start makes only its own account', async () => {
    const store = await openSqlStore({ dataDir: await tempDir(), secretKey, seed: createServerSeedState })
    try {
      const api = createApi({ store, latency: 0, simulatedWorld: false, ...UNCHECKED })
      expect((await get(api, '/ng/api/organizations?accountIdentifier=acme')).body.message).toBe(
        'Account acme does not exist.',
      )
      const projects = await get(api, '/ng/api/projects?accountIdentifier=default_account')
      expect(projects.body.data).toMatchObject({
        content: [{ project: { orgIdentifier: 'default', identifier: 'default_project', name: 'Default Project' } }],
      })
      const connectors = await api(
        new Request(
          'http://localhost/ng/api/connectors/listV2?accountIdentifier=default_account&orgIdentifier=default&projectIdentifier=default_project',
          { method: 'POST', body: '{"filterType":"Connector"}', headers: { 'Content-Type': 'application/json' } },
        ),
      )
      expect(((await connectors!.json()) as { data: { totalItems: number } }).data.totalItems).toBe(0)
    } finally {
      await store.close()
    }
  }, 60_000)
})
