import { beforeEach, describe, expect, it } from 'vitest'
import type { CreateSecretBody, PageResponse, SecretResponse } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import {
  ACCOUNT,
  CHECKOUT,
  ORG,
  PAYMENTS,
  call,
  createConnector,
  dockerConnector,
  responseLog,
} from './api-test-helpers'

const VALUE = 'Sup3r-s3cret-value-that-must-not-leak'

function secretBody(scope: Scope, identifier: string, value = VALUE): CreateSecretBody {
  return {
    secret: {
      type: 'SecretText',
      name: `Secret ${identifier}`,
      identifier,
      description: 'Created by a test',
      orgIdentifier: scope.orgIdentifier,
      projectIdentifier: scope.projectIdentifier,
      tags: { purpose: 'test' },
      spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value },
    },
  }
}

describe('secrets', () => {
  beforeEach(() => {
    responseLog.length = 0
  })

  it('creates a secret, then gets and lists it, never answering its value', async () => {
    const created = await call<SecretResponse>('POST', '/ng/api/v2/secrets', {
      scope: PAYMENTS,
      body: secretBody(PAYMENTS, 'registry_pat'),
    })
    expect(created.status).toBe(200)
    expect(created.data.secret).toEqual({
      type: 'SecretText',
      name: 'Secret registry_pat',
      identifier: 'registry_pat',
      description: 'Created by a test',
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
      tags: { purpose: 'test' },
      spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline' },
    })

    const got = await call<SecretResponse>('GET', '/ng/api/v2/secrets/registry_pat', { scope: PAYMENTS })
    expect(got.data).toEqual(created.data)

    const list = await call<PageResponse<SecretResponse>>('GET', '/ng/api/v2/secrets', { scope: PAYMENTS })
    expect(list.data.content[0]?.secret.identifier).toBe('registry_pat')
    expect(list.data.content.map((item) => item.secret.identifier).sort()).toEqual(
      ['demo_password', 'ecr_token', 'ecr_token_expired', 'old_password', 'registry_pat'].sort(),
    )

    // A connector that uses the secret, read back every way the API offers.
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'uses_pat', 'registry_pat'))
    await call('GET', '/ng/api/connectors/uses_pat', { scope: PAYMENTS })
    await call('POST', '/ng/api/connectors/listV2', { scope: PAYMENTS, body: { filterType: 'Connector' } })
    await call('GET', '/ng/api/v2/secrets', { scope: PAYMENTS, query: { searchTerm: 'registry' } })

    expect(responseLog.length).toBeGreaterThanOrEqual(7)
    for (const body of responseLog) {
      expect(body).not.toContain(VALUE)
      expect(body).not.toContain('"value"')
    }
  })

  it('never answers a seeded value either', async () => {
    for (const scope of [PAYMENTS, ORG, ACCOUNT]) await call('GET', '/ng/api/v2/secrets', { scope })
    await call('GET', '/ng/api/v2/secrets/old_password', { scope: PAYMENTS })
    await call('GET', '/ng/api/connectors/acme_artifactory', { scope: ACCOUNT })
    for (const body of responseLog) {
      expect(body).not.toContain('hunter2')
      expect(body).not.toContain('demo-password')
    }
  })

  it('lists only the exact scope, and searches names, identifiers and descriptions', async () => {
    const org = await call<PageResponse<SecretResponse>>('GET', '/ng/api/v2/secrets', { scope: ORG })
    expect(org.data.content.map((item) => item.secret.identifier)).toEqual(['org_demo_password'])
    const checkout = await call<PageResponse<SecretResponse>>('GET', '/ng/api/v2/secrets', { scope: CHECKOUT })
    expect(checkout.data.totalItems).toBe(0)

    const search = await call<PageResponse<SecretResponse>>('GET', '/ng/api/v2/secrets', {
      scope: PAYMENTS,
      query: { searchTerm: 'ECR' },
    })
    expect(search.data.content.map((item) => item.secret.identifier).sort()).toEqual(['ecr_token', 'ecr_token_expired'])

    const page = await call<PageResponse<SecretResponse>>('GET', '/ng/api/v2/secrets', {
      scope: PAYMENTS,
      query: { pageSize: '3', pageIndex: '1' },
    })
    expect(page.data).toMatchObject({ totalItems: 4, totalPages: 2, pageIndex: 1, pageSize: 3 })
    expect(page.data.content).toHaveLength(1)
  })

  it('checks identifiers for uniqueness per scope and refuses a duplicate', async () => {
    const taken = await call<boolean>('GET', '/ng/api/v2/secrets/validateUniqueIdentifier/demo_password', {
      scope: PAYMENTS,
    })
    const free = await call<boolean>('GET', '/ng/api/v2/secrets/validateUniqueIdentifier/demo_password', {
      scope: CHECKOUT,
    })
    expect([taken.data, free.data]).toEqual([false, true])

    const duplicate = await call('POST', '/ng/api/v2/secrets', {
      scope: PAYMENTS,
      body: secretBody(PAYMENTS, 'demo_password'),
    })
    expect(duplicate.status).toBe(400)
    expect(duplicate.error.code).toBe('DUPLICATE_FIELD')
    expect(duplicate.text).not.toContain(VALUE)
  })

  it('refuses an invalid secret without echoing its value', async () => {
    const body = secretBody(PAYMENTS, 'true')
    body.secret.name = ''
    const { status, error, text } = await call('POST', '/ng/api/v2/secrets', { scope: PAYMENTS, body })
    expect(status).toBe(400)
    expect(error.errors?.map((entry) => entry.fieldId)).toEqual(['name', 'identifier'])
    expect(text).not.toContain(VALUE)

    const empty = await call('POST', '/ng/api/v2/secrets', { scope: PAYMENTS, body: secretBody(PAYMENTS, 'empty', '') })
    expect(empty.error.errors).toEqual([{ fieldId: 'spec.value', error: 'A secret needs a value.' }])
  })

  it('answers 404 for a secret of another scope', async () => {
    const { status, error } = await call('GET', '/ng/api/v2/secrets/demo_password', { scope: ORG })
    expect(status).toBe(404)
    expect(error.message).toBe('Secret with identifier [demo_password] in organization default not found')
  })
})
