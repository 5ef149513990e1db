import { describe, expect, it } from 'vitest'
import type { PageResponse, SecretDTO, SecretResponse } from '../lib/api-types'
import { describeOnBothHosts } from '../test/both-hosts'
import { PAYMENTS, call, responseLog } from './api-test-helpers'
import { secretSearchText } from './secret-search'

/**
 * Secret search through Harness's v2 API on both hosts: a platform engineer types the variable
 * name a delegate reads (as it is written, in capitals) or the path under its secret directory and
 * finds the secret; a stored value is never found, whatever part of it is typed.
 */

const VALUE = 'Pa55-needle-of-a-stored-value'

function body(identifier: string, spec: Record<string, unknown>) {
  return {
    secret: {
      type: 'SecretText',
      name: `Secret ${identifier}`,
      identifier,
      orgIdentifier: PAYMENTS.orgIdentifier,
      projectIdentifier: PAYMENTS.projectIdentifier,
      tags: {},
      spec,
    },
  }
}

async function create(identifier: string, spec: Record<string, unknown>): Promise<void> {
  const created = await call('POST', '/ng/api/v2/secrets', { scope: PAYMENTS, body: body(identifier, spec) })
  expect(created.status, created.text).toBe(200)
}

async function search(searchTerm: string): Promise<string[]> {
  const page = await call<PageResponse<SecretResponse>>('GET', '/ng/api/v2/secrets', {
    scope: PAYMENTS,
    query: { searchTerm, pageSize: '100' },
  })
  expect(page.status, page.text).toBe(200)
  return page.data.content.map((item) => item.secret.identifier).sort()
}

describeOnBothHosts('secret search', () => {
  it('finds a delegate-held secret by the variable name or the path as typed', async () => {
    await create('loopback_env', {
      secretManagerIdentifier: 'delegateEnvironment',
      valueType: 'Reference',
      value: 'CONNECTORS_DELEGATE_SECRET_LOOPBACK_PASSWORD',
    })
    await create('loopback_file', {
      secretManagerIdentifier: 'delegateSecretDir',
      valueType: 'Reference',
      value: 'registry/loopback-password',
    })
    expect(await search('CONNECTORS_DELEGATE_SECRET_LOOPBACK_PASSWORD')).toEqual(['loopback_env'])
    expect(await search('  LOOPBACK_PASSWORD ')).toEqual(['loopback_env'])
    expect(await search('registry/loopback-password')).toEqual(['loopback_file'])
  })

  it('never finds a secret by its value, nor answers the value', async () => {
    responseLog.length = 0
    await create('kept_value', { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value: VALUE })
    expect(await search('kept_value')).toEqual(['kept_value'])
    for (const term of [VALUE, 'needle', 'pa55']) expect(await search(term), term).toEqual([])
    expect(responseLog.join('\n')).not.toContain(VALUE)
  })
})

describe('secretSearchText', () => {
  it('leaves out a value an Inline spec carries: only a delegate’s reference is searched', () => {
    const secret: SecretDTO = {
      type: 'SecretText',
      name: 'Registry',
      identifier: 'registry',
      tags: {},
      spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value: VALUE },
    }
    expect(secretSearchText(secret)).not.toContain('needle')
    const held: SecretDTO = {
      ...secret,
      spec: { secretManagerIdentifier: 'delegateSecretDir', valueType: 'Reference', value: 'Mounted/Token' },
    }
    expect(secretSearchText(held)).toContain('mounted/token')
  })
})
