// @vitest-environment node
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { secretRecord } from '../backend/records'
import { secretSearchText } from '../backend/secret-search'
import type { SecretDTO } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { openPgliteClient } from './sql-client'
import { MIGRATIONS, migrate } from './sql-migrations'
import { secretTable } from './sql-secrets'

/**
 * Delegate-held secrets stored before migration 21 kept a search text without their variable name
 * or path: after it, search finds them by it, exactly as it finds one saved now.
 */

const dirs: string[] = []

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

function secret(identifier: string, spec: SecretDTO['spec']): SecretDTO {
  return {
    type: 'SecretText',
    name: `Old ${identifier}`,
    identifier,
    description: 'From before',
    orgIdentifier: 'default',
    projectIdentifier: 'payments',
    tags: { team: 'Platform' },
    spec,
  }
}

const OLD = [
  secret('env', {
    secretManagerIdentifier: 'delegateEnvironment',
    valueType: 'Reference',
    value: 'CONNECTORS_DELEGATE_SECRET_LOOPBACK_PASSWORD',
  }),
  secret('dir', { secretManagerIdentifier: 'delegateSecretDir', valueType: 'Reference', value: 'Registry/pass.txt' }),
  secret('stored', { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' }),
]

/** What search text the versions before 21 stored: no reference. */
function searchTextBefore21(dto: SecretDTO): string {
  return [dto.name, dto.identifier, dto.description ?? '', ...Object.entries(dto.tags).flat()].join('\n').toLowerCase()
}

describe('migration 21', () => {
  it('lets search find delegate-held secrets stored before by their variable name or path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'migration-21-'))
    dirs.push(dir)
    const key = randomBytes(32)
    const client = await openPgliteClient(join(dir, 'pglite'))
    try {
      await migrate(
        client,
        MIGRATIONS.filter((migration) => migration.version < 21),
      )
      const secrets = secretTable(client, key)
      for (const dto of OLD) {
        const at = { createdAt: 1, updatedAt: 1 }
        expect((await secrets.createSecret(secretRecord(PAYMENTS, dto, dto.spec.value ? '' : 'kept', at))).ok).toBe(
          true,
        )
        // As the version before stored it.
        await client.query('UPDATE secrets SET search_text = $1 WHERE identifier = $2', [
          searchTextBefore21(dto),
          dto.identifier,
        ])
      }
      const find = async (searchTerm: string) =>
        (await secrets.listSecrets(PAYMENTS, { searchTerm, pageIndex: 0, pageSize: 10 })).items
          .map((item) => item.secret.identifier)
          .sort()
      expect(await find('connectors_delegate_secret')).toEqual([])

      expect((await migrate(client))[0]).toBe(21)

      expect(await find('connectors_delegate_secret_loopback')).toEqual(['env'])
      expect(await find('registry/pass')).toEqual(['dir'])
      expect(await find('platform')).toEqual(['dir', 'env', 'stored'])
      expect(await find('kept')).toEqual([])
      // The same text a save writes now, so that an edit changes nothing that search sees.
      const rows = await client.query('SELECT identifier, search_text FROM secrets ORDER BY identifier')
      expect(Object.fromEntries(rows.map((row) => [row.identifier, row.search_text]))).toEqual(
        Object.fromEntries(OLD.map((dto) => [dto.identifier, secretSearchText(dto)])),
      )
    } finally {
      await client.close()
    }
  }, 60_000)
})
