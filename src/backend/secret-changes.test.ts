import { beforeEach, expect, it } from 'vitest'
import type {
  ConnectorValidationResult,
  EntitySetupUsage,
  PageResponse,
  SecretResponse,
  UpdateSecretBody,
} from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { describeOnBothHosts } from '../test/both-hosts'
import { ACCOUNT, CHECKOUT, PAYMENTS, call, createConnector, dockerConnector, responseLog } from './api-test-helpers'

/**
 * Rotating a secret through Harness's v2 API (issue 21), on both hosts: PUT replaces its name,
 * description, tags and value (no value keeps the old one), with versions as a connector's; DELETE
 * is refused while connectors use it, naming them, unless forced. No answer ever holds a value.
 */

/** The simulated registries' demo user's password (seed-data.ts): a test with it succeeds. */
const RIGHT = 'demo-password'
const WRONG = 'Wr0ng-value-that-must-not-leak'

let run = 0
/** A secret of this test's own: the server's audit trail outlives a reset. */
async function newSecret(scope: Scope, value = WRONG) {
  run += 1
  const identifier = `rotated_${Date.now().toString(36)}_${run}`
  const created = await call<SecretResponse>('POST', '/ng/api/v2/secrets', {
    scope,
    body: { secret: secretFields(scope, identifier, { value }) },
  })
  expect(created.status, created.text).toBe(200)
  return identifier
}

type Fields = { value?: string; name?: string; description?: string; tags?: Record<string, string> }

function secretFields(
  scope: Scope,
  identifier: string,
  { value, name = `Registry password ${identifier}`, description = '', tags = {} }: Fields = {},
): UpdateSecretBody['secret'] {
  return {
    type: 'SecretText',
    name,
    identifier,
    description,
    tags,
    ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
    ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
    spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', ...(value ? { value } : {}) },
  }
}

function update(scope: Scope, identifier: string, fields: Fields, version?: number) {
  return call<SecretResponse>('PUT', `/ng/api/v2/secrets/${identifier}`, {
    scope,
    body: { secret: secretFields(scope, identifier, fields) },
    headers: version === undefined ? {} : { 'If-Match': `"${version}"` },
  })
}

async function testConnector(identifier: string, scope = PAYMENTS) {
  const tested = await call<ConnectorValidationResult>('POST', `/ng/api/connectors/testConnection/${identifier}`, {
    scope,
  })
  return tested.data.status
}

describeOnBothHosts('changing and deleting secrets', () => {
  beforeEach(() => {
    responseLog.length = 0
  })

  it('replaces the value, so the connectors that use it test with the new one; no answer holds a value', async () => {
    const secret = await newSecret(PAYMENTS)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'rotating', secret))
    expect(await testConnector('rotating')).toBe('FAILURE')

    const rotated = await update(PAYMENTS, secret, { value: RIGHT }, 1)
    expect(rotated.status, rotated.text).toBe(200)
    expect(rotated.data.version).toBe(2)
    expect(await testConnector('rotating')).toBe('SUCCESS')

    // A save without a value keeps the one stored: the name changes, the test still passes.
    const renamed = await update(PAYMENTS, secret, { name: 'Team registry password', tags: { team: 'payments' } }, 2)
    expect(renamed.status, renamed.text).toBe(200)
    expect(renamed.data.secret).toMatchObject({ name: 'Team registry password', tags: { team: 'payments' } })
    expect(await testConnector('rotating')).toBe('SUCCESS')
    const read = await call<SecretResponse>('GET', `/ng/api/v2/secrets/${secret}`, { scope: PAYMENTS })
    expect(read.data).toMatchObject({ version: 3, secret: { name: 'Team registry password' } })
    // An empty value keeps it too (the edit form's "leave empty to keep").
    expect((await update(PAYMENTS, secret, { value: '' }, 3)).status).toBe(200)
    expect(await testConnector('rotating')).toBe('SUCCESS')

    expect(responseLog.length).toBeGreaterThan(8)
    for (const body of responseLog) {
      expect(body).not.toContain(WRONG)
      expect(body).not.toContain(RIGHT)
      expect(body).not.toContain('"value"')
    }
  })

  it('refuses a save from a stale version with words, and keeps the newer value', async () => {
    const secret = await newSecret(PAYMENTS)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'contested', secret))
    expect((await update(PAYMENTS, secret, { value: RIGHT }, 1)).status).toBe(200)
    const stale = await update(PAYMENTS, secret, { value: 'from-a-stale-tab', name: 'Stale' }, 1)
    expect(stale.status).toBe(409)
    expect(stale.error.code).toBe('VERSION_CONFLICT')
    expect(stale.error.message).toBe(
      `Secret ${secret} has changed since you opened it — reload to see the current version. Nothing was saved.`,
    )
    expect(stale.text).not.toContain('from-a-stale-tab')
    const read = await call<SecretResponse>('GET', `/ng/api/v2/secrets/${secret}`, { scope: PAYMENTS })
    expect(read.data.version).toBe(2)
    expect(read.data.secret.name).not.toBe('Stale')
    expect(await testConnector('contested')).toBe('SUCCESS')
    // A stale delete is refused too.
    const gone = await call('DELETE', `/ng/api/v2/secrets/${secret}`, {
      scope: PAYMENTS,
      query: { forceDelete: 'true' },
      headers: { 'If-Match': '"1"' },
    })
    expect(gone.status).toBe(409)
  })

  it('refuses what the form refuses, a renamed identifier and a missing secret, in words', async () => {
    const secret = await newSecret(PAYMENTS)
    const unnamed = await update(PAYMENTS, secret, { name: '' })
    expect(unnamed.status).toBe(400)
    expect(unnamed.error.errors?.map((error) => error.fieldId)).toEqual(['name'])
    const moved = await call('PUT', `/ng/api/v2/secrets/${secret}`, {
      scope: PAYMENTS,
      body: { secret: secretFields(PAYMENTS, 'another_id', { value: RIGHT }) },
    })
    expect(moved.status).toBe(400)
    expect(moved.error.message).toBe(
      `The identifier of a secret cannot change: the address names ${secret}, the body another_id.`,
    )
    const missing = await update(CHECKOUT, 'nowhere', { value: RIGHT })
    expect(missing.status).toBe(404)
    expect(missing.error.message).toBe(
      'Secret with identifier [nowhere] in project checkout in organization default not found',
    )
    const badVersion = await call('PUT', `/ng/api/v2/secrets/${secret}`, {
      scope: PAYMENTS,
      body: { secret: secretFields(PAYMENTS, secret) },
      headers: { 'If-Match': 'yesterday' },
    })
    expect(badVersion.error.errors?.[0]?.fieldId).toBe('If-Match')
    expect((await call<SecretResponse>('GET', `/ng/api/v2/secrets/${secret}`, { scope: PAYMENTS })).data.version).toBe(
      1,
    )
  })

  it('refuses to delete a secret connectors use, naming them, and deletes it when forced', async () => {
    const secret = await newSecret(ACCOUNT, RIGHT)
    await createConnector(PAYMENTS, {
      ...dockerConnector(PAYMENTS, 'hub_mirror', `account.${secret}`),
      name: 'Hub mirror',
    })
    await createConnector(ACCOUNT, { ...dockerConnector(ACCOUNT, 'company_hub', secret), name: 'Company hub' })

    const list = await call<PageResponse<SecretResponse>>('GET', '/ng/api/v2/secrets', {
      scope: ACCOUNT,
      query: { searchTerm: secret },
    })
    expect(list.data.content.map((row) => [row.secret.identifier, row.usedByConnectors])).toEqual([[secret, 2]])
    const usage = await call<PageResponse<EntitySetupUsage>>('GET', '/ng/api/entitySetupUsage', {
      scope: ACCOUNT,
      query: { referredEntityFQN: `acme/${secret}`, referredEntityType: 'Secrets' },
    })
    expect(usage.status, usage.text).toBe(200)
    expect(usage.data.content.map((row) => [row.referredByEntity.name, row.referredByEntity.entityRef])).toEqual([
      ['Company hub', { accountIdentifier: 'acme', identifier: 'company_hub' }],
      [
        'Hub mirror',
        {
          accountIdentifier: 'acme',
          orgIdentifier: 'default',
          projectIdentifier: 'payments',
          identifier: 'hub_mirror',
        },
      ],
    ])

    const refused = await call('DELETE', `/ng/api/v2/secrets/${secret}`, { scope: ACCOUNT })
    expect(refused.status).toBe(400)
    expect(refused.error.code).toBe('ENTITY_REFERENCE_EXCEPTION')
    expect(refused.error.message).toBe(
      `Could not delete the secret ${secret} as it is referenced by other entities - [Company hub, Hub mirror]`,
    )
    expect((await call('GET', `/ng/api/v2/secrets/${secret}`, { scope: ACCOUNT })).status).toBe(200)
    expect(await testConnector('hub_mirror')).toBe('SUCCESS')

    const forced = await call('DELETE', `/ng/api/v2/secrets/${secret}`, {
      scope: ACCOUNT,
      query: { forceDelete: 'true' },
      headers: { 'If-Match': '"1"' },
    })
    expect(forced.status, forced.text).toBe(200)
    expect((await call('GET', `/ng/api/v2/secrets/${secret}`, { scope: ACCOUNT })).status).toBe(404)
    // What was forced shows where it matters: the connector's next test names the missing secret.
    const after = await call<ConnectorValidationResult>('POST', '/ng/api/connectors/testConnection/hub_mirror', {
      scope: PAYMENTS,
    })
    expect(after.data.status).toBe('FAILURE')
    expect(after.text).toContain(secret)
    expect(after.text).not.toContain(RIGHT)
  })

  it('deletes a secret nobody uses without forcing, and a second delete finds nothing', async () => {
    const secret = await newSecret(PAYMENTS)
    const list = await call<PageResponse<SecretResponse>>('GET', '/ng/api/v2/secrets', {
      scope: PAYMENTS,
      query: { searchTerm: secret },
    })
    expect(list.data.content[0]?.usedByConnectors).toBe(0)
    expect((await call('DELETE', `/ng/api/v2/secrets/${secret}`, { scope: PAYMENTS })).status).toBe(200)
    const again = await call('DELETE', `/ng/api/v2/secrets/${secret}`, { scope: PAYMENTS })
    expect(again.status).toBe(404)
  })
})
