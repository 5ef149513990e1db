// @vitest-environment node
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditKey } from '../../backend/audit/audit-chain'
import { changeDescriber } from '../../backend/audit/describe-change'
import { connectorRecord, secretRecord } from '../../backend/records'
import { createSeedState, PAYMENTS_SCOPE } from '../../backend/seed-data'
import { startTestPostgres, type TestPostgres } from '../pg-test-server'
import { openPostgresClient } from '../sql-client'
import { openSqlStore, type SqlStore } from '../sql-store'
import { appendAuditEvents, verifyAuditTrail } from './sql-audit-trail'

/**
 * A connector's create appends its event inside its own statement, chained after the head its
 * process last left (sql-write-with-head.ts). These tests move the head behind that process's back
 * (another server on the same PostgreSQL, a write of the same process that appends under the
 * head's lock, an append straight in SQL) while creates run, and check what a reader of the trail
 * would: one event per connector created, none for a create refused, no gap, and a chain that verifies.
 */

const secretKey = randomBytes(32)
const key = auditKey(secretKey)
let dir = ''
let postgresServer: TestPostgres

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'appends-in-the-write-'))
  postgresServer = await startTestPostgres()
}, 120_000)

afterAll(async () => {
  await postgresServer?.stop()
  await rm(dir, { recursive: true, force: true })
})

const describer = (who: string) =>
  changeDescriber({ type: 'USER', identifier: who, name: who }, '127.0.0.1', () => 1_700_000_000_000)

function create(store: SqlStore, identifier: string, who: string) {
  return store.createConnector(
    connectorRecord(
      PAYMENTS_SCOPE,
      {
        name: identifier,
        identifier,
        orgIdentifier: 'default',
        projectIdentifier: 'payments',
        tags: {},
        type: 'DockerRegistry',
        spec: { dockerRegistryUrl: 'https://registry.example', providerType: 'Other', auth: { type: 'Anonymous' } },
      },
      { createdAt: 1, lastModifiedAt: 1 },
    ),
    describer(who),
  )
}

function createSecret(store: SqlStore, identifier: string, who: string) {
  return store.createSecret(
    secretRecord(
      PAYMENTS_SCOPE,
      {
        type: 'SecretText',
        name: identifier,
        identifier,
        orgIdentifier: 'default',
        projectIdentifier: 'payments',
        tags: {},
        spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' },
      },
      'a value',
      { createdAt: 1, updatedAt: 1 },
    ),
    describer(who),
  )
}

async function expectWholeTrail(store: SqlStore, connectors: string[]) {
  const rows = await store.client.query<{ sequence: string; resource_type: string; resource_identifier: string }>(
    'SELECT sequence, resource_type, resource_identifier FROM audit_events ORDER BY sequence',
  )
  expect(rows.map((row) => Number(row.sequence))).toEqual(rows.map((_, index) => index + 1))
  const created = rows.filter((row) => row.resource_type === 'CONNECTOR').map((row) => row.resource_identifier)
  expect(created.sort()).toEqual([...connectors].sort())
  expect(await verifyAuditTrail(store.client, key)).toEqual([])
}

describe('a connector create appends its event in its own statement', () => {
  it('on one PostgreSQL shared by two servers creating at once, with secrets and a duplicate in between', async () => {
    const admin = openPostgresClient(postgresServer.url)
    await admin.query('CREATE DATABASE appends_race')
    await admin.close()
    const url = postgresServer.url.replace(/\/[^/]+$/, '/appends_race')
    const first = await openSqlStore({ databaseUrl: url, secretKey, seed: createSeedState })
    const second = await openSqlStore({ databaseUrl: url, secretKey })
    const stores = [first, second]
    const names: string[] = []
    try {
      await Promise.all(
        stores.flatMap((store, server) =>
          // Three callers per server, each creating in turn, and a secret (the locked way) now and then.
          [0, 1, 2].map(async (caller) => {
            for (let write = 0; write < 8; write++) {
              const identifier = `s${server}_c${caller}_${write}`
              const created = await create(store, identifier, `u_${server}`)
              expect(created.ok).toBe(true)
              names.push(identifier)
              if (write % 3 === caller) await createSecret(store, `pw_${identifier}`, `u_${server}`)
            }
          }),
        ),
      )
      // The same identifier from the other server: refused, and no event for it.
      expect(await create(second, 's0_c0_0', 'u_1')).toEqual({ ok: false, refusal: 'exists' })
      expect(await create(first, 's1_c2_7', 'u_0')).toEqual({ ok: false, refusal: 'exists' })
      await expectWholeTrail(first, names)
    } finally {
      await Promise.all(stores.map((store) => store.close()))
    }
  }, 120_000)

  it('on the embedded database, after an append that did not go through this process’s creates', async () => {
    const store = await openSqlStore({ dataDir: path.join(dir, 'embedded'), secretKey, seed: createSeedState })
    const names: string[] = []
    try {
      for (let write = 0; write < 6; write++) {
        const identifier = `hub_${write}`
        expect((await create(store, identifier, 'u_ana')).ok).toBe(true)
        names.push(identifier)
        // The head moves behind the creates' back: an event appended straight under the lock.
        if (write % 2 === 0) {
          await store.client.transaction((tx) =>
            appendAuditEvents(tx, key, [
              {
                time: 1,
                actor: { type: 'SYSTEM', identifier: 'system', name: 'System' },
                action: 'RETENTION',
                resourceType: 'AUDIT_TRAIL',
                resourceIdentifier: 'audit_trail',
                scopeKey: '',
                outcome: 'SUCCESS',
                clientAddress: '',
                summary: 'Nothing removed',
              },
            ]),
          )
        }
      }
      // Creates started together from one process each chain after the one before.
      const together = Array.from({ length: 10 }, (_, index) => `together_${index}`)
      const results = await Promise.all(together.map((identifier) => create(store, identifier, 'u_ben')))
      expect(results.every((result) => result.ok)).toBe(true)
      names.push(...together)
      // A duplicate fails its statement, which undoes the head's move with it; the next create
      // chains after the head as it was.
      expect(await create(store, 'hub_0', 'u_ben')).toEqual({ ok: false, refusal: 'exists' })
      expect((await create(store, 'after_refusal', 'u_ben')).ok).toBe(true)
      names.push('after_refusal')
      await expectWholeTrail(store, names)
    } finally {
      await store.close()
    }
  }, 120_000)
})
