// @vitest-environment node
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { secretRecord } from '../backend/records'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { Scope } from '../lib/scope'
import { startTsProcess } from '../test/processes'
import { defaultSecretKeyFile, loadSecretKey } from './secret-key'
import { openSqlStore } from './sql-store'

/**
 * The key that encrypts secret values lives apart from the data, is only its owner's, is never
 * made up for a shared database, and a server whose key is not the database's does not start.
 * The data folder is private too, whatever the umask the server was started with.
 */

const scope: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }
const dirs: string[] = []

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'secret-key-'))
  dirs.push(dir)
  return dir
}

beforeAll(() => mockServiceWorker.close())
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

const mode = async (path: string) => (await stat(path)).mode & 0o777

describe('loadSecretKey', () => {
  it('reads CONNECTORS_SECRET_KEY as hex or base64, refusing anything else without echoing it', async () => {
    const dataDir = join(await tempDir(), 'data')
    const key = randomBytes(32)
    expect((await loadSecretKey({ dataDir, env: { CONNECTORS_SECRET_KEY: key.toString('hex') } })).key).toEqual(key)
    expect((await loadSecretKey({ dataDir, env: { CONNECTORS_SECRET_KEY: key.toString('base64') } })).key).toEqual(key)
    const error = await loadSecretKey({ dataDir, env: { CONNECTORS_SECRET_KEY: 'too-short-secret' } }).catch(
      (caught: unknown) => caught,
    )
    expect(String(error)).toContain('CONNECTORS_SECRET_KEY must hold 32 bytes')
    expect(String(error)).not.toContain('too-short-secret')
    // An environment key leaves no file behind.
    expect(existsSync(defaultSecretKeyFile(dataDir))).toBe(false)
  })

  it('makes keys/secret.key beside the data folder on the first start, only its owner’s, then reads it', async () => {
    const root = await tempDir()
    const dataDir = join(root, 'data')
    const first = await loadSecretKey({ dataDir, env: {} })
    expect(first.source).toBe(join(root, 'keys', 'secret.key'))
    expect(first.key).toHaveLength(32)
    expect(await mode(join(root, 'keys'))).toBe(0o700)
    expect(await mode(first.source)).toBe(0o600)
    expect((await loadSecretKey({ dataDir, env: {} })).key).toEqual(first.key)
    // Two servers starting at once on a new folder end up with one key.
    const other = join(root, 'other', 'data')
    const both = await Promise.all([
      loadSecretKey({ dataDir: other, env: {} }),
      loadSecretKey({ dataDir: other, env: {} }),
    ])
    expect(both[0].key).toEqual(both[1].key)
  })

  it('moves the key an older version kept in the data folder out of it, and refuses two different keys', async () => {
    const root = await tempDir()
    const dataDir = join(root, 'data')
    await mkdir(dataDir)
    const old = randomBytes(32).toString('base64')
    await writeFile(join(dataDir, 'secret.key'), `${old}\n`, { mode: 0o644 })
    const loaded = await loadSecretKey({ dataDir, env: {} })
    expect(loaded.key.toString('base64')).toBe(old)
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(false)
    expect(await mode(loaded.source)).toBe(0o600)

    await writeFile(join(dataDir, 'secret.key'), `${randomBytes(32).toString('base64')}\n`)
    const error = await loadSecretKey({ dataDir, env: {} }).catch((caught: unknown) => caught)
    expect(String(error)).toMatch(/Two secret keys: .* differ/)
  })

  it('never makes a key for a shared database (DATABASE_URL): it must be given', async () => {
    const root = await tempDir()
    const databaseUrl = 'postgres://db.example/connectors'
    const none = await loadSecretKey({ dataDir: join(root, 'data'), databaseUrl, env: {} }).catch((e: unknown) => e)
    expect(String(none)).toContain('With DATABASE_URL the secret key must be given')
    const keyFile = join(root, 'shared.key')
    const missing = await loadSecretKey({ dataDir: join(root, 'data'), databaseUrl, keyFile, env: {} }).catch(
      (caught: unknown) => caught,
    )
    expect(String(missing)).toContain('does not exist. A server never makes a key for a shared database')
    expect(existsSync(keyFile)).toBe(false)
    expect(await readdir(root)).toEqual([])

    const key = randomBytes(32)
    await writeFile(keyFile, key.toString('hex'), { mode: 0o644 })
    const given = await loadSecretKey({ dataDir: join(root, 'data'), databaseUrl, keyFile, env: {} })
    expect(given.key).toEqual(key)
    expect(await mode(keyFile)).toBe(0o600)
  })
})

describe('the key check', () => {
  it('refuses another key on a database whose secrets were stored before the check existed', async () => {
    const dataDir = join(await tempDir(), 'data')
    const key = randomBytes(32)
    const store = await openSqlStore({ dataDir, secretKey: key })
    const dto = {
      type: 'SecretText' as const,
      name: 'Old',
      identifier: 'old_secret',
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
      tags: {},
      spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' as const },
    }
    await store.createSecret(secretRecord(scope, dto, 'old-value', { createdAt: 1, updatedAt: 1 }))
    // As a database of the version before: secrets, and no check value.
    await store.client.query('DELETE FROM server_settings')
    await store.close()

    const wrong = await openSqlStore({ dataDir, secretKey: randomBytes(32), secretKeySource: 'the test' }).catch(
      (caught: unknown) => caught,
    )
    expect(String(wrong)).toContain('The secret key from the test cannot decrypt the stored secrets')
    expect(String(wrong)).not.toContain('old-value')

    // The right key opens it, and from then on the check is kept.
    const right = await openSqlStore({ dataDir, secretKey: key })
    expect((await right.getSecret(scope, 'old_secret'))?.value).toBe('old-value')
    const rows = await right.client.query("SELECT value FROM server_settings WHERE name = 'secret_key_check'")
    expect(rows).toHaveLength(1)
    await right.close()
    const again = await openSqlStore({ dataDir, secretKey: randomBytes(32) }).catch((caught: unknown) => caught)
    expect(String(again)).toContain("cannot decrypt the database's key check")
  }, 60_000)
})

describe('a missing key file', () => {
  it('is not made up again for a database that was stored with a key: the start is refused, and the new file removed', async () => {
    const root = await tempDir()
    const dataDir = join(root, 'data')
    const args = ['--port', '0', '--data', dataDir, '--dist', join(root, 'no-dist'), '--no-delegate']
    const env = { CONNECTORS_SECRET_KEY: '', CONNECTORS_SECRET_KEY_FILE: '', DATABASE_URL: '' }
    const first = startTsProcess('src/server/main.ts', args, env)
    try {
      await first.waitFor(/Artifact Repository Connectors: http/, 60_000)
    } finally {
      await first.stop()
    }
    // The key is lost (not restored with the data, say).
    await rm(join(root, 'keys'), { recursive: true })

    const again = startTsProcess('src/server/main.ts', args, env)
    const code = await new Promise<number | null>((resolve) => again.child.once('exit', resolve))
    expect(code).toBe(1)
    expect(again.output()).toContain('was missing, so a new key was made, but this database')
    expect(again.output()).toContain('Restore the key file from the backup')
    expect(existsSync(join(root, 'keys', 'secret.key'))).toBe(false)
  }, 90_000)
})

describe('the data folder', () => {
  it('is its owner’s only after a start, whatever the umask, and an older world-readable one is put right', async () => {
    const root = await tempDir()
    const dataDir = join(root, 'data')
    await mkdir(join(dataDir, 'leftovers'), { recursive: true })
    await writeFile(join(dataDir, 'leftovers', 'notes.txt'), 'from an older version')
    await chmod(join(dataDir, 'leftovers', 'notes.txt'), 0o666)
    await chmod(dataDir, 0o777)
    const key = randomBytes(32).toString('base64')
    await writeFile(join(dataDir, 'secret.key'), key, { mode: 0o644 })

    const server = startTsProcess(
      'src/server/main.ts',
      ['--port', '0', '--data', dataDir, '--dist', join(root, 'no-dist'), '--no-delegate'],
      { CONNECTORS_SECRET_KEY: '', CONNECTORS_SECRET_KEY_FILE: '', DATABASE_URL: '' },
      { umask: '000' },
    )
    try {
      await server.waitFor(/Artifact Repository Connectors: http/, 60_000)
    } finally {
      await server.stop()
    }

    const open: string[] = []
    async function walk(folder: string) {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name)
        if (entry.isSymbolicLink()) continue
        if ((await mode(path)) & 0o077) open.push(`${path} ${(await mode(path)).toString(8)}`)
        if (entry.isDirectory()) await walk(path)
      }
    }
    await walk(root)
    expect(open).toEqual([])
    expect(await mode(dataDir)).toBe(0o700)
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true)
    // The key moved out of the data folder: a copy of ./data carries no key.
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(false)
    expect((await readFile(join(root, 'keys', 'secret.key'), 'utf8')).trim()).toBe(key)
  }, 90_000)
})
