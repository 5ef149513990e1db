import { expect, it } from 'vitest'
import type { OrganizationResponse, ProjectResponse } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { describeOnBothHosts } from '../test/both-hosts'
import { apiUrl, call, createConnector, dockerConnector } from './api-test-helpers'

/**
 * Organizations and projects that users make: create, read, edit and delete through Harness's
 * endpoints, versions as for connectors (body `version`, ETag, If-Match), and a delete that
 * refuses a scope that still holds something.
 */

const ACME = { accountIdentifier: 'acme' }
const TEAM: Scope = { accountIdentifier: 'acme', orgIdentifier: 'team' }
const WEB: Scope = { ...TEAM, projectIdentifier: 'web' }

function createOrg(identifier: string, name = `Org ${identifier}`) {
  return call<OrganizationResponse>('POST', '/ng/api/organizations', {
    query: ACME,
    body: { organization: { identifier, name, description: 'Made by a test', tags: { team: 'qa' } } },
  })
}

function createProject(orgIdentifier: string, identifier: string, name = `Project ${identifier}`) {
  return call<ProjectResponse>('POST', '/ng/api/projects', {
    query: { ...ACME, orgIdentifier },
    body: { project: { orgIdentifier, identifier, name, color: '#ff0000', description: '', tags: {} } },
  })
}

async function etagOf(path: string, query: Record<string, string>): Promise<string | null> {
  const response = await fetch(apiUrl(path, { query }))
  return response.headers.get('ETag')
}

describeOnBothHosts('creating, editing and deleting organizations and projects', () => {
  it('creates an organization and a project in it, and lists and reads them with their versions', async () => {
    const org = await createOrg('team', 'Team')
    expect(org.status).toBe(200)
    expect(org.data).toMatchObject({
      organization: { identifier: 'team', name: 'Team', description: 'Made by a test', tags: { team: 'qa' } },
      harnessManaged: false,
      version: 1,
    })
    expect(org.data.createdAt).toEqual(expect.any(Number))
    const project = await createProject('team', 'web', 'Web')
    expect(project.data).toMatchObject({
      project: { orgIdentifier: 'team', identifier: 'web', name: 'Web', color: '#ff0000' },
      version: 1,
    })
    expect(await etagOf('/ng/api/projects/web', { ...ACME, orgIdentifier: 'team' })).toBe('W/1')
    const read = await call<OrganizationResponse>('GET', '/ng/api/organizations/team', { query: ACME })
    expect(read.data.organization.name).toBe('Team')
    const projects = await call<{ content: ProjectResponse[] }>('GET', '/ng/api/projects', { query: { ...TEAM } })
    expect(projects.data.content.map((entry) => entry.project.identifier)).toEqual(['web'])
    // The new project is a scope like any other: connectors can be made in it.
    const connector = await createConnector(WEB, dockerConnector(WEB, 'in_web', 'account.account_demo_password'))
    expect(connector.status).toBe(200)
  })

  it('refuses a duplicate, an unknown one and a bad identifier in words', async () => {
    const duplicate = await createOrg('platform')
    expect(duplicate.status).toBe(409)
    expect(duplicate.error.code).toBe('DUPLICATE_FIELD')
    expect(duplicate.error.message).toBe('An organization with identifier [platform] is already present')
    const project = await createProject('default', 'payments')
    expect(project.error.message).toBe(
      'A project with identifier [payments] and orgIdentifier [default] is already present',
    )
    const missing = await call('GET', '/ng/api/organizations/nope', { query: ACME })
    expect([missing.status, missing.error.message]).toEqual([404, 'Organization with identifier [nope] not found'])
    // A project's organization defaults to default, as in Harness.
    const noProject = await call('GET', '/ng/api/projects/nope', { query: ACME })
    expect(noProject.error.message).toBe('Project with orgIdentifier [default] and identifier [nope] not found')
    expect((await call<ProjectResponse>('GET', '/ng/api/projects/checkout', { query: ACME })).data.project.name).toBe(
      'Checkout',
    )
    const bad = await createOrg('1st')
    expect(bad.status).toBe(400)
    expect(bad.error.errors).toEqual([
      { fieldId: 'identifier', error: 'Identifier must start with a letter or _, not a digit.' },
    ])
    const inMissingOrg = await createProject('nope', 'web')
    expect([inMissingOrg.status, inMissingOrg.error.message]).toEqual([404, 'Organization nope does not exist.'])
  })

  it('updates from the version read (If-Match) and refuses a stale one with 409', async () => {
    await createOrg('team')
    const put = (name: string, version?: string) =>
      call<OrganizationResponse>('PUT', '/ng/api/organizations/team', {
        query: ACME,
        body: { organization: { identifier: 'team', name, description: '', tags: {} } },
        headers: version ? { 'If-Match': version } : {},
      })
    const first = await put('Renamed', 'W/1')
    expect([first.status, first.data.version, first.data.organization.name]).toEqual([200, 2, 'Renamed'])
    const stale = await put('Stale', '1')
    expect(stale.status).toBe(409)
    expect(stale.error.message).toMatch(/^Organization team has changed since you opened it/)
    expect((await call<OrganizationResponse>('GET', '/ng/api/organizations/team', { query: ACME })).data).toMatchObject(
      {
        organization: { name: 'Renamed' },
        version: 2,
      },
    )
    const managed = await call('PUT', '/ng/api/organizations/default', {
      query: ACME,
      body: { organization: { identifier: 'default', name: 'Mine' } },
    })
    expect(managed.error.message).toBe(
      'Update operation not supported for Default Organization (identifier: [default])',
    )
  })

  it('deletes an empty project, and refuses a stale version', async () => {
    await createOrg('team')
    await createProject('team', 'web')
    const query = { ...ACME, orgIdentifier: 'team' }
    const stale = await call('DELETE', '/ng/api/projects/web', { query, headers: { 'If-Match': 'W/7' } })
    expect(stale.status).toBe(409)
    const deleted = await call('DELETE', '/ng/api/projects/web', { query, headers: { 'If-Match': 'W/1' } })
    expect([deleted.status, deleted.data]).toEqual([200, true])
    const gone = await call('POST', '/ng/api/connectors/listV2', { scope: WEB, body: { filterType: 'Connector' } })
    expect([gone.status, gone.error.message]).toEqual([404, 'Project web in organization team does not exist.'])
    expect((await call('DELETE', '/ng/api/organizations/team', { query: ACME })).status).toBe(200)
  })

  it('refuses to delete a project or organization that still holds something, naming what', async () => {
    const payments = await call('DELETE', '/ng/api/projects/payments', { query: { ...ACME, orgIdentifier: 'default' } })
    expect(payments.status).toBe(400)
    expect(payments.error.message).toMatch(
      /^Project payments still holds \d+ connectors?, \d+ secrets and \d+ pipelines; delete or move them first\.$/,
    )
    const platform = await call('DELETE', '/ng/api/organizations/platform', { query: ACME })
    expect(platform.error.message).toBe(
      'Organization platform still holds 1 project (infra); delete or move them first.',
    )

    await createOrg('team')
    await createProject('team', 'web')
    for (const id of ['one', 'two']) {
      await createConnector(WEB, dockerConnector(WEB, id, 'account.account_demo_password'))
    }
    const query = { ...ACME, orgIdentifier: 'team' }
    const held = await call('DELETE', '/ng/api/projects/web', { query })
    expect(held.error.message).toBe('Project web still holds 2 connectors; delete or move them first.')
    for (const id of ['one', 'two']) await call('DELETE', `/ng/api/connectors/${id}`, { scope: WEB })
    expect((await call('DELETE', '/ng/api/projects/web', { query })).status).toBe(200)
  })
})
