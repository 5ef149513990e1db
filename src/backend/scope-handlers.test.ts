import { describe, expect, it } from 'vitest'
import type { OrganizationResponse, PageResponse, ProjectResponse } from '../lib/api-types'
import { call } from './api-test-helpers'

function projects(query: Record<string, string>) {
  return call<PageResponse<ProjectResponse>>('GET', '/ng/api/projects', {
    query: { accountIdentifier: 'acme', ...query },
  })
}

describe('organizations and projects for the scope switcher', () => {
  it('lists the organizations of the account', async () => {
    const { status, data } = await call<PageResponse<OrganizationResponse>>('GET', '/ng/api/organizations', {
      query: { accountIdentifier: 'acme' },
    })
    expect(status).toBe(200)
    expect(data.content.map(({ organization }) => [organization.identifier, organization.name])).toEqual([
      ['default', 'Default'],
      ['platform', 'Platform'],
    ])
    expect(data.content[0]?.organization.description).toEqual(expect.any(String))
  })

  it('lists every project of the account by organization, then by name, or those of one organization', async () => {
    const all = await projects({})
    expect(all.data.content.map(({ project }) => [project.orgIdentifier, project.identifier, project.name])).toEqual([
      ['default', 'checkout', 'Checkout'],
      ['default', 'payments', 'Payments'],
      ['platform', 'infra', 'Infra'],
    ])
    const platform = await projects({ orgIdentifier: 'platform' })
    expect(platform.data.content.map(({ project }) => project.identifier)).toEqual(['infra'])
  })

  it('searches by name', async () => {
    expect((await projects({ searchTerm: 'check' })).data.content.map(({ project }) => project.identifier)).toEqual([
      'checkout',
    ])
    const orgs = await call<PageResponse<OrganizationResponse>>('GET', '/ng/api/organizations', {
      query: { accountIdentifier: 'acme', searchTerm: 'plat' },
    })
    expect(orgs.data.totalItems).toBe(1)
  })

  it('refuses an organization or account that does not exist', async () => {
    const missing = await projects({ orgIdentifier: 'nope' })
    expect(missing.status).toBe(404)
    expect(missing.error.message).toBe('Organization nope does not exist.')
    // Another account is refused before anything is said of it, not even whether it exists.
    const otherAccount = await call('GET', '/ng/api/organizations', { query: { accountIdentifier: 'globex' } })
    expect(otherAccount.status).toBe(403)
    expect(otherAccount.error.message).toBe('You have no access to account globex.')
    expect((await call('GET', '/ng/api/organizations')).status).toBe(400)
  })
})
