// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestPostgres } from './pg-test-server'
import { startTestPostgres } from './pg-test-server'
import { openPgliteClient, openPostgresClient, type SqlClient } from './sql-client'
import { type Migration, migrate } from './sql-migrations'

/**
 * A migration's text runs whole, through the database's own parser (PGlite's exec, postgres'
 * simple query), in the transaction that records it: on both stores.
 */

const FIRST: Migration = {
  version: 1,
  name: 'a table and a row',
  sql: `
-- A comment; and a semicolon at the end of a line inside a string:
CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);
INSERT INTO notes (id, body) VALUES (1, 'one;
two');
`,
}

const FAILING: Migration = {
  version: 2,
  name: 'a table, then a statement that fails',
  sql: `
CREATE TABLE later (id integer);
INSERT INTO notes (id, body) VALUES (2, 'kept?');
INSERT INTO notes (id, body) VALUES (1, 'a duplicate key');
`,
}

let server: TestPostgres
let pgliteDir: string

beforeAll(async () => {
  server = await startTestPostgres()
  pgliteDir = await mkdtemp(join(tmpdir(), 'migrations-'))
}, 60_000)

afterAll(async () => {
  await server?.stop()
  await rm(pgliteDir, { recursive: true, force: true })
}, 30_000)

const stores: [string, () => Promise<SqlClient>][] = [
  ['PGlite', () => openPgliteClient(join(pgliteDir, 'pglite'))],
  [
    'PostgreSQL',
    async () => {
      const admin = postgres(server.url, { onnotice: () => undefined })
      await admin.unsafe('CREATE DATABASE migrations_text')
      await admin.end()
      return openPostgresClient(server.url.replace(/\/[^/]+$/, '/migrations_text'))
    },
  ],
]

describe.each(stores)('migrations on %s', (_, open) => {
  it('run a text of several statements as written, roll back the whole of one that fails, and skip the lock when none is pending', async () => {
    const client = await open()
    try {
      expect(await migrate(client, [FIRST])).toEqual([1])
      expect(await client.query('SELECT id, body FROM notes')).toEqual([{ id: 1, body: 'one;\ntwo' }])

      await expect(migrate(client, [FIRST, FAILING])).rejects.toThrow(/duplicate key/)
      // Nothing of the failed migration is left, and it is not recorded: the next start tries it again.
      expect(await client.query('SELECT id FROM notes')).toEqual([{ id: 1 }])
      expect(await client.query(`SELECT to_regclass('later') IS NULL AS missing`)).toEqual([{ missing: true }])
      expect(await client.query('SELECT version FROM schema_migrations')).toEqual([{ version: 1 }])

      // A restart finds an up-to-date database so without a transaction or a lock; a pending
      // migration still goes the locked way, and only it is applied.
      let transactions = 0
      const counted: SqlClient = {
        ...client,
        query: (...args) => client.query(...args),
        transaction: (work) => {
          transactions += 1
          return client.transaction(work)
        },
      }
      expect(await migrate(counted, [FIRST])).toEqual([])
      expect(transactions).toBe(0)
      const third: Migration = { version: 3, name: 'third', sql: 'CREATE TABLE third (id integer)' }
      expect(await migrate(counted, [FIRST, third])).toEqual([3])
      expect(transactions).toBeGreaterThan(0)
    } finally {
      await client.close()
    }
  }, 60_000)
})
