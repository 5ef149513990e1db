import { expect, it } from 'vitest'
import type { Scope } from '../../lib/scope'
import { describeOnBothHosts } from '../../test/both-hosts'
import { ACCOUNT, call, CHECKOUT, createConnector, dockerConnector, ORG, PAYMENTS } from '../api-test-helpers'
import { VIEW_AS_HEADER } from './demo-principals'

/**
 * The attacker's side first: each test is someone trying what their role does not allow, through
 * the API as any client would, on both hosts. The demo's "View as" people stand in for them.
 */

const VIEWER = { [VIEW_AS_HEADER]: 'demo_project_viewer' }
const CONNECTOR_ADMIN = { [VIEW_AS_HEADER]: 'demo_connector_admin' }

const binding = (principal: string, roleIdentifier: string, type = 'USER') => ({
  roleIdentifier,
  principal: { identifier: principal, type },
})

async function bind(scope: Scope, body: unknown, headers: Record<string, string> = {}) {
  return call<{ roleAssignment: { identifier: string } }>('POST', '/authz/api/roleassignments', {
    scope,
    body,
    headers,
  })
}

describeOnBothHosts('permissions', () => {
  it('lets a Project Viewer list and read the project’s connectors, and refuses every change with the permission it lacks', async () => {
    const list = await call<{ content: unknown[] }>('POST', '/ng/api/connectors/listV2', {
      scope: PAYMENTS,
      body: { filterType: 'Connector' },
      headers: VIEWER,
    })
    expect(list.status).toBe(200)
    expect(
      (await call('GET', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS, headers: VIEWER })).status,
    ).toBe(200)

    const connector = dockerConnector(PAYMENTS, 'docker_hub_public')
    const edit = await call('PUT', '/ng/api/connectors', { scope: PAYMENTS, body: { connector }, headers: VIEWER })
    expect(edit.status).toBe(403)
    expect(edit.error).toMatchObject({
      status: 'ERROR',
      code: 'NG_ACCESS_DENIED',
      message: 'Missing permission core_connector_edit on Connector docker_hub_public',
      failedPermissionChecks: [
        { permission: 'core_connector_edit', resourceType: 'CONNECTOR', resourceIdentifier: 'docker_hub_public' },
      ],
    })
    const create = await call('POST', '/ng/api/connectors', {
      scope: PAYMENTS,
      body: { connector: dockerConnector(PAYMENTS, 'sneaky') },
      headers: VIEWER,
    })
    expect(create.error.message).toBe('Missing permission core_connector_edit on Connector sneaky')
    const remove = await call('DELETE', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS, headers: VIEWER })
    expect(remove.error.message).toBe('Missing permission core_connector_delete on Connector docker_hub_public')
    const test = await call('POST', '/ng/api/connectors/testConnection/docker_hub_public', {
      scope: PAYMENTS,
      headers: VIEWER,
    })
    expect(test.error.message).toBe('Missing permission core_connector_access on Connector docker_hub_public')
    const secret = await call('POST', '/ng/api/v2/secrets', {
      scope: PAYMENTS,
      body: { secret: { type: 'SecretText', name: 'x', identifier: 'x', spec: { valueType: 'Inline', value: 'x' } } },
      headers: VIEWER,
    })
    expect(secret.error.code).toBe('NG_ACCESS_DENIED')
    // Nothing changed behind the refusals.
    expect((await call('GET', '/ng/api/connectors/sneaky', { scope: PAYMENTS })).status).toBe(404)
    expect((await call('GET', '/ng/api/connectors/docker_hub_public', { scope: PAYMENTS })).status).toBe(200)
  })

  it('tells a Project Viewer of changes in payments, and nothing of changes in checkout', async () => {
    const changes = async () =>
      (await call<{ changeCount: number }>('GET', '/ng/api/changes', { headers: VIEWER })).data.changeCount
    const before = await changes()
    // The admin's write in checkout: the viewer may not view checkout, so their count stays.
    expect(
      (await createConnector(CHECKOUT, dockerConnector(CHECKOUT, 'elsewhere', 'account.account_demo_password'))).status,
    ).toBe(200)
    expect(await changes()).toBe(before)
    // A write in payments moves it.
    expect((await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'here'))).status).toBe(200)
    expect(await changes()).toBeGreaterThan(before)
  })

  it('refuses a Project Viewer of payments the other project, its organization and the account', async () => {
    for (const scope of [CHECKOUT, ORG, ACCOUNT]) {
      const list = await call('POST', '/ng/api/connectors/listV2', { scope, body: {}, headers: VIEWER })
      expect(list.status, JSON.stringify(scope)).toBe(403)
      expect(list.error.message).toMatch(/^Missing permission core_connector_view on connectors in /)
    }
    const secrets = await call('GET', '/ng/api/v2/secrets', { scope: ACCOUNT, headers: VIEWER })
    expect(secrets.error.message).toBe('Missing permission core_secret_view on secrets in account acme')
  })

  it('refuses everyone another account’s scopes, without saying whether they exist', async () => {
    const elsewhere = { accountIdentifier: 'globex', orgIdentifier: 'default', projectIdentifier: 'payments' }
    const missing = { accountIdentifier: 'no_such_account' }
    for (const scope of [elsewhere, missing]) {
      const list = await call('POST', '/ng/api/connectors/listV2', { scope, body: {} })
      expect(list.status).toBe(403)
      expect(list.error.code).toBe('NG_ACCESS_DENIED')
      expect(list.error.message).toBe(`You have no access to account ${scope.accountIdentifier}.`)
    }
  })

  it('lets a Connector Admin create, test and delete connectors but not manage people', async () => {
    const created = await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'by_connector_admin'))
    expect(created.status).toBe(200)
    const asAdmin = { scope: PAYMENTS, headers: CONNECTOR_ADMIN }
    const own = await call('POST', '/ng/api/connectors', {
      ...asAdmin,
      body: { connector: dockerConnector(PAYMENTS, 'made_by_them') },
    })
    expect(own.status).toBe(200)
    expect((await call('POST', '/ng/api/connectors/testConnection/made_by_them', asAdmin)).status).toBe(200)
    expect((await call('DELETE', '/ng/api/connectors/made_by_them', asAdmin)).status).toBe(200)

    const bindings = await call('GET', '/authz/api/roleassignments', asAdmin)
    expect(bindings.error.message).toBe(
      'Missing permission core_user_view on users in project payments in organization default',
    )
    const grant = await bind(PAYMENTS, binding('demo_project_viewer', '_project_admin'), CONNECTOR_ADMIN)
    expect(grant.error.message).toBe(
      'Missing permission core_user_manage on users in project payments in organization default',
    )
  })

  it('gives a binding’s rights at once, over its scope and the scopes below it, and takes them back with it', async () => {
    const before = await call('POST', '/ng/api/connectors/listV2', { scope: CHECKOUT, body: {}, headers: VIEWER })
    expect(before.status).toBe(403)
    const granted = await bind(ORG, binding('demo_project_viewer', '_organization_viewer'))
    expect(granted.status).toBe(200)
    const identifier = granted.data.roleAssignment.identifier
    expect(identifier).toMatch(/^role_assignment_[A-Za-z0-9]{20}$/)
    // An organization binding covers its projects: checkout can now be read, but not changed.
    expect(
      (await call('POST', '/ng/api/connectors/listV2', { scope: CHECKOUT, body: {}, headers: VIEWER })).status,
    ).toBe(200)
    const write = await call('POST', '/ng/api/connectors', {
      scope: CHECKOUT,
      body: { connector: dockerConnector(CHECKOUT, 'nope') },
      headers: VIEWER,
    })
    expect(write.status).toBe(403)
    expect((await call('DELETE', `/authz/api/roleassignments/${identifier}`, { scope: ORG })).status).toBe(200)
    expect(
      (await call('POST', '/ng/api/connectors/listV2', { scope: CHECKOUT, body: {}, headers: VIEWER })).status,
    ).toBe(403)
  })

  it('refuses a binding no one could hold: a role or group at the wrong level, someone unknown, twice the same', async () => {
    const wrongLevel = await bind(PAYMENTS, binding('demo_project_viewer', '_account_admin'))
    expect(wrongLevel.status).toBe(400)
    expect(wrongLevel.error.message).toBe(
      'Account Admin cannot be bound at project payments in organization default; it is bound at the account.',
    )
    const unknownRole = await bind(PAYMENTS, binding('demo_project_viewer', '_super_admin'))
    expect(unknownRole.error.message).toBe('Did not find role _super_admin.')
    const nobody = await bind(PAYMENTS, binding('mallory', '_project_viewer'))
    expect(nobody.error.message).toBe('No user mallory exists in account acme.')
    const group = await bind(PAYMENTS, {
      ...binding('demo_connector_admin', '_project_viewer'),
      resourceGroupIdentifier: '_all_resources_including_child_scopes',
    })
    expect(group.error.message).toBe(
      'All Resources Including Child Scopes cannot be used at project payments in organization default.',
    )
    const twice = await bind(PAYMENTS, binding('demo_project_viewer', '_project_viewer'))
    expect(twice.status).toBe(409)
    expect(twice.error.message).toBe(
      'demo_project_viewer already has this role binding at project payments in organization default.',
    )
  })

  it('keeps an organization’s admin inside the organization: no Account Admin for anyone', async () => {
    expect((await bind(ORG, binding('demo_connector_admin', '_organization_admin'))).status).toBe(200)
    // Now an Organization Admin of default: may bind people in default and its projects…
    const inOrg = await bind(CHECKOUT, binding('demo_project_viewer', '_project_admin'), CONNECTOR_ADMIN)
    expect(inOrg.status).toBe(200)
    // …but nothing at the account, itself included.
    const up = await bind(ACCOUNT, binding('demo_connector_admin', '_account_admin'), CONNECTOR_ADMIN)
    expect(up.status).toBe(403)
    expect(up.error.message).toBe('Missing permission core_user_manage on users in account acme')
  })

  it('will not remove the account’s last Account Admin', async () => {
    const list = await call<{ content: { roleAssignment: { identifier: string; roleIdentifier: string } }[] }>(
      'GET',
      '/authz/api/roleassignments',
      { scope: ACCOUNT },
    )
    const admin = list.data.content.find((item) => item.roleAssignment.roleIdentifier === '_account_admin')
    expect(admin).toBeDefined()
    const removal = await call('DELETE', `/authz/api/roleassignments/${admin?.roleAssignment.identifier}`, {
      scope: ACCOUNT,
    })
    expect(removal.status).toBe(400)
    expect(removal.error.message).toMatch(/last Account Admin binding/)
  })

  it('answers the caller’s own permission checks, and names the caller', async () => {
    const checks = [PAYMENTS, CHECKOUT].map((scope) => ({
      resourceScope: scope,
      resourceType: 'CONNECTOR',
      permission: 'core_connector_view',
    }))
    const acl = await call<{ accessControlList: { permitted: boolean }[] }>('POST', '/authz/api/acl', {
      body: { permissions: checks },
      headers: VIEWER,
    })
    expect(acl.data.accessControlList.map((entry) => entry.permitted)).toEqual([true, false])
    const me = await call<{ uuid: string; defaultAccountId: string }>('GET', '/ng/api/user/currentUser', {
      headers: VIEWER,
    })
    expect(me.data).toMatchObject({ uuid: 'demo_project_viewer', defaultAccountId: 'acme' })
  })

  it('shows a Project Viewer only the organization and project it may reach, and refuses it new ones', async () => {
    const orgs = await call<{ content: { organization: { identifier: string } }[] }>('GET', '/ng/api/organizations', {
      scope: ACCOUNT,
      headers: VIEWER,
    })
    expect(orgs.data.content.map((entry) => entry.organization.identifier)).toEqual(['default'])
    const projects = await call<{ content: { project: { identifier: string } }[] }>('GET', '/ng/api/projects', {
      scope: ACCOUNT,
      headers: VIEWER,
    })
    expect(projects.data.content.map((entry) => entry.project.identifier)).toEqual(['payments'])
    const create = await call('POST', '/ng/api/projects', {
      scope: ORG,
      body: { project: { identifier: 'shadow', name: 'Shadow', orgIdentifier: 'default' } },
      headers: VIEWER,
    })
    expect(create.error.message).toBe('Missing permission core_project_create on projects in organization default')
    const read = await call('GET', '/ng/api/organizations/platform', { scope: ACCOUNT, headers: VIEWER })
    expect(read.error.message).toBe('Missing permission core_organization_view on Organization platform')
    const remove = await call('DELETE', '/ng/api/projects/checkout', { scope: ORG, headers: VIEWER })
    expect(remove.error.message).toBe('Missing permission core_project_delete on Project checkout')
  })

  it('lets an Organization Admin create a project, be its admin, and create a connector in it', async () => {
    expect((await bind(ORG, binding('demo_connector_admin', '_organization_admin'))).status).toBe(200)
    const created = await call('POST', '/ng/api/projects', {
      scope: ORG,
      body: { project: { identifier: 'mobile', name: 'Mobile', orgIdentifier: 'default' } },
      headers: CONNECTOR_ADMIN,
    })
    expect(created.status).toBe(200)
    const mobile = { ...ORG, projectIdentifier: 'mobile' }
    const connector = await call('POST', '/ng/api/connectors', {
      scope: mobile,
      body: { connector: dockerConnector(mobile, 'mobile_registry', 'account.account_demo_password') },
      headers: CONNECTOR_ADMIN,
    })
    expect(connector.status).toBe(200)
    const bindings = await call<{
      content: { roleAssignment: { roleIdentifier: string; principal: { identifier: string } } }[]
    }>('GET', '/authz/api/roleassignments', { scope: mobile })
    expect(bindings.data.content.map((entry) => entry.roleAssignment)).toEqual([
      expect.objectContaining({
        roleIdentifier: '_project_admin',
        principal: expect.objectContaining({ identifier: 'demo_connector_admin' }) as unknown,
      }),
    ])
  })
})
