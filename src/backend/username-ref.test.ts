import { describe, expect, it } from 'vitest'
import type { ConnectorResponse, ConnectorValidationResult, CreateSecretBody } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { ORG, PAYMENTS, call, createConnector, dockerConnector } from './api-test-helpers'
import { simulateConnectionTest } from './simulator/connection-test-simulator'
import { connector, inputFor, logOf, SECRETS, visibleText } from './simulator/test-fixtures'

/** Harness's `usernameRef`: the username is the value of a secret, which no answer or log may show. */

const STRANGER = 'Zq9-username-nobody-knows'

async function createSecret(scope: Scope, identifier: string, value: string) {
  const body: CreateSecretBody = {
    secret: {
      type: 'SecretText',
      name: identifier,
      identifier,
      orgIdentifier: scope.orgIdentifier,
      projectIdentifier: scope.projectIdentifier,
      tags: {},
      spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value },
    },
  }
  expect((await call('POST', '/ng/api/v2/secrets', { scope, body })).status).toBe(200)
}

function withAuth(scope: Scope, identifier: string, authSpec: Record<string, unknown>) {
  const info = dockerConnector(scope, identifier)
  info.spec.auth = { type: 'UsernamePassword', spec: authSpec }
  return info
}

async function fieldErrors(scope: Scope, authSpec: Record<string, unknown>) {
  const { status, error } = await createConnector(scope, withAuth(scope, 'refused', authSpec))
  expect(status).toBe(400)
  return Object.fromEntries((error.errors ?? []).map((entry) => [entry.fieldId, entry.error]))
}

describe('a username kept in a secret (usernameRef)', () => {
  it('is accepted in place of username, and stored as a reference', async () => {
    await createSecret(PAYMENTS, 'registry_user', 'demo')
    const { status, data } = await createConnector(
      PAYMENTS,
      withAuth(PAYMENTS, 'by_ref', { usernameRef: 'registry_user', passwordRef: 'demo_password' }),
    )
    expect(status).toBe(200)
    expect((data as ConnectorResponse).connector.spec.auth).toEqual({
      type: 'UsernamePassword',
      spec: { usernameRef: 'registry_user', passwordRef: 'demo_password' },
    })
  })

  it('accepts secrets of the scopes above, written org. and account.', async () => {
    const info = withAuth(PAYMENTS, 'by_org_ref', {
      usernameRef: 'org.org_demo_password',
      passwordRef: 'account.account_demo_password',
    })
    expect((await createConnector(PAYMENTS, info)).status).toBe(200)
  })

  it('needs exactly one of username and usernameRef', async () => {
    expect(
      await fieldErrors(PAYMENTS, { username: 'demo', usernameRef: 'demo_password', passwordRef: 'demo_password' }),
    ).toEqual({
      'spec.auth.spec.username': 'Give either username or usernameRef, not both.',
    })
    expect(await fieldErrors(PAYMENTS, { passwordRef: 'demo_password' })).toEqual({
      'spec.auth.spec.username': 'Username is required.',
    })
  })

  it('must name an existing secret the connector’s scope may use', async () => {
    expect(await fieldErrors(PAYMENTS, { usernameRef: 'nope', passwordRef: 'demo_password' })).toEqual({
      'spec.auth.spec.usernameRef': 'No secret exists with the id nope in organization default in project payments',
    })
    expect(await fieldErrors(ORG, { usernameRef: 'demo_password', passwordRef: 'org_demo_password' })).toEqual({
      'spec.auth.spec.usernameRef': 'The project level secret cannot be used at a org level',
    })
    expect(
      Object.keys(await fieldErrors(PAYMENTS, { usernameRef: 'project.x', passwordRef: 'demo_password' })),
    ).toEqual(['spec.auth.spec.usernameRef'])
  })
})

describe('a connection test with usernameRef', () => {
  async function test(identifier: string) {
    const { data, text } = await call<ConnectorValidationResult>(
      'POST',
      `/ng/api/connectors/testConnection/${identifier}`,
      { scope: PAYMENTS },
    )
    return { result: data, text }
  }

  it('logs in with the secret’s value and shows only the reference', async () => {
    await createSecret(PAYMENTS, 'registry_user', 'demo')
    await createConnector(
      PAYMENTS,
      withAuth(PAYMENTS, 'by_ref', { usernameRef: 'registry_user', passwordRef: 'demo_password' }),
    )
    const { result, text } = await test('by_ref')
    expect(result.status).toBe('SUCCESS')
    expect(text).toContain('<+secrets.getValue(\\"registry_user\\")>')
    expect(text).toContain('Username secret: registry_user')
  })

  it('fails as bad credentials with another value, without ever showing it', async () => {
    await createSecret(PAYMENTS, 'stranger', STRANGER)
    await createConnector(
      PAYMENTS,
      withAuth(PAYMENTS, 'stranger_ref', { usernameRef: 'stranger', passwordRef: 'demo_password' }),
    )
    const { result, text } = await test('stranger_ref')
    expect(result.status).toBe('FAILURE')
    expect(result.failureKind).toBe('BAD_CREDENTIALS')
    expect(text).not.toContain(STRANGER)
    expect(result.explanations?.join(' ')).toContain('<+secrets.getValue("stranger")>')
  })

  it('stops before any request when the username secret is gone', () => {
    const info = connector('DockerRegistry', 'https://registry.acme.test:5000')
    info.spec.auth = { type: 'UsernamePassword', spec: { usernameRef: 'account.gone', passwordRef: 'demo_password' } }
    const plan = simulateConnectionTest(inputFor(info))
    expect(plan.result).toMatchObject({
      status: 'FAILURE',
      failureKind: 'MISSING_SECRET',
      errorSummary: expect.stringContaining('Secret [account.gone] does not exist'),
    })
    expect(plan.stages).toHaveLength(2)
    expect(plan.result.hints?.[0]).toMatch(/secret for the Username/)
  })

  it('masks the username wherever it would appear, as it does the password', () => {
    const info = connector('HttpHelmRepo', 'https://charts.acme.test/private')
    info.spec.auth = { type: 'UsernamePassword', spec: { usernameRef: 'user_secret', passwordRef: 'demo_password' } }
    const secrets = { ...SECRETS, user_secret: { identifier: 'user_secret', value: STRANGER, updatedAt: 0 } }
    const plan = simulateConnectionTest(inputFor(info, secrets))
    expect(plan.result.status).toBe('FAILURE')
    expect(visibleText(plan).join('\n')).not.toContain(STRANGER)
    expect(logOf(plan)).toContain('--username <+secrets.getValue("user_secret")>')
  })
})
