import { describe, expect, it } from 'vitest'
import type { ConnectorInfo, SecretDTO } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { AuditDraft } from './audit/audit-event'
import type { StoreChange } from './audit/store-change'
import type { StoredSecret } from './records'
import { connectorRecord, recordKey, secretRecord } from './records'
import type { DataStore } from './store'

/**
 * The DataStore contract for changing and deleting secrets and for which connectors use one
 * (part of store-contract.ts, which runs it on every store). Each test makes an account of its own.
 */

const AT = 1_700_000_000_000

let accounts = 0
function freshAccount(): string {
  accounts += 1
  return `secrets${accounts}x${Math.random().toString(36).slice(2, 8)}`
}

function scopesOf(accountIdentifier = freshAccount()) {
  const account: Scope = { accountIdentifier }
  const org: Scope = { accountIdentifier, orgIdentifier: 'org1' }
  const project: Scope = { ...org, projectIdentifier: 'proj1' }
  return { account, org, project }
}

function makeSecret(scope: Scope, identifier: string, value: string, fields: Partial<SecretDTO> = {}): StoredSecret {
  const secret: SecretDTO = {
    type: 'SecretText',
    name: identifier,
    identifier,
    ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
    ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
    tags: {},
    spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' },
    ...fields,
  }
  return secretRecord(scope, secret, value, { createdAt: AT, updatedAt: AT })
}

/** A connector that signs in with a password kept in `passwordRef` (and a username in `usernameRef`). */
function usingSecrets(scope: Scope, identifier: string, passwordRef: string, usernameRef?: string, name = identifier) {
  const connector: ConnectorInfo = {
    name,
    identifier,
    ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
    ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
    tags: {},
    type: 'DockerRegistry',
    spec: {
      dockerRegistryUrl: 'https://registry.example.test',
      providerType: 'Other',
      auth: {
        type: 'UsernamePassword',
        spec: usernameRef ? { usernameRef, passwordRef } : { username: 'demo', passwordRef },
      },
    },
  }
  return connectorRecord(scope, connector, { createdAt: AT, lastModifiedAt: AT })
}

/** An audit describer that remembers every change it was asked to describe. */
function recorder() {
  const changes: StoreChange[] = []
  const describe = (change: StoreChange): AuditDraft => {
    changes.push(change)
    return {
      time: AT,
      actor: { type: 'USER', identifier: 'contract', name: 'Contract' },
      action: change.before ? (change.after ? 'UPDATE' : 'DELETE') : 'CREATE',
      resourceType: 'SECRET',
      resourceIdentifier: change.identifier,
      scopeKey: change.scopeKey,
      outcome: 'SUCCESS',
      clientAddress: '127.0.0.1',
      summary: 'contract',
    }
  }
  return { changes, describe }
}

export function describeSecretContract(getStore: () => DataStore): void {
  describe('changing and deleting secrets', () => {
    it('updates name, description, tags and value: version one more, created time kept', async () => {
      const store = getStore()
      const { project } = scopesOf()
      await store.createSecret(makeSecret(project, 'token', 'old-välue'))
      const edited = {
        ...makeSecret(project, 'token', 'new-välue ✓', {
          name: 'Registry token',
          description: 'Rotated',
          tags: { team: 'payments' },
        }),
        updatedAt: AT + 5_000,
      }
      const updated = await store.updateSecret(edited, 1)
      expect(updated.ok).toBe(true)
      const stored = await store.getSecret(project, 'token')
      expect(stored).toMatchObject({ version: 2, createdAt: AT, updatedAt: AT + 5_000, value: 'new-välue ✓' })
      expect(stored?.secret).toMatchObject({
        name: 'Registry token',
        description: 'Rotated',
        tags: { team: 'payments' },
      })
      expect(updated.ok ? updated.record : undefined).toEqual(stored)
      // Search follows the new name; the list shows the new time.
      const found = await store.listSecrets(project, { searchTerm: 'registry', pageIndex: 0, pageSize: 10 })
      expect(found.items.map((item) => item.secret.identifier)).toEqual(['token'])
      // Without an expected version the update is unconditional; still one more.
      expect((await store.updateSecret({ ...edited, value: 'third' })).ok).toBe(true)
      expect((await store.getSecret(project, 'token'))?.version).toBe(3)
    })

    it('refuses a stale update with the current record, and an update of a missing one, changing nothing', async () => {
      const store = getStore()
      const { project } = scopesOf()
      await store.createSecret(makeSecret(project, 'guarded', 'v1'))
      expect((await store.updateSecret(makeSecret(project, 'guarded', 'v2'), 1)).ok).toBe(true)
      const before = await store.changeCount()
      const audit = recorder()
      const stale = await store.updateSecret(makeSecret(project, 'guarded', 'stale'), 1, audit.describe)
      expect(stale.ok ? undefined : stale.refusal).toBe('conflict')
      expect(stale.ok ? undefined : stale.current?.version).toBe(2)
      const missing = await store.updateSecret(makeSecret(project, 'nobody', 'x'), undefined, audit.describe)
      expect(missing.ok ? undefined : missing.refusal).toBe('not-found')
      expect(await store.getSecret(project, 'nobody')).toBeUndefined()
      expect((await store.getSecret(project, 'guarded'))?.value).toBe('v2')
      expect(await store.changeCount()).toBe(before)
      expect(audit.changes).toEqual([])
    })

    it('lets only one of two simultaneous updates at one version through', async () => {
      const store = getStore()
      const { project } = scopesOf()
      await store.createSecret(makeSecret(project, 'contended', 'v1'))
      const results = await Promise.all(
        ['A', 'B'].map((value) => store.updateSecret(makeSecret(project, 'contended', value), 1)),
      )
      expect(results.filter((result) => result.ok)).toHaveLength(1)
      expect(results.filter((result) => !result.ok && result.refusal === 'conflict')).toHaveLength(1)
      expect((await store.getSecret(project, 'contended'))?.version).toBe(2)
    })

    it('hands the describer the secret before and after an update, and before a delete, once each', async () => {
      const store = getStore()
      const { org } = scopesOf()
      await store.createSecret(makeSecret(org, 'audited', 'before'))
      const audit = recorder()
      expect((await store.updateSecret(makeSecret(org, 'audited', 'after'), 1, audit.describe)).ok).toBe(true)
      expect(await store.deleteSecret(org, 'audited', 2, audit.describe)).toEqual({ ok: true })
      expect(audit.changes.map((change) => [change.resource, change.identifier, change.scopeKey])).toEqual([
        ['secret', 'audited', `${org.accountIdentifier}/org1/`],
        ['secret', 'audited', `${org.accountIdentifier}/org1/`],
      ])
      const [update, removal] = audit.changes as Extract<StoreChange, { resource: 'secret' }>[]
      expect([update?.before?.value, update?.after?.value]).toEqual(['before', 'after'])
      expect([removal?.before?.version, removal?.after]).toEqual([2, undefined])
    })

    it('deletes, refusing a stale version or a missing record, and frees the identifier', async () => {
      const store = getStore()
      const { project } = scopesOf()
      await store.createSecret(makeSecret(project, 'doomed', 'v1'))
      await store.updateSecret(makeSecret(project, 'doomed', 'v2'))
      const before = await store.changeCount()
      const stale = await store.deleteSecret(project, 'doomed', 1)
      expect(stale.ok ? undefined : stale.refusal).toBe('conflict')
      expect((await store.getSecret(project, 'doomed'))?.version).toBe(2)
      expect(await store.changeCount()).toBe(before)

      expect(await store.deleteSecret(project, 'doomed', 2)).toEqual({ ok: true })
      expect(await store.getSecret(project, 'doomed')).toBeUndefined()
      expect(await store.changeCount()).toBeGreaterThan(before)
      const again = await store.deleteSecret(project, 'doomed')
      expect(again.ok ? undefined : again.refusal).toBe('not-found')
      expect((await store.listSecrets(project, { searchTerm: '', pageIndex: 0, pageSize: 10 })).total).toBe(0)
      expect((await store.createSecret(makeSecret(project, 'doomed', 'new'))).ok).toBe(true)
      expect((await store.getSecret(project, 'doomed'))?.version).toBe(1)
    })
  })

  describe('connectors using a secret', () => {
    it('finds them in every scope that may refer to it, by name, paged, and counts them', async () => {
      const store = getStore()
      const { account, org, project } = scopesOf()
      const accountSecret = recordKey(account, 'shared')
      const orgSecret = recordKey(org, 'shared')
      const projectSecret = recordKey(project, 'shared')
      const records = [
        usingSecrets(project, 'p_account', 'account.shared', undefined, 'alpha'),
        usingSecrets(project, 'p_org', 'org.shared', undefined, 'Alpha'),
        usingSecrets(project, 'p_both', 'shared', 'account.shared', 'charlie'),
        usingSecrets(org, 'o_account', 'account.shared', undefined, 'alpha'),
        usingSecrets(org, 'o_own', 'shared', undefined, 'delta'),
        usingSecrets(account, 'a_own', 'shared', undefined, 'echo'),
      ]
      for (const record of records) expect((await store.createConnector(record)).ok).toBe(true)

      const names = async (key: string, pageIndex = 0, pageSize = 10) =>
        (await store.connectorsUsingSecret(key, { pageIndex, pageSize })).items.map(
          (item) => `${item.connector.name}@${item.connector.identifier}`,
        )
      // By name ignoring case; a tie by scope key (the org's before its project's).
      expect(await names(accountSecret)).toEqual(['alpha@o_account', 'alpha@p_account', 'charlie@p_both', 'echo@a_own'])
      expect(await names(orgSecret)).toEqual(['Alpha@p_org', 'delta@o_own'])
      expect(await names(projectSecret)).toEqual(['charlie@p_both'])
      expect(await names(accountSecret, 1, 3)).toEqual(['echo@a_own'])
      expect((await store.connectorsUsingSecret(accountSecret, { pageIndex: 1, pageSize: 3 })).total).toBe(4)
      expect(await names(recordKey(project, 'unused'))).toEqual([])

      const counts = await store.countConnectorsUsingSecrets([
        accountSecret,
        orgSecret,
        projectSecret,
        recordKey(project, 'unused'),
      ])
      expect(Object.fromEntries(counts)).toEqual({ [accountSecret]: 4, [orgSecret]: 2, [projectSecret]: 1 })
      expect((await store.countConnectorsUsingSecrets([])).size).toBe(0)
      // Another account's secret of the same name is another secret.
      expect(await names(recordKey(scopesOf().account, 'shared'))).toEqual([])
    })

    it('follows a connector’s edits and its delete', async () => {
      const store = getStore()
      const { project } = scopesOf()
      const key = recordKey(project, 'pass')
      await store.createConnector(usingSecrets(project, 'moving', 'pass'))
      await store.createConnector(usingSecrets(project, 'leaving', 'pass'))
      expect((await store.connectorsUsingSecret(key, { pageIndex: 0, pageSize: 10 })).total).toBe(2)

      const moved = usingSecrets(project, 'moving', 'other')
      expect((await store.updateConnector(moved, 1)).ok).toBe(true)
      expect(await store.deleteConnector(project, 'leaving')).toEqual({ ok: true })
      expect((await store.connectorsUsingSecret(key, { pageIndex: 0, pageSize: 10 })).total).toBe(0)
      expect(Object.fromEntries(await store.countConnectorsUsingSecrets([key, recordKey(project, 'other')]))).toEqual({
        [recordKey(project, 'other')]: 1,
      })
    })
  })
}
