import { expect, it } from 'vitest'
import type { PageResponse, SecretResponse } from '../lib/api-types'
import { describeOnBothHosts } from '../test/both-hosts'
import { VIEW_AS_HEADER } from './access/demo-principals'
import { PAYMENTS, call } from './api-test-helpers'

/**
 * "By whom" for secrets, as for connectors (issue 21): a secret says who created it and who
 * changed it last, in its answer and in the list; one from before (the seed's) says neither. On
 * both hosts.
 */

const CONNECTOR_ADMIN = { [VIEW_AS_HEADER]: 'demo_connector_admin' }

function body(identifier: string, description: string, value?: string) {
  return {
    secret: {
      type: 'SecretText',
      name: 'Authored',
      identifier,
      description,
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
      tags: {},
      spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', ...(value ? { value } : {}) },
    },
  }
}

describeOnBothHosts('who created and last changed a secret', () => {
  it('keeps who created it and who changed it last, in its answer and in the list', async () => {
    const identifier = `authored_${Date.now().toString(36)}`
    const created = await call<SecretResponse>('POST', '/ng/api/v2/secrets', {
      scope: PAYMENTS,
      body: body(identifier, 'first', 'v1-value'),
    })
    expect(created.status, created.text).toBe(200)
    const admin = { type: 'USER', identifier: 'demo_admin', name: 'Demo Admin' }
    expect(created.data).toMatchObject({ createdBy: admin, lastModifiedBy: admin })

    const edited = await call<SecretResponse>('PUT', `/ng/api/v2/secrets/${identifier}`, {
      scope: PAYMENTS,
      body: body(identifier, 'second'),
      headers: { ...CONNECTOR_ADMIN, 'If-Match': '"1"' },
    })
    expect(edited.status, edited.text).toBe(200)
    const connectorAdmin = { type: 'USER', identifier: 'demo_connector_admin', name: 'Demo Connector Admin' }
    expect(edited.data).toMatchObject({ version: 2, createdBy: admin, lastModifiedBy: connectorAdmin })

    const read = await call<SecretResponse>('GET', `/ng/api/v2/secrets/${identifier}`, { scope: PAYMENTS })
    expect(read.data).toMatchObject({ createdBy: admin, lastModifiedBy: connectorAdmin })
    const list = await call<PageResponse<SecretResponse>>('GET', '/ng/api/v2/secrets', {
      scope: PAYMENTS,
      query: { searchTerm: identifier },
    })
    expect(list.data.content.map((row) => [row.createdBy?.name, row.lastModifiedBy?.name])).toEqual([
      ['Demo Admin', 'Demo Connector Admin'],
    ])
  })

  it('says nothing of who for a secret from before (the seed’s), until someone saves it', async () => {
    const seeded = await call<SecretResponse>('GET', '/ng/api/v2/secrets/demo_password', { scope: PAYMENTS })
    expect(seeded.data.version).toBe(1)
    expect(seeded.data).not.toHaveProperty('createdBy')
    expect(seeded.data).not.toHaveProperty('lastModifiedBy')
    const saved = await call<SecretResponse>('PUT', '/ng/api/v2/secrets/demo_password', {
      scope: PAYMENTS,
      body: { secret: { ...seeded.data.secret, description: 'Saved once' } },
      headers: { ...CONNECTOR_ADMIN, 'If-Match': '"1"' },
    })
    expect(saved.status, saved.text).toBe(200)
    expect(saved.data).not.toHaveProperty('createdBy')
    expect(saved.data.lastModifiedBy?.name).toBe('Demo Connector Admin')
  })
})
