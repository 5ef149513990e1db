import { describe, expect, it } from 'vitest'
import type { SecretDTO } from '../lib/api-types'
import { DELEGATE_ENVIRONMENT, DELEGATE_SECRET_DIR, SERVER_SECRET_MANAGER } from '../lib/delegate-held-secrets'
import type { Scope } from '../lib/scope'
import { secretRecord } from './records'
import type { DataStore } from './store'

/**
 * The DataStore contract for what secret search matches (part of store-contract.ts, which runs it
 * on every store): besides name, identifier, description and tags, where a delegate-held secret
 * lives (its variable name or its path), which a platform engineer knows and types; never a value.
 */

const AT = 1_700_000_000_000
const ENV_NAME = 'CONNECTORS_DELEGATE_SECRET_LOOPBACK_PASSWORD'
const DIR_PATH = 'registry/loopback-password'
const STORED_VALUE = 'Hunter2-st0red-välue'

let accounts = 0
function projectScope(): Scope {
  accounts += 1
  const accountIdentifier = `search${accounts}x${Math.random().toString(36).slice(2, 8)}`
  return { accountIdentifier, orgIdentifier: 'org1', projectIdentifier: 'proj1' }
}

function makeSecret(scope: Scope, identifier: string, spec: SecretDTO['spec'], value = '') {
  const secret: SecretDTO = {
    type: 'SecretText',
    name: `Secret ${identifier}`,
    identifier,
    orgIdentifier: 'org1',
    projectIdentifier: 'proj1',
    tags: {},
    spec,
  }
  return secretRecord(scope, secret, value, { createdAt: AT, updatedAt: AT })
}

const inEnvironment = (name: string): SecretDTO['spec'] => ({
  secretManagerIdentifier: DELEGATE_ENVIRONMENT,
  valueType: 'Reference',
  value: name,
})
const inSecretDir = (path: string): SecretDTO['spec'] => ({
  secretManagerIdentifier: DELEGATE_SECRET_DIR,
  valueType: 'Reference',
  value: path,
})

export function describeSecretSearchContract(getStore: () => DataStore): void {
  describe('secret search', () => {
    async function found(scope: Scope, searchTerm: string): Promise<string[]> {
      const page = await getStore().listSecrets(scope, { searchTerm, pageIndex: 0, pageSize: 100 })
      return page.items.map((item) => item.secret.identifier).sort()
    }

    it('finds a delegate-held secret by its variable name or its path, and follows a move', async () => {
      const store = getStore()
      const scope = projectScope()
      await store.createSecret(makeSecret(scope, 'env', inEnvironment(ENV_NAME)))
      await store.createSecret(makeSecret(scope, 'dir', inSecretDir(DIR_PATH)))
      await store.createSecret(
        makeSecret(scope, 'stored', { secretManagerIdentifier: SERVER_SECRET_MANAGER, valueType: 'Inline' }, 'v'),
      )

      // Terms reach the store lower-cased (store.ts); `_` and `/` are taken literally.
      expect(await found(scope, ENV_NAME.toLowerCase())).toEqual(['env'])
      expect(await found(scope, 'loopback_password')).toEqual(['env'])
      expect(await found(scope, DIR_PATH)).toEqual(['dir'])
      expect(await found(scope, 'loopback')).toEqual(['dir', 'env'])

      // Moved to the secret directory: found by its new path, no longer by the variable.
      const moved = { ...makeSecret(scope, 'env', inSecretDir('mounted/token')), updatedAt: AT + 1 }
      expect((await store.updateSecret(moved, 1)).ok).toBe(true)
      expect(await found(scope, 'connectors_delegate_secret')).toEqual([])
      expect(await found(scope, 'mounted/token')).toEqual(['env'])
    })

    it('never finds a secret by its stored value', async () => {
      const store = getStore()
      const scope = projectScope()
      const spec: SecretDTO['spec'] = { secretManagerIdentifier: SERVER_SECRET_MANAGER, valueType: 'Inline' }
      await store.createSecret(makeSecret(scope, 'kept', spec, STORED_VALUE))
      expect(await found(scope, 'secret kept')).toEqual(['kept'])
      expect(await found(scope, STORED_VALUE.toLowerCase())).toEqual([])
      expect(await found(scope, 'hunter2')).toEqual([])

      // A new value replaces the old one: neither is searchable.
      const rotated = { ...makeSecret(scope, 'kept', spec, 'Rotated-n3w-value'), updatedAt: AT + 1 }
      expect((await store.updateSecret(rotated, 1)).ok).toBe(true)
      expect(await found(scope, 'rotated-n3w')).toEqual([])
      expect(await found(scope, 'hunter2')).toEqual([])
    })
  })
}
