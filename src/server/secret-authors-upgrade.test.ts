// @vitest-environment node
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { secretRecord } from '../backend/records'
import type { SecretDTO } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { openPgliteClient } from './sql-client'
import { MIGRATIONS, migrate } from './sql-migrations'
import { secretTable } from './sql-secrets'

/**
 * Secrets stored before migration 20 kept no one: they read as before, with no creator and no
 * last changer, until a change through the API names who made it.
 */

const dirs: string[] = []

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }
const OLD: SecretDTO = {
  type: 'SecretText',
  name: 'Old',
  identifier: 'old',
  orgIdentifier: 'default',
  projectIdentifier: 'payments',
  tags: {},
  spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' },
}

describe('migration 20', () => {
  it('keeps secrets from before, with no one named, and names who changes them next', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'migration-20-'))
    dirs.push(dir)
    const key = randomBytes(32)
    const client = await openPgliteClient(join(dir, 'pglite'))
    try {
      await migrate(
        client,
        MIGRATIONS.filter((migration) => migration.version < 20),
      )
      // Written as the version before wrote it: no one named, and no columns to name anyone in.
      const written = await secretTable(client, key).createSecret(
        secretRecord(PAYMENTS, OLD, 'kept-value', { createdAt: 1, updatedAt: 1 }),
      )
      expect(written.ok).toBe(true)
      // Applies 20 and any later migration (a later one must keep these secrets as they are).
      expect((await migrate(client))[0]).toBe(20)

      const secrets = secretTable(client, key)
      const before = await secrets.getSecret(PAYMENTS, 'old')
      expect(before).toMatchObject({ value: 'kept-value', version: 1 })
      expect(before).not.toHaveProperty('createdBy')
      expect(before).not.toHaveProperty('lastModifiedBy')

      const ana = { type: 'USER', identifier: 'ana', name: 'Ana Admin' }
      const updated = await secrets.updateSecret({ ...before!, updatedAt: 2, lastModifiedBy: ana }, 1)
      expect(updated.ok).toBe(true)
      const after = await secrets.getSecret(PAYMENTS, 'old')
      expect(after).toMatchObject({ value: 'kept-value', version: 2, lastModifiedBy: ana })
      expect(after).not.toHaveProperty('createdBy')
    } finally {
      await client.close()
    }
  }, 60_000)
})
