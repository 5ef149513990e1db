// @vitest-environment node
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ROUTE_ACCESS } from '../../backend/access/route-access'
import { server as mockServiceWorker } from '../../demo-backend/node-mock-backend'
import type { AuditEventDTO } from '../../lib/audit-types'
import { startFirstStartServer, type FirstStartServer } from '../../test/first-start-server'

/**
 * Issue 20: every mutating route of the router leaves one audit event per entity it changed, no
 * more and no fewer. The routes come from the one table every route must have an entry in
 * (route-access.test.ts checks that), so a new write route without a case here fails this test
 * until someone says what it records. Run on a real server with sign-in, as `npm start` runs it.
 */

/** POSTs that only read, and what else has its own test. */
const NOT_A_CHANGE: Record<string, string> = {
  'POST /ng/api/connectors/listV2': 'a list, read by POST as in Harness',
  'POST /pipeline/api/pipelines/list': 'a list, read by POST as in Harness',
  'POST /api/setup/delegates/v2/up-the-hierarchy': 'a list, read by POST as in Harness',
  'POST /authz/api/acl': 'answers what the caller may do',
  'POST /audit/api/audits/list': 'reads the trail',
  'POST /ng/api/connectors/testConnection/tasks/:taskId/cancel':
    'records its one event, who cancelled and on which delegate: delegate-dispatch.test.ts, where a delegate holds the test',
  'POST /ng/api/demo/reset': 'the simulated world only: audit-trail-api.test.ts records its event on both hosts',
}

const PASSWORD = 'correct horse battery'
let server: FirstStartServer
let base = ''
let admin = ''

const ACCOUNT = 'accountIdentifier=acme'
const PROJECT = `${ACCOUNT}&orgIdentifier=default&projectIdentifier=default_project`

async function call(method: string, pathAndQuery: string, body?: unknown, yaml?: string) {
  const response = await fetch(`${base}${pathAndQuery}`, {
    method,
    headers: {
      Cookie: admin,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(yaml === undefined ? {} : { 'Content-Type': 'application/yaml' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(yaml === undefined ? {} : { body: yaml }),
  })
  const text = await response.text()
  return { status: response.status, text, json: (text ? JSON.parse(text) : {}) as { data: unknown } }
}

beforeAll(async () => {
  mockServiceWorker.close()
  server = await startFirstStartServer('acme')
  base = server.base
  const setupLink = server.setupLink
  const setup = await fetch(`${base}/api/auth/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      token: new URL(setupLink).searchParams.get('token'),
      name: 'Ana Admin',
      email: 'ana@example.com',
      password: PASSWORD,
    }),
  })
  expect(setup.status).toBe(200)
  admin = setup.headers.getSetCookie()[0]!.split(';')[0]!
}, 120_000)

afterAll(async () => {
  await server?.stop()
})

/** The trail's events after `sequence`, oldest first, as the account's admin reads them. */
async function eventsAfter(sequence: number): Promise<AuditEventDTO[]> {
  const answer = await call('POST', `/audit/api/audits/list?${ACCOUNT}&pageSize=100`, { filterType: 'Audit' })
  expect(answer.status).toBe(200)
  const { content } = answer.json.data as { content: AuditEventDTO[] }
  return content.filter((event) => event.sequence > sequence).reverse()
}

async function lastSequence(): Promise<number> {
  const answer = await call('POST', `/audit/api/audits/list?${ACCOUNT}&pageSize=1`, { filterType: 'Audit' })
  return (answer.json.data as { content: AuditEventDTO[] }).content[0]?.sequence ?? 0
}

const connector = (url: string) => ({
  connector: {
    name: 'Audited registry',
    identifier: 'audited_registry',
    orgIdentifier: 'default',
    projectIdentifier: 'default_project',
    type: 'DockerRegistry',
    tags: {},
    spec: { dockerRegistryUrl: url, providerType: 'DockerHub', auth: { type: 'Anonymous' } },
  },
})

const pipeline = (name: string) => `pipeline:
  name: ${name}
  identifier: audited_pipeline
  projectIdentifier: default_project
  orgIdentifier: default
  stages: []
`

/**
 * Each mutating route, in an order where each finds what it needs, with the resource types of
 * the entities it changes (and so of its events), in the order they are recorded.
 */
const CASES: { route: string; run: () => Promise<{ status: number; text: string }>; changes: string[] }[] = [
  {
    route: 'POST /ng/api/connectors',
    run: () => call('POST', `/ng/api/connectors?${PROJECT}`, connector('https://registry.example')),
    changes: ['CONNECTOR'],
  },
  {
    route: 'PUT /ng/api/connectors',
    run: () => call('PUT', `/ng/api/connectors?${PROJECT}`, connector('https://moved.example')),
    changes: ['CONNECTOR'],
  },
  {
    route: 'POST /ng/api/connectors/testConnection/:identifier',
    run: () => call('POST', `/ng/api/connectors/testConnection/audited_registry?${PROJECT}`),
    changes: ['CONNECTOR'],
  },
  {
    route: 'POST /ng/api/v2/secrets',
    run: () =>
      call('POST', `/ng/api/v2/secrets?${PROJECT}`, {
        secret: {
          type: 'SecretText',
          name: 'Audited secret',
          identifier: 'audited_secret',
          orgIdentifier: 'default',
          projectIdentifier: 'default_project',
          tags: {},
          spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value: 'never-recorded-1' },
        },
      }),
    changes: ['SECRET'],
  },
  {
    // A new value: the event says so, and holds no value.
    route: 'PUT /ng/api/v2/secrets/:identifier',
    run: () =>
      call('PUT', `/ng/api/v2/secrets/audited_secret?${PROJECT}`, {
        secret: {
          type: 'SecretText',
          name: 'Audited secret',
          identifier: 'audited_secret',
          orgIdentifier: 'default',
          projectIdentifier: 'default_project',
          tags: {},
          spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value: 'never-recorded-2' },
        },
      }),
    changes: ['SECRET'],
  },
  {
    route: 'DELETE /ng/api/v2/secrets/:identifier',
    run: () => call('DELETE', `/ng/api/v2/secrets/audited_secret?${PROJECT}`),
    changes: ['SECRET'],
  },
  {
    route: 'POST /pipeline/api/pipelines',
    run: () => call('POST', `/pipeline/api/pipelines?${PROJECT}`, undefined, pipeline('Audited')),
    changes: ['PIPELINE'],
  },
  {
    route: 'PUT /pipeline/api/pipelines/:identifier',
    run: () => call('PUT', `/pipeline/api/pipelines/audited_pipeline?${PROJECT}`, undefined, pipeline('Renamed')),
    changes: ['PIPELINE'],
  },
  {
    route: 'DELETE /ng/api/connectors/:identifier',
    run: () => call('DELETE', `/ng/api/connectors/audited_registry?${PROJECT}`),
    changes: ['CONNECTOR'],
  },
  {
    route: 'POST /ng/api/delegate-tokens',
    run: () => call('POST', `/ng/api/delegate-tokens?${PROJECT}`, { name: 'audited-runner' }),
    changes: ['DELEGATE_TOKEN'],
  },
  {
    route: 'DELETE /ng/api/delegate-tokens/:name',
    run: () => call('DELETE', `/ng/api/delegate-tokens/audited-runner?${PROJECT}`),
    changes: ['DELEGATE_TOKEN'],
  },
  {
    // A delegate that registered and then disconnected, as a stopped delegate does.
    route: 'DELETE /ng/api/delegates/:name',
    run: async () => {
      const token = await call('POST', `/ng/api/delegate-tokens?${PROJECT}`, { name: 'removed-runner' })
      const value = (token.json.data as { value: string }).value
      const agent = (path: string, body: unknown) =>
        fetch(`${base}/delegate-api/v1${path}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${value}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        }).then((response) => response.json() as Promise<{ delegateId: string }>)
      const { delegateId } = await agent('/register', { name: 'gone', tags: [], hostname: 'box', maxConcurrency: 1 })
      await agent('/disconnect', { delegateId })
      await mark()
      return call('DELETE', `/ng/api/delegates/gone?${PROJECT}`)
    },
    changes: ['DELEGATE'],
  },
  {
    route: 'POST /ng/api/organizations',
    run: () =>
      call('POST', `/ng/api/organizations?${ACCOUNT}`, {
        organization: { identifier: 'audited_org', name: 'Audited org', tags: {} },
      }),
    // Its creator is bound as its admin: a second entity.
    changes: ['ORGANIZATION', 'ROLE_ASSIGNMENT'],
  },
  {
    route: 'PUT /ng/api/organizations/:identifier',
    run: () =>
      call('PUT', `/ng/api/organizations/audited_org?${ACCOUNT}`, {
        organization: { identifier: 'audited_org', name: 'Audited org renamed', tags: {} },
      }),
    changes: ['ORGANIZATION'],
  },
  {
    route: 'POST /ng/api/projects',
    run: () =>
      call('POST', `/ng/api/projects?${ACCOUNT}&orgIdentifier=audited_org`, {
        project: { orgIdentifier: 'audited_org', identifier: 'audited_project', name: 'Audited project', tags: {} },
      }),
    changes: ['PROJECT', 'ROLE_ASSIGNMENT'],
  },
  {
    route: 'PUT /ng/api/projects/:identifier',
    run: () =>
      call('PUT', `/ng/api/projects/audited_project?${ACCOUNT}&orgIdentifier=audited_org`, {
        project: { orgIdentifier: 'audited_org', identifier: 'audited_project', name: 'Renamed project', tags: {} },
      }),
    changes: ['PROJECT'],
  },
  {
    route: 'DELETE /ng/api/projects/:identifier',
    run: () => call('DELETE', `/ng/api/projects/audited_project?${ACCOUNT}&orgIdentifier=audited_org`),
    // Its creator's binding as its admin goes with it.
    changes: ['PROJECT', 'ROLE_ASSIGNMENT'],
  },
  {
    route: 'DELETE /ng/api/organizations/:identifier',
    run: () => call('DELETE', `/ng/api/organizations/audited_org?${ACCOUNT}`),
    changes: ['ORGANIZATION', 'ROLE_ASSIGNMENT'],
  },
  {
    route: 'POST /ng/api/user/users',
    run: () =>
      call('POST', `/ng/api/user/users?${PROJECT}`, {
        emails: ['bo@example.com'],
        roleBindings: [{ roleIdentifier: '_project_viewer' }],
      }),
    changes: ['USER', 'ROLE_ASSIGNMENT'],
  },
  {
    route: 'POST /ng/api/serviceaccount',
    run: () =>
      call('POST', `/ng/api/serviceaccount?${PROJECT}`, {
        identifier: 'audited_bot',
        name: 'Audited bot',
        orgIdentifier: 'default',
        projectIdentifier: 'default_project',
      }),
    changes: ['SERVICE_ACCOUNT'],
  },
  {
    route: 'POST /authz/api/roleassignments',
    run: () =>
      call('POST', `/authz/api/roleassignments?${PROJECT}`, {
        identifier: 'audited_binding',
        roleIdentifier: '_project_viewer',
        principal: { identifier: 'audited_bot', type: 'SERVICE_ACCOUNT' },
      }),
    changes: ['ROLE_ASSIGNMENT'],
  },
  {
    route: 'POST /ng/api/apikey',
    run: () =>
      call('POST', `/ng/api/apikey?${PROJECT}`, {
        identifier: 'audited_key',
        name: 'audited key',
        apiKeyType: 'SERVICE_ACCOUNT',
        parentIdentifier: 'audited_bot',
      }),
    changes: ['API_KEY'],
  },
  {
    route: 'POST /ng/api/token',
    run: () => newToken('first'),
    changes: ['TOKEN'],
  },
  {
    route: 'DELETE /ng/api/token/:identifier',
    run: () =>
      call(
        'DELETE',
        `/ng/api/token/first?${PROJECT}&parentIdentifier=audited_bot&apiKeyIdentifier=audited_key&apiKeyType=SERVICE_ACCOUNT`,
      ),
    changes: ['TOKEN'],
  },
  {
    // With a token left on the key: the token goes with it, and is an entity changed too.
    route: 'DELETE /ng/api/apikey/:identifier',
    run: async () => {
      expect((await newToken('second')).status).toBe(200)
      await mark()
      return call(
        'DELETE',
        `/ng/api/apikey/audited_key?${PROJECT}&parentIdentifier=audited_bot&apiKeyType=SERVICE_ACCOUNT`,
      )
    },
    changes: ['API_KEY', 'TOKEN'],
  },
  {
    route: 'DELETE /authz/api/roleassignments/:identifier',
    run: () => call('DELETE', `/authz/api/roleassignments/audited_binding?${PROJECT}`),
    changes: ['ROLE_ASSIGNMENT'],
  },
  {
    // With a binding, a key and a token: each goes with the account, each on the trail.
    route: 'DELETE /ng/api/serviceaccount/:identifier',
    run: async () => {
      await call('POST', `/authz/api/roleassignments?${PROJECT}`, {
        identifier: 'audited_binding_2',
        roleIdentifier: '_project_viewer',
        principal: { identifier: 'audited_bot', type: 'SERVICE_ACCOUNT' },
      })
      await call('POST', `/ng/api/apikey?${PROJECT}`, {
        identifier: 'audited_key',
        name: 'audited key',
        apiKeyType: 'SERVICE_ACCOUNT',
        parentIdentifier: 'audited_bot',
      })
      expect((await newToken('third')).status).toBe(200)
      await mark()
      return call('DELETE', `/ng/api/serviceaccount/audited_bot?${PROJECT}`)
    },
    changes: ['ROLE_ASSIGNMENT', 'SERVICE_ACCOUNT', 'API_KEY', 'TOKEN'],
  },
]

function newToken(identifier: string) {
  return call('POST', `/ng/api/token?${PROJECT}`, {
    identifier,
    name: identifier,
    apiKeyIdentifier: 'audited_key',
    parentIdentifier: 'audited_bot',
    apiKeyType: 'SERVICE_ACCOUNT',
  })
}

// A case's set-up writes come before its mark: only the route's own events are counted.
let marked = 0
async function mark() {
  marked = await lastSequence()
}

it('has a case for every mutating route, or says why the route changes nothing', () => {
  const mutating = Object.keys(ROUTE_ACCESS).filter((route) => !route.startsWith('GET '))
  const covered = [...CASES.map((entry) => entry.route), ...Object.keys(NOT_A_CHANGE)]
  expect(covered.filter((route) => !mutating.includes(route))).toEqual([])
  expect(mutating.filter((route) => !covered.includes(route))).toEqual([])
})

it('records one event per entity each mutating route changes, no more, no fewer', async () => {
  for (const entry of CASES) {
    await mark()
    const answer = await entry.run()
    expect(answer.status, `${entry.route}: ${answer.text}`).toBe(200)
    const events = await eventsAfter(marked)
    expect(
      events.map((event) => event.resource.type),
      entry.route,
    ).toEqual(entry.changes)
    for (const event of events) expect(event.authenticationInfo.principal.name, entry.route).toBe('Ana Admin')
  }
  // No value of a secret or a token anywhere on the trail.
  const all = await call('POST', `/audit/api/audits/list?${ACCOUNT}&pageSize=100`, { filterType: 'Audit' })
  expect(all.text).not.toContain('never-recorded-1')
  expect(all.text).not.toContain('never-recorded-2')
  expect(all.text).not.toMatch(/sat\.acme\.\w+\.[\w-]{32}/)
}, 120_000)
