// @vitest-environment node
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, describe, expect, it } from 'vitest'
import { connectorRecord, secretRecord } from '../backend/records'
import { describeStoreContract } from '../backend/store-contract'
import { expectOpenTestsOnPage } from '../test/sql-store-checks'
import { MIGRATIONS } from './sql-migrations'
import { openSqlStore } from './sql-store'

const run = promisify(execFile)
const dirs: string[] = []
const secretKey = randomBytes(32)

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pglite-store-'))
  dirs.push(dir)
  return dir
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

describeStoreContract('PGlite', async () => openSqlStore({ dataDir: await tempDir(), secretKey }))

const scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }
const connector = {
  name: 'Docker Hub',
  identifier: 'dockerhub',
  orgIdentifier: 'default',
  projectIdentifier: 'payments',
  tags: {},
  type: 'DockerRegistry',
  spec: { dockerRegistryUrl: 'https://index.docker.io/v2/', providerType: 'DockerHub', auth: { type: 'Anonymous' } },
}
const secret = {
  type: 'SecretText' as const,
  name: 'Registry password',
  identifier: 'registry_password',
  orgIdentifier: 'default',
  projectIdentifier: 'payments',
  tags: {},
  spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' as const },
}

describe('SQL store on PGlite', () => {
  it('keeps what was written across a restart, with secret values encrypted at rest', async () => {
    const dataDir = await tempDir()
    const first = await openSqlStore({ dataDir, secretKey })
    const record = connectorRecord(scope, connector, { createdAt: 1, lastModifiedAt: 2 })
    expect((await first.createConnector(record)).ok).toBe(true)
    expect(
      (await first.createSecret(secretRecord(scope, secret, 'hunter2-plain', { createdAt: 1, updatedAt: 1 }))).ok,
    ).toBe(true)
    await first.close()

    const second = await openSqlStore({ dataDir, secretKey })
    expect(await second.getConnector(scope, 'dockerhub')).toEqual(record)
    expect((await second.getSecret(scope, 'registry_password'))?.value).toBe('hunter2-plain')
    expect(await second.changeCount()).toBe(2)
    await second.close()

    // The table holds the value encrypted; a wrong key fails without saying the value.
    const raw = await PGlite.create(join(dataDir, 'pglite'))
    const rows = (await raw.query<{ value_encrypted: string }>('SELECT value_encrypted FROM secrets')).rows
    // Opening twice applied the migrations once.
    expect((await raw.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual(
      MIGRATIONS.map(({ version }) => ({ version })),
    )
    await raw.close()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.value_encrypted).toMatch(/^v1:/)
    expect(rows[0]?.value_encrypted).not.toContain('hunter2')
    expect(Buffer.from(rows[0]?.value_encrypted.slice(3) ?? '', 'base64').toString('latin1')).not.toContain('hunter2')
    // Another key is refused when the store opens, not when a secret is read.
    const error = await openSqlStore({ dataDir, secretKey: randomBytes(32) }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(Error)
    expect(String(error)).toContain('is not the key this database')
    expect(String(error)).not.toContain('hunter2')
  }, 60_000)

  it('names on a list page each connector’s open test, the oldest queued or running one', async () => {
    const store = await openSqlStore({ dataDir: await tempDir(), secretKey })
    await expectOpenTestsOnPage(store)
    await store.close()
  }, 60_000)

  it('keeps a write whose promise resolved when the process dies without closing', async () => {
    const dataDir = await tempDir()
    const keyHex = secretKey.toString('hex')
    const child = `
      const { openSqlStore } = await import(${JSON.stringify(join(import.meta.dirname, 'sql-store.ts'))})
      const { connectorRecord } = await import(${JSON.stringify(join(import.meta.dirname, '../backend/records.ts'))})
      const store = await openSqlStore({ dataDir: ${JSON.stringify(dataDir)}, secretKey: Buffer.from('${keyHex}', 'hex') })
      const result = await store.createConnector(connectorRecord(${JSON.stringify(scope)}, ${JSON.stringify(connector)}, { createdAt: 1, lastModifiedAt: 2 }))
      if (!result.ok) process.exit(3)
      process.kill(process.pid, 'SIGKILL')
    `
    const outcome = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child]).catch(
      (caught: { signal?: string; code?: number }) => caught,
    )
    expect(outcome).toMatchObject({ signal: 'SIGKILL' })
    const store = await openSqlStore({ dataDir, secretKey })
    expect((await store.getConnector(scope, 'dockerhub'))?.connector.name).toBe('Docker Hub')
    await store.close()
  }, 60_000)
})
