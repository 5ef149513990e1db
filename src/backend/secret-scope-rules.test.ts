import { describe, expect, it } from 'vitest'
import type { Scope } from '../lib/scope'
import { ACCOUNT, ORG, PAYMENTS, call, createConnector, dockerConnector } from './api-test-helpers'

/**
 * docs/reference/harness-api.md §2.3: a project connector may use project, org and account secrets; an org connector
 * org and account secrets; an account connector account secrets only. Seeded secrets:
 * project `demo_password`, org `org_demo_password`, account `account_demo_password`.
 */

type Case = { connector: string; scope: Scope; secret: string; passwordRef: string; refusal?: string }

const CASES: Case[] = [
  { connector: 'project', scope: PAYMENTS, secret: 'project', passwordRef: 'demo_password' },
  { connector: 'project', scope: PAYMENTS, secret: 'org', passwordRef: 'org.org_demo_password' },
  { connector: 'project', scope: PAYMENTS, secret: 'account', passwordRef: 'account.account_demo_password' },
  {
    connector: 'org',
    scope: ORG,
    secret: 'project',
    passwordRef: 'demo_password',
    refusal: 'The project level secret cannot be used at a org level',
  },
  { connector: 'org', scope: ORG, secret: 'org', passwordRef: 'org_demo_password' },
  { connector: 'org', scope: ORG, secret: 'org (prefixed)', passwordRef: 'org.org_demo_password' },
  { connector: 'org', scope: ORG, secret: 'account', passwordRef: 'account.account_demo_password' },
  {
    connector: 'account',
    scope: ACCOUNT,
    secret: 'project',
    passwordRef: 'demo_password',
    refusal: 'The project level secret cannot be used at account level',
  },
  {
    connector: 'account',
    scope: ACCOUNT,
    secret: 'org',
    passwordRef: 'org.org_demo_password',
    refusal: 'The org level secret cannot be used at account level',
  },
  {
    connector: 'account',
    scope: ACCOUNT,
    secret: 'org (unprefixed)',
    passwordRef: 'org_demo_password',
    refusal: 'The org level secret cannot be used at account level',
  },
  { connector: 'account', scope: ACCOUNT, secret: 'account', passwordRef: 'account_demo_password' },
  { connector: 'account', scope: ACCOUNT, secret: 'account (prefixed)', passwordRef: 'account.account_demo_password' },
]

describe('which secrets a connector may use', () => {
  it.each(CASES)('$connector connector, $secret secret ($passwordRef)', async ({ scope, passwordRef, refusal }) => {
    const { status, error } = await createConnector(scope, dockerConnector(scope, 'scoped_registry', passwordRef))
    if (!refusal) {
      expect(status).toBe(200)
      return
    }
    expect(status).toBe(400)
    expect(error.message).toBe(refusal)
    expect(error.errors).toEqual([{ fieldId: 'spec.auth.spec.passwordRef', error: refusal }])
  })

  it('refuses a secret that does not exist, naming the scope searched', async () => {
    const { status, error } = await createConnector(
      PAYMENTS,
      dockerConnector(PAYMENTS, 'missing_secret', 'no_such_secret'),
    )
    expect(status).toBe(400)
    expect(error.message).toBe(
      'No secret exists with the id no_such_secret in organization default in project payments',
    )

    const atOrg = await createConnector(ORG, dockerConnector(ORG, 'missing_secret', 'org.no_such_secret'))
    expect(atOrg.error.message).toBe('No secret exists with the id no_such_secret in organization default')
  })

  it('says how to refer to a secret of another scope that would be allowed', async () => {
    const { error } = await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'hinted', 'account_demo_password'))
    expect(error.message).toBe(
      'No secret exists with the id account_demo_password in organization default in project payments. An account secret with this id exists: refer to it as account.account_demo_password',
    )
  })

  it('refuses a reference with any prefix but org. and account.', async () => {
    const { error } = await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'bad_ref', 'project.demo_password'))
    expect(error.message).toMatch(/^Invalid Secret Reference/)
  })

  it('applies the same rules to a username given as a secret', async () => {
    const connector = dockerConnector(ACCOUNT, 'username_ref', 'account_demo_password')
    connector.spec.auth = {
      type: 'UsernamePassword',
      spec: { usernameRef: 'org.org_demo_password', passwordRef: 'account_demo_password' },
    }
    const { error } = await createConnector(ACCOUNT, connector)
    expect(error.errors).toEqual([
      { fieldId: 'spec.auth.spec.usernameRef', error: 'The org level secret cannot be used at account level' },
    ])
  })

  it('checks the rule on update too', async () => {
    const got = await call<{ connector: ReturnType<typeof dockerConnector> }>(
      'GET',
      '/ng/api/connectors/acme_artifactory',
      { scope: ACCOUNT },
    )
    const connector = got.data.connector
    connector.spec.auth = { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: 'org.org_demo_password' } }
    const { status, error } = await call('PUT', '/ng/api/connectors', { scope: ACCOUNT, body: { connector } })
    expect(status).toBe(400)
    expect(error.message).toBe('The org level secret cannot be used at account level')
  })
})
