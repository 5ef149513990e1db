import { expect, it } from 'vitest'
import type { AuditEventDTO } from '../../lib/audit-types'
import { describeOnBothHosts } from '../../test/both-hosts'
import { VIEW_AS_HEADER } from '../access/demo-principals'
import { ACCOUNT, call, CHECKOUT, createConnector, dockerConnector, ORG, PAYMENTS } from '../api-test-helpers'

/**
 * Issue 20: a change through the API leaves one event, made in its transaction, with who, what
 * and for an update the YAML before and after; a refused or failed request leaves none; and the
 * trail is the admins' to read. On both hosts.
 */

const VIEWER = { [VIEW_AS_HEADER]: 'demo_project_viewer' }

async function eventsOf(
  identifier: string,
  scope = PAYMENTS,
  headers: Record<string, string> = {},
  type = 'CONNECTOR',
) {
  const answer = await call<{ content: AuditEventDTO[]; totalItems: number }>('POST', '/audit/api/audits/list', {
    scope,
    body: { filterType: 'Audit', resources: [{ type, identifier }] },
    headers,
  })
  return answer
}

describeOnBothHosts('the audit trail', () => {
  it('records a connector’s create, URL edit and delete, with who did it and the YAML before and after', async () => {
    const identifier = `audited_${Date.now().toString(36)}`
    const connector = dockerConnector(PAYMENTS, identifier)
    expect((await createConnector(PAYMENTS, connector)).status).toBe(200)
    const edited = {
      ...connector,
      spec: { ...connector.spec, dockerRegistryUrl: 'https://moved.acme.test:5000' },
    }
    const byConnectorAdmin = await call<{ createdBy?: { name: string }; lastModifiedBy?: { name: string } }>(
      'PUT',
      '/ng/api/connectors',
      { scope: PAYMENTS, body: { connector: edited }, headers: { [VIEW_AS_HEADER]: 'demo_connector_admin' } },
    )
    expect(byConnectorAdmin.status).toBe(200)
    // By whom, where people look: the connector itself says who made it and who changed it last.
    const read = await call<{ createdBy?: { identifier: string }; lastModifiedBy?: { identifier: string } }>(
      'GET',
      `/ng/api/connectors/${identifier}`,
      { scope: PAYMENTS },
    )
    expect(read.data.createdBy?.identifier).toBe('demo_admin')
    expect(read.data.lastModifiedBy?.identifier).toBe('demo_connector_admin')
    expect((await call('DELETE', `/ng/api/connectors/${identifier}`, { scope: PAYMENTS })).status).toBe(200)

    const { status, data } = await eventsOf(identifier)
    expect(status).toBe(200)
    expect(data.content.map((event) => event.action)).toEqual(['DELETE', 'UPDATE', 'CREATE'])
    const [, update] = data.content
    expect(update).toMatchObject({
      outcome: 'SUCCESS',
      resource: { type: 'CONNECTOR', identifier },
      resourceScope: { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' },
      authenticationInfo: { principal: { type: 'USER', identifier: 'demo_connector_admin' } },
    })
    expect(update!.yamlDiffRecord?.oldYaml).toContain('https://registry.acme.test:5000')
    expect(update!.yamlDiffRecord?.newYaml).toContain('https://moved.acme.test:5000')
    expect(update!.yamlDiffRecord?.newYaml).not.toContain('registry.acme.test')
    // The events are in sequence order, one after another.
    const sequences = data.content.map((event) => event.sequence)
    expect(sequences[0]! - sequences[2]!).toBe(2)
    // The organization and the account see their projects' events too; another project does not.
    expect((await eventsOf(identifier, ACCOUNT)).data.totalItems).toBe(3)
    expect((await eventsOf(identifier, CHECKOUT)).data.totalItems).toBe(0)
  })

  it('shows exactly the fields that changed, whatever order a client sent them in', async () => {
    const read = await call<{ connector: Record<string, unknown> & { spec: Record<string, unknown> } }>(
      'GET',
      '/ng/api/connectors/docker_hub_public',
      { scope: PAYMENTS },
    )
    const { spec, ...rest } = read.data.connector
    // The same connector with its fields in another order, and only its URL changed.
    const reordered = Object.fromEntries(
      Object.entries({ ...rest, spec: { ...spec, dockerRegistryUrl: 'https://elsewhere.example' } }).reverse(),
    )
    expect((await call('PUT', '/ng/api/connectors', { scope: PAYMENTS, body: { connector: reordered } })).status).toBe(
      200,
    )
    const [event] = (await eventsOf('docker_hub_public')).data.content
    const before = event!.yamlDiffRecord!.oldYaml!.split('\n')
    const after = event!.yamlDiffRecord!.newYaml!.split('\n')
    expect(before.filter((line) => !after.includes(line)).map((line) => line.trim())).toEqual([
      'dockerRegistryUrl: https://index.docker.io/v2/',
    ])
    expect(after.filter((line) => !before.includes(line)).map((line) => line.trim())).toEqual([
      'dockerRegistryUrl: https://elsewhere.example',
    ])
  })

  it('records nothing for a refused or a failed request', async () => {
    const identifier = `refused_${Date.now().toString(36)}`
    // Refused: a Project Viewer may not create.
    const refused = await call('POST', '/ng/api/connectors', {
      scope: PAYMENTS,
      body: { connector: dockerConnector(PAYMENTS, identifier) },
      headers: VIEWER,
    })
    expect(refused.status).toBe(403)
    // Failed: a stale version.
    expect((await createConnector(PAYMENTS, dockerConnector(PAYMENTS, identifier))).status).toBe(200)
    const stale = await call('DELETE', `/ng/api/connectors/${identifier}`, {
      scope: PAYMENTS,
      headers: { 'If-Match': '"7"' },
    })
    expect(stale.status).toBe(409)
    expect((await eventsOf(identifier)).data.content.map((event) => event.action)).toEqual(['CREATE'])
  })

  it('records a secret’s create without its value, a pipeline’s edit with its YAML, and a project’s and a binding’s create and delete', async () => {
    const suffix = Date.now().toString(36)
    const value = `never-in-the-trail-${suffix}`
    const secret = await call('POST', '/ng/api/v2/secrets', {
      scope: PAYMENTS,
      body: {
        secret: {
          type: 'SecretText',
          name: `Audited ${suffix}`,
          identifier: `audited_${suffix}`,
          orgIdentifier: 'default',
          projectIdentifier: 'payments',
          tags: {},
          spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value },
        },
      },
    })
    expect(secret.status).toBe(200)
    const secretEvents = await eventsOf(`audited_${suffix}`, PAYMENTS, {}, 'SECRET')
    expect(secretEvents.data.content.map((event) => event.action)).toEqual(['CREATE'])
    expect(secretEvents.data.content[0]!.yamlDiffRecord?.newYaml).toContain('valueType: Inline')
    expect(secretEvents.text).not.toContain(value)

    const pipelinePath = '/pipeline/api/pipelines/deploy_payments_api'
    const yaml = (await call<{ yamlPipeline: string }>('GET', pipelinePath, { scope: PAYMENTS })).data.yamlPipeline
    const renamed = yaml.replace(/name: Deploy payments API/, `name: Deploy payments API ${suffix}`)
    expect((await call('PUT', pipelinePath, { scope: PAYMENTS, yaml: renamed })).status).toBe(200)
    const [pipelineEvent] = (await eventsOf('deploy_payments_api', PAYMENTS, {}, 'PIPELINE')).data.content
    expect(pipelineEvent).toMatchObject({ action: 'UPDATE', resource: { type: 'PIPELINE' } })
    expect(pipelineEvent!.yamlDiffRecord?.oldYaml).toContain('name: Deploy payments API\n')
    expect(pipelineEvent!.yamlDiffRecord?.newYaml).toContain(`name: Deploy payments API ${suffix}`)

    const project = `audited_${suffix}`
    const created = await call('POST', '/ng/api/projects', {
      scope: ORG,
      body: { project: { orgIdentifier: 'default', identifier: project, name: `Audited ${suffix}`, tags: {} } },
    })
    expect(created.status).toBe(200)
    const inProject = { ...ORG, projectIdentifier: project }
    // Its creator is bound as its admin: that binding is a change too.
    const bindingEvents = await call<{ content: AuditEventDTO[] }>('POST', '/audit/api/audits/list', {
      scope: inProject,
      body: { resources: [{ type: 'ROLE_ASSIGNMENT' }] },
    })
    expect(bindingEvents.data.content.map((event) => event.action)).toEqual(['CREATE'])
    expect((await call('DELETE', `/ng/api/projects/${project}`, { scope: ORG })).status).toBe(200)
    const projectEvents = await eventsOf(project, ORG, {}, 'PROJECT')
    expect(projectEvents.data.content.map((event) => event.action)).toEqual(['DELETE', 'CREATE'])
  })

  it('records each connection test when it ends: who asked, which delegate ran it, the outcome', async () => {
    const identifier = `tested_${Date.now().toString(36)}`
    expect((await createConnector(PAYMENTS, dockerConnector(PAYMENTS, identifier))).status).toBe(200)
    const passed = await call<{ status: string; delegateName?: string; startedBy?: { name: string } }>(
      'POST',
      `/ng/api/connectors/testConnection/${identifier}`,
      { scope: PAYMENTS, headers: { [VIEW_AS_HEADER]: 'demo_connector_admin' } },
    )
    expect(passed.data).toMatchObject({ status: 'SUCCESS', startedBy: { name: 'Demo Connector Admin' } })
    const wrong = dockerConnector(PAYMENTS, identifier, 'old_password')
    expect((await call('PUT', '/ng/api/connectors', { scope: PAYMENTS, body: { connector: wrong } })).status).toBe(200)
    const failed = await call<{ status: string }>('POST', `/ng/api/connectors/testConnection/${identifier}`, {
      scope: PAYMENTS,
    })
    expect(failed.data.status).toBe('FAILURE')

    const events = (await eventsOf(identifier)).data.content
    expect(events.map((event) => [event.action, event.outcome])).toEqual([
      ['TEST', 'FAILURE'],
      ['UPDATE', 'SUCCESS'],
      ['TEST', 'SUCCESS'],
      ['CREATE', 'SUCCESS'],
    ])
    const [failedTest, , passedTest] = events
    expect(passedTest).toMatchObject({
      authenticationInfo: {
        principal: { type: 'USER', identifier: 'demo_connector_admin', name: 'Demo Connector Admin' },
      },
      summary: `Tested on ${passed.data.delegateName}: Connection successful`,
    })
    expect(passedTest!.yamlDiffRecord?.newYaml).toContain(`delegate: ${passed.data.delegateName}`)
    expect(failedTest).toMatchObject({ authenticationInfo: { principal: { identifier: 'demo_admin' } } })
    expect(failedTest!.summary).toMatch(/^Tested on \S+: .+/)
  })

  it('keeps the trail through a demo reset, and records the reset itself', async () => {
    const identifier = `before_reset_${Date.now().toString(36)}`
    expect((await createConnector(PAYMENTS, dockerConnector(PAYMENTS, identifier))).status).toBe(200)
    expect((await call('POST', '/ng/api/demo/reset', { scope: ACCOUNT })).status).toBe(200)
    const [reset] = (
      await call<{ content: AuditEventDTO[] }>('POST', '/audit/api/audits/list', {
        scope: ACCOUNT,
        body: { resources: [{ type: 'DEMO_DATA' }] },
      })
    ).data.content
    expect(reset).toMatchObject({ action: 'RESET', authenticationInfo: { principal: { identifier: 'demo_admin' } } })
    // What happened before the reset is still on the trail, after it.
    expect((await eventsOf(identifier)).data.content.map((event) => event.action)).toEqual(['CREATE'])
  })

  it('is refused to a Project Viewer, in words', async () => {
    const answer = await eventsOf('anything', PAYMENTS, VIEWER)
    expect(answer.status).toBe(403)
    expect(answer.error.message).toBe(
      'Missing permission core_audit_view on audit trails in project payments in organization default',
    )
  })
})
