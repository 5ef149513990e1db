import { expect, it } from 'vitest'
import type { PageResponse, SecretResponse } from '../lib/api-types'
import type { AuditEventDTO } from '../lib/audit-types'
import { describeOnBothHosts } from '../test/both-hosts'
import { VIEW_AS_HEADER } from './access/demo-principals'
import { PAYMENTS, call, createConnector, dockerConnector } from './api-test-helpers'

/**
 * Who may change a secret, and what the audit trail keeps of it (issue 21), on both hosts: a
 * Project Viewer is refused in words and changes nothing; each update and delete is one event,
 * whose YAML never holds a value, and says "value changed" when the value is what changed.
 */

const VIEWER = { [VIEW_AS_HEADER]: 'demo_project_viewer' }
const CONNECTOR_ADMIN = { [VIEW_AS_HEADER]: 'demo_connector_admin' }

let run = 0
async function newSecret(value: string) {
  run += 1
  const identifier = `guarded_${Date.now().toString(36)}_${run}`
  const created = await call('POST', '/ng/api/v2/secrets', { scope: PAYMENTS, body: body(identifier, { value }) })
  expect(created.status, created.text).toBe(200)
  return identifier
}

function body(identifier: string, { value, name = 'Guarded' }: { value?: string; name?: string }) {
  return {
    secret: {
      type: 'SecretText',
      name,
      identifier,
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
      tags: {},
      spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', ...(value ? { value } : {}) },
    },
  }
}

async function eventsOf(identifier: string) {
  return call<{ content: AuditEventDTO[] }>('POST', '/audit/api/audits/list', {
    scope: PAYMENTS,
    body: { filterType: 'Audit', resources: [{ type: 'SECRET', identifier }] },
  })
}

describeOnBothHosts('who may change a secret, and its audit events', () => {
  it('refuses a Project Viewer’s edit, delete and forced delete in words, changing nothing', async () => {
    const secret = await newSecret('viewer-cannot-see-this')
    const list = await call<PageResponse<SecretResponse>>('GET', '/ng/api/v2/secrets', {
      scope: PAYMENTS,
      query: { searchTerm: secret },
      headers: VIEWER,
    })
    expect(list.status).toBe(200)
    expect(list.data.content.map((row) => row.secret.identifier)).toEqual([secret])

    const edit = await call('PUT', `/ng/api/v2/secrets/${secret}`, {
      scope: PAYMENTS,
      body: body(secret, { value: 'by-a-viewer', name: 'Hijacked' }),
      headers: VIEWER,
    })
    expect(edit.status).toBe(403)
    expect(edit.error).toMatchObject({
      code: 'NG_ACCESS_DENIED',
      message: `Missing permission core_secret_edit on Secret ${secret}`,
    })
    for (const query of [{}, { forceDelete: 'true' }] as Record<string, string>[]) {
      const remove = await call('DELETE', `/ng/api/v2/secrets/${secret}`, { scope: PAYMENTS, query, headers: VIEWER })
      expect(remove.status).toBe(403)
      expect(remove.error.message).toBe(`Missing permission core_secret_delete on Secret ${secret}`)
    }
    const read = await call<SecretResponse>('GET', `/ng/api/v2/secrets/${secret}`, { scope: PAYMENTS })
    expect(read.data).toMatchObject({ version: 1, secret: { name: 'Guarded' } })
    expect((await eventsOf(secret)).data.content.map((event) => event.action)).toEqual(['CREATE'])
  })

  it('lets a Connector Admin rotate and force-delete a secret in use', async () => {
    const secret = await newSecret('first')
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, `uses_${secret}`, secret))
    const rotated = await call('PUT', `/ng/api/v2/secrets/${secret}`, {
      scope: PAYMENTS,
      body: body(secret, { value: 'second' }),
      headers: CONNECTOR_ADMIN,
    })
    expect(rotated.status, rotated.text).toBe(200)
    const forced = await call('DELETE', `/ng/api/v2/secrets/${secret}`, {
      scope: PAYMENTS,
      query: { forceDelete: 'true' },
      headers: CONNECTOR_ADMIN,
    })
    expect(forced.status, forced.text).toBe(200)
    const events = (await eventsOf(secret)).data.content
    expect(events.map((event) => [event.action, event.authenticationInfo.principal.identifier])).toEqual([
      ['DELETE', 'demo_connector_admin'],
      ['UPDATE', 'demo_connector_admin'],
      ['CREATE', 'demo_admin'],
    ])
  })

  it('records one event per update and delete, none for a refusal, and never a value', async () => {
    const first = `first-value-${Date.now().toString(36)}`
    const second = `second-value-${Date.now().toString(36)}`
    const secret = await newSecret(first)
    const put = (fields: { value?: string; name?: string }, version: number) =>
      call('PUT', `/ng/api/v2/secrets/${secret}`, {
        scope: PAYMENTS,
        body: body(secret, fields),
        headers: { 'If-Match': `"${version}"` },
      })
    expect((await put({ value: second }, 1)).status).toBe(200)
    expect((await put({ name: 'Renamed' }, 2)).status).toBe(200)
    // Refused: stale, then in use. Neither leaves an event.
    expect((await put({ value: 'stale' }, 1)).status).toBe(409)
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, `needs_${secret}`, secret))
    expect((await call('DELETE', `/ng/api/v2/secrets/${secret}`, { scope: PAYMENTS })).status).toBe(400)
    const forced = await call('DELETE', `/ng/api/v2/secrets/${secret}`, {
      scope: PAYMENTS,
      query: { forceDelete: 'true' },
    })
    expect(forced.status).toBe(200)

    const answer = await eventsOf(secret)
    const [deleted, renamed, rotated, created] = answer.data.content
    expect(answer.data.content.map((event) => event.action)).toEqual(['DELETE', 'UPDATE', 'UPDATE', 'CREATE'])
    // The value's change in words: the YAML is otherwise the same on both sides.
    expect(rotated!.summary).toBe('Updated secret Guarded (value changed)')
    expect(rotated!.yamlDiffRecord?.newYaml).toBe(
      `${rotated!.yamlDiffRecord?.oldYaml ?? ''}# value changed (a secret value is never shown)\n`,
    )
    // A rename is a rename, its value untouched.
    expect(renamed!.summary).toBe('Updated secret Renamed')
    expect(renamed!.yamlDiffRecord?.oldYaml).toContain('name: Guarded')
    expect(renamed!.yamlDiffRecord?.newYaml).toContain('name: Renamed')
    expect(renamed!.yamlDiffRecord?.newYaml).not.toContain('value changed')
    expect(deleted!.summary).toBe('Deleted secret Renamed')
    expect(created!.action).toBe('CREATE')
    for (const text of [answer.text, JSON.stringify(answer.data)]) {
      expect(text).not.toContain(first)
      expect(text).not.toContain(second)
      expect(text).not.toContain('stale')
    }
  })
})
