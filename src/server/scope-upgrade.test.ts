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
import { startTsProcess } from '../test/processes'
import { createServerDispatch } from './delegate-dispatch'
import { openPgliteClient, type SqlClient } from './sql-client'
import { createConnector } from './sql-connectors'
import { hashToken, newTokenValue } from './sql-delegate-tokens'
import { MIGRATIONS, migrate } from './sql-migrations'
import { secretTable } from './sql-secrets'
import { openSqlStore } from './sql-store'
import { claimTasks, insertTask } from './sql-test-tasks'

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

/** A delegate token as the schema before migration 9 kept it (no scope), and a delegate registered with it. */
async function oldTokenAndDelegate(client: SqlClient, name: string) {
  const value = newTokenValue()
  await client.query('INSERT INTO delegate_tokens (name, token_hash, created_at) VALUES ($1, $2, 1)', [
    name,
    hashToken(value),
  ])
  const delegate = { id: `${name}-process`, name: `${name}-delegate`, tokenHash: hashToken(value) }
  // Registered as that version registered it: today's registration reads columns added since.
  await client.query('INSERT INTO delegate_names (name_key, token_name) VALUES ($1, $2)', [delegate.name, name])
  await client.query(
    `INSERT INTO delegates (id, name, tags, token_name, token_hash, hostname, max_concurrency, registered_at,
                            last_heartbeat)
     VALUES ($1, $2, '[]'::jsonb, $3, $4, 'box', 2, 1, 1)`,
    [delegate.id, delegate.name, name, delegate.tokenHash],
  )
  return delegate
}

describe('upgrading the delegate tokens of a database from before scoped tokens', () => {
  it('makes them the account’s, and their delegates go on taking the account’s tests', async () => {
    const dataDir = await tempDir()
    const before = await openPgliteClient(join(dataDir, 'pglite'))
    expect(
      await migrate(
        before,
        MIGRATIONS.filter((migration) => migration.version < 9),
      ),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    // What a start of the previous version left: its account (not acme: the token's comes from the data).
    await before.query(`INSERT INTO meta (key, value) VALUES ('seeded_at', '1700000000000')`)
    await before.query(
      `INSERT INTO scopes (scope_key, kind, account_identifier, org_identifier, identifier, name, name_key, description,
                           tags, search_text, created_at, last_modified_at, version)
       VALUES ('team//', 'account', 'team', '', 'team', 'Team', 'team', '', '{}', 'team', 1, 1, 1)`,
    )
    const delegate = await oldTokenAndDelegate(before, 'old-token')
    await before.close()

    const store = await openSqlStore({ dataDir, secretKey, seed: createServerSeedState })
    const dispatch = createServerDispatch({ client: store.client, store, sweepMs: 0 })
    try {
      const listed = await dispatch.listTokens({ accountIdentifier: 'team' })
      expect(listed.map((token) => token.name)).toEqual(['old-token'])
      expect(await dispatch.listTokens({ accountIdentifier: 'team', orgIdentifier: 'default' })).toEqual([])
      const task = { id: 'project-test', scopeKey: 'team/default/default_project', identifier: 'hub', selectors: [] }
      await insertTask(store.client, { ...task, createdAt: 2 })
      expect((await claimTasks(store.client, delegate, 5, 3)).map((claimed) => claimed.id)).toEqual(['project-test'])
    } finally {
      dispatch.close()
      await store.close()
    }
  }, 60_000)

  it('takes the account from the connectors when no scope is stored, and revokes a token nothing places', async () => {
    const client = await openPgliteClient(join(await tempDir(), 'pglite'))
    try {
      await migrate(
        client,
        MIGRATIONS.filter((migration) => migration.version < 9),
      )
      await oldTokenAndDelegate(client, 'placed')
      const at = { createdAt: 1_700_000_000_000, lastModifiedAt: 1_700_000_000_000 }
      expect((await createConnector(client, connectorRecord(PAYMENTS_SCOPE, HUB, at))).ok).toBe(true)
      await migrate(client)
      expect(await client.query('SELECT name, scope_key, revoked_at FROM delegate_tokens')).toEqual([
        { name: 'placed', scope_key: 'acme//', revoked_at: null },
      ])

      const empty = await openPgliteClient(join(await tempDir(), 'pglite'))
      try {
        await migrate(
          empty,
          MIGRATIONS.filter((migration) => migration.version < 9),
        )
        await oldTokenAndDelegate(empty, 'nowhere')
        await migrate(empty)
        const [row] = await empty.query('SELECT revoked_at FROM delegate_tokens')
        expect(row?.revoked_at).not.toBeNull()
      } finally {
        await empty.close()
      }
    } finally {
      await client.close()
    }
  }, 60_000)
})

describe('the first start after an upgrade', () => {
  it('prints the setup link, and the first administrator finds the data from before', async () => {
    // A data folder of the version this issue began from (migrations 1 to 5, seeded), a connector in payments.
    const dataDir = await tempDir()
    const before = await openPgliteClient(join(dataDir, 'pglite'))
    await migrate(
      before,
      MIGRATIONS.filter((migration) => migration.version < 6),
    )
    await before.query(`INSERT INTO meta (key, value) VALUES ('seeded_at', '1700000000000')`)
    const at = { createdAt: 1_700_000_000_000, lastModifiedAt: 1_700_000_000_000 }
    expect((await createConnector(before, connectorRecord(PAYMENTS_SCOPE, HUB, at))).ok).toBe(true)
    await before.close()

    const server = startTsProcess(
      'src/server/main.ts',
      ['--port', '0', '--no-delegate', '--data', dataDir, '--dist', join(dataDir, 'no-dist')],
      { CONNECTORS_SECRET_KEY: '', CONNECTORS_SECRET_KEY_FILE: '', DATABASE_URL: '' },
    )
    try {
      const [, base = ''] = await server.waitFor(/Artifact Repository Connectors: (http:\/\/\S+)/, 90_000)
      const [, link = ''] = await server.waitFor(/(http:\/\/\S+\/setup\?token=\S+)/, 30_000)
      const origin = base.replace(/\/$/, '')
      const payments = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'
      // Nobody may read the old data before the first administrator exists.
      const early = await fetch(`${origin}/ng/api/connectors/hub_from_before?${payments}`)
      expect(early.status).toBe(401)
      expect(((await early.json()) as { code: string }).code).toBe('SETUP_REQUIRED')
      const setup = await fetch(`${origin}/api/auth/setup`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          token: new URL(link).searchParams.get('token'),
          name: 'Ana Admin',
          email: 'ana@example.com',
          password: 'correct horse battery',
        }),
      })
      expect(setup.status).toBe(200)
      const cookie = setup.headers.getSetCookie()[0]!.split(';')[0]!
      // The account is the one the data lives in (acme), and the admin holds it.
      const read = await fetch(`${origin}/ng/api/connectors/hub_from_before?${payments}`, {
        headers: { Cookie: cookie },
      })
      expect(read.status).toBe(200)
      expect(((await read.json()) as { data: { connector: { name: string } } }).data.connector.name).toBe(
        'Hub from before',
      )
    } finally {
      await server.stop()
    }
  }, 120_000)
})
