// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import { startTsProcess, type StartedProcess } from '../test/processes'

/**
 * A team on one real server, started as `npm start` starts it: the setup link makes the first
 * Account Admin; the admin invites a Project Viewer, who signs up from the link and then sees
 * the project and changes nothing in it; the --api-key stands for the bootstrap service account.
 * The attacks come first in each step: what the API refuses before it allows.
 */

const API_KEY = 'team-test-key-0123456789'
const PASSWORD = 'correct horse battery'
let dir = ''
let server: StartedProcess
let base = ''
let setupLink = ''

beforeAll(async () => {
  mockServiceWorker.close()
  dir = await mkdtemp(path.join(tmpdir(), 'team-server-'))
  server = startTsProcess('src/server/main.ts', [
    '--port',
    '0',
    '--no-delegate',
    '--data',
    path.join(dir, 'data'),
    '--dist',
    path.join(dir, 'no-dist'),
    '--account',
    'Acme Team',
    '--api-key',
    API_KEY,
  ])
  ;[, base = ''] = await server.waitFor(/Artifact Repository Connectors: (http:\/\/\S+)/, 90_000)
  ;[, setupLink = ''] = await server.waitFor(/(http:\/\/\S+\/setup\?token=\S+)/, 30_000)
}, 120_000)

afterAll(async () => {
  await server?.stop()
  await rm(dir, { recursive: true, force: true })
})

const ACCOUNT = 'accountIdentifier=acme_team'
const PROJECT = `${ACCOUNT}&orgIdentifier=default&projectIdentifier=default_project`

async function call(
  method: string,
  pathAndQuery: string,
  options: { cookie?: string; key?: string; body?: unknown } = {},
) {
  const response = await fetch(`${base.replace(/\/$/, '')}${pathAndQuery}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...(options.key ? { 'x-api-key': options.key } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  })
  const text = await response.text()
  return { status: response.status, json: (text ? JSON.parse(text) : {}) as Answer, response }
}

/** The members these tests read of Harness's envelopes and error bodies. */
type Answer = {
  code?: string
  message?: string
  data: {
    content: {
      project: { orgIdentifier: string; identifier: string }
      connector: { identifier: string }
      principalName?: string
      roleName?: string
    }[]
    totalItems: number
    uuid: string
    addUserResponseMap: Record<string, string>
    inviteLinks: Record<string, string>
  }
}

function cookieOf(response: Response): string {
  const header = response.headers.getSetCookie().find((value) => value.startsWith('connectors_session='))
  if (!header) throw new Error('no session cookie')
  return header.split(';')[0]!
}

it('makes a team of a fresh server: setup, an invited Project Viewer, and the bootstrap key', async () => {
  // Before anyone exists, the API says what to do, and nothing else.
  const early = await call('POST', `/ng/api/connectors/listV2?${PROJECT}`, { body: {} })
  expect(early.status).toBe(401)
  expect(early.json.code).toBe('SETUP_REQUIRED')

  const token = new URL(setupLink).searchParams.get('token')
  const setup = await call('POST', '/api/auth/setup', {
    body: { token, accountName: 'Acme Platform', name: 'Ana Admin', email: 'ana@example.com', password: PASSWORD },
  })
  expect(setup.status).toBe(200)
  const admin = cookieOf(setup.response)
  // The link worked once.
  const again = await call('POST', '/api/auth/setup', {
    body: { token, name: 'Eve', email: 'eve@example.com', password: PASSWORD },
  })
  expect(again.status).not.toBe(200)

  // A fresh server: the account, default and default_project, and nothing in them.
  const projects = await call('GET', `/ng/api/projects?${ACCOUNT}`, { cookie: admin })
  expect(
    projects.json.data.content.map((entry) => `${entry.project.orgIdentifier}/${entry.project.identifier}`),
  ).toEqual(['default/default_project'])
  const empty = await call('POST', `/ng/api/connectors/listV2?${PROJECT}`, { cookie: admin, body: {} })
  expect(empty.json.data.totalItems).toBe(0)
  const me = await call('GET', '/ng/api/user/currentUser', { cookie: admin })
  expect(me.json.data).toMatchObject({ name: 'Ana Admin', defaultAccountId: 'acme_team' })
  const bindings = await call('GET', `/authz/api/roleassignments?${ACCOUNT}`, { cookie: admin })
  expect(bindings.json.data.content.map((entry) => [entry.principalName, entry.roleName])).toEqual(
    expect.arrayContaining([
      ['Ana Admin', 'Account Admin'],
      ['bootstrap', 'Account Admin'],
    ]),
  )

  // The admin invites Bo as a Project Viewer of default_project: a link to hand over, no mail.
  const invite = await call('POST', `/ng/api/user/users?${PROJECT}`, {
    cookie: admin,
    body: { emails: ['bo@example.com'], roleBindings: [{ roleIdentifier: '_project_viewer' }] },
  })
  expect(invite.json.data.addUserResponseMap).toEqual({ 'bo@example.com': 'USER_INVITED_SUCCESSFULLY' })
  const link = new URL(invite.json.data.inviteLinks['bo@example.com'] ?? '')
  expect(link.pathname).toBe('/invite')
  const accepted = await call('POST', '/api/auth/invites/accept', {
    body: { token: link.searchParams.get('token'), name: 'Bo Viewer', password: PASSWORD },
  })
  expect(accepted.status).toBe(200)
  const viewer = cookieOf(accepted.response)

  // Bo sees the project's connectors and changes nothing; not even whom he could invite.
  expect((await call('POST', `/ng/api/connectors/listV2?${PROJECT}`, { cookie: viewer, body: {} })).status).toBe(200)
  const hub = {
    connector: {
      name: 'Hub',
      identifier: 'hub',
      orgIdentifier: 'default',
      projectIdentifier: 'default_project',
      type: 'DockerRegistry',
      tags: {},
      spec: { dockerRegistryUrl: 'https://registry.example', providerType: 'Other', auth: { type: 'Anonymous' } },
    },
  }
  const create = await call('POST', `/ng/api/connectors?${PROJECT}`, { cookie: viewer, body: hub })
  expect(create.status).toBe(403)
  expect(create.json).toMatchObject({
    code: 'NG_ACCESS_DENIED',
    message: 'Missing permission core_connector_edit on Connector hub',
  })
  const escalate = await call('POST', `/authz/api/roleassignments?${PROJECT}`, {
    cookie: viewer,
    body: { roleIdentifier: '_project_admin', principal: { identifier: me.json.data.uuid, type: 'USER' } },
  })
  expect(escalate.json.code).toBe('NG_ACCESS_DENIED')
  const newOrg = await call('POST', `/ng/api/organizations?${ACCOUNT}`, {
    cookie: viewer,
    body: { organization: { identifier: 'shadow', name: 'Shadow' } },
  })
  expect(newOrg.json.message).toBe('Missing permission core_organization_create on organizations in account acme_team')

  // The admin's is allowed, and the viewer then sees it.
  expect((await call('POST', `/ng/api/connectors?${PROJECT}`, { cookie: admin, body: hub })).status).toBe(200)
  const seen = await call('POST', `/ng/api/connectors/listV2?${PROJECT}`, { cookie: viewer, body: {} })
  expect(seen.json.data.content.map((entry) => entry.connector.identifier)).toEqual(['hub'])

  // The key stands for the bootstrap service account; a wrong key is refused.
  expect((await call('GET', `/ng/api/organizations?${ACCOUNT}`, { key: API_KEY })).status).toBe(200)
  expect((await call('GET', `/ng/api/organizations?${ACCOUNT}`, { key: 'wrong-key-wrong-key' })).status).toBe(401)
  // Nobody: refused.
  expect((await call('GET', `/ng/api/organizations?${ACCOUNT}`)).status).toBe(401)
  // No password reached the server's log.
  expect(server.output()).not.toContain(PASSWORD)
}, 120_000)
