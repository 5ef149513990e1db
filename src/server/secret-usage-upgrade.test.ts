// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { connectorRecord } from '../backend/records'
import type { ConnectorInfo } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { openPgliteClient } from './sql-client'
import { MIGRATIONS, migrate } from './sql-migrations'
import { connectorsUsingSecret, countConnectorsUsingSecrets } from './sql-secret-usage'

/**
 * Connectors stored before migration 17 have no rows in `connector_secrets`: the migration adds them
 * from their references, resolved as the core resolves them, so a secret's usage counts them.
 */

const dirs: string[] = []

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

function docker(scope: Scope, identifier: string, auth: Record<string, unknown>): ConnectorInfo {
  return {
    name: identifier,
    identifier,
    ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
    ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
    tags: {},
    type: 'DockerRegistry',
    spec: { dockerRegistryUrl: 'https://registry.example.test', providerType: 'Other', auth },
  }
}

describe('migration 17', () => {
  it('fills the secrets that connectors stored before it use', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'migration-17-'))
    dirs.push(dir)
    const client = await openPgliteClient(join(dir, 'pglite'))
    try {
      await migrate(
        client,
        MIGRATIONS.filter((migration) => migration.version < 17),
      )
      const account: Scope = { accountIdentifier: 'acme' }
      const org: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default' }
      const project: Scope = { ...org, projectIdentifier: 'payments' }
      const at = { createdAt: 1, lastModifiedAt: 1 }
      const password = (passwordRef: string, usernameRef?: string) => ({
        type: 'UsernamePassword',
        spec: usernameRef ? { usernameRef, passwordRef } : { username: 'demo', passwordRef },
      })
      const old = [
        connectorRecord(project, docker(project, 'own', password('reg_pass')), at),
        connectorRecord(project, docker(project, 'both', password(' org.reg_pass ', 'account.reg_user')), at),
        connectorRecord(org, docker(org, 'org_own', password('reg_pass')), at),
        connectorRecord(account, docker(account, 'account_own', password('account.reg_user')), at),
        // A method without secrets keeps none, whatever its spec holds.
        connectorRecord(project, docker(project, 'anonymous', { type: 'Anonymous', spec: { passwordRef: 'x' } }), at),
      ]
      // Written as the version before wrote them: no connector_secrets table yet.
      for (const record of old) {
        await client.query(
          `INSERT INTO connectors (scope_key, identifier, name, name_key, type, status, created_at, last_modified_at,
                                   version, search_text, connector, status_details)
           VALUES ($1, $2, $2, $2, 'DockerRegistry', 'UNKNOWN', 1, 1, 1, $2, $3::text::json, '{"status":"UNKNOWN"}'::jsonb)`,
          [record.scopeKey, record.connector.identifier, JSON.stringify(record.connector)],
        )
      }
      expect(
        await migrate(
          client,
          MIGRATIONS.filter((migration) => migration.version <= 17),
        ),
      ).toEqual([17])

      const users = async (key: string) =>
        (await connectorsUsingSecret(client, key, { pageIndex: 0, pageSize: 10 })).items.map(
          (item) => item.connector.identifier,
        )
      expect(await users('acme/default/payments/reg_pass')).toEqual(['own'])
      expect(await users('acme/default//reg_pass')).toEqual(['both', 'org_own'])
      expect(await users('acme///reg_user')).toEqual(['account_own', 'both'])
      expect(await users('acme/default/payments/x')).toEqual([])
      expect(
        Object.fromEntries(await countConnectorsUsingSecrets(client, ['acme///reg_user', 'acme/default//reg_pass'])),
      ).toEqual({ 'acme///reg_user': 2, 'acme/default//reg_pass': 2 })
    } finally {
      await client.close()
    }
  }, 60_000)
})
