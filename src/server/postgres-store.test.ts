// @vitest-environment node
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeStoreContract } from '../backend/store-contract'
import { expectOpenTestsOnPage } from '../test/sql-store-checks'
import type { TestPostgres } from './pg-test-server'
import { startTestPostgres } from './pg-test-server'
import { openPostgresClient } from './sql-client'
import { migrate, MIGRATIONS } from './sql-migrations'
import { openSqlStore } from './sql-store'

// A real PostgreSQL, started by this file (pg-test-server.ts). Missing binaries fail the file.

let server: TestPostgres
const secretKey = randomBytes(32)

beforeAll(async () => {
  server = await startTestPostgres()
}, 60_000)

afterAll(async () => {
  await server?.stop()
}, 30_000)

describeStoreContract('PostgreSQL', () => openSqlStore({ databaseUrl: server.url, secretKey }))

describe('SQL store on PostgreSQL', () => {
  async function freshDatabase(name: string): Promise<string> {
    const admin = postgres(server.url, { onnotice: () => undefined })
    await admin.unsafe(`CREATE DATABASE ${name}`)
    await admin.end()
    return server.url.replace(/\/[^/]+$/, `/${name}`)
  }

  it('names on a list page each connector’s open test, the oldest queued or running one', async () => {
    const store = await openSqlStore({ databaseUrl: await freshDatabase('open_tests'), secretKey })
    await expectOpenTestsOnPage(store)
    await store.close()
  })

  it('applies each migration once when two servers start at the same time', async () => {
    const url = await freshDatabase('migration_race')
    const clients = [openPostgresClient(url), openPostgresClient(url), openPostgresClient(url)]
    const applied = await Promise.all(clients.map((client) => migrate(client)))
    expect(applied.flat().sort((a, b) => a - b)).toEqual(MIGRATIONS.map((migration) => migration.version))
    const rows = await clients[0]!.query('SELECT version FROM schema_migrations ORDER BY version')
    expect(rows).toEqual(MIGRATIONS.map(({ version }) => ({ version })))
    expect(await migrate(clients[1]!)).toEqual([])
    await Promise.all(clients.map((client) => client.close()))
    // And whole stores starting together on a fresh database.
    const storesUrl = await freshDatabase('store_race')
    const stores = await Promise.all([1, 2].map(() => openSqlStore({ databaseUrl: storesUrl, secretKey })))
    expect(await stores[0]!.changeCount()).toBe(0)
    await Promise.all(stores.map((store) => store.close()))
  })
})
