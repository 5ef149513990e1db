// @vitest-environment node
import { afterAll, beforeAll, expect, it } from 'vitest'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import { startFirstStartServer, type FirstStartServer } from '../test/first-start-server'

/**
 * A team on one real server, started as `npm start` starts it: the setup link makes the first
 * Account Admin; the admin invites a Project Viewer, who signs up from the link and then sees
 * the project and changes nothing in it; the --api-key stands for the bootstrap service account.
 * The attacks come first in each step: what the API refuses before it allows.
 */

const API_KEY = 'team-test-key-0123456789'
const PASSWORD = 'correct horse battery'
let server: FirstStartServer
let base = ''
let setupLink = ''

beforeAll(async () => {
  mockServiceWorker.close()
  server = await startFirstStartServer('Acme Team', ['--api-key', API_KEY])
  ;({ base, setupLink } = server)
}, 120_000)

afterAll(async () => {
  await server?.stop()
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
  expect(server.process.output()).not.toContain(PASSWORD)
}, 120_000)

it('a service account’s token acts with its bindings and nothing more, until it is revoked or expires', async () => {
  // A wrong password first: the attempt is on the audit trail, the password is not.
  const wrong = await call('POST', '/api/auth/sign-in', {
    body: { email: 'ana@example.com', password: 'not her password' },
  })
  expect(wrong.status).toBe(401)
  const signIn = await call('POST', '/api/auth/sign-in', { body: { email: 'ana@example.com', password: PASSWORD } })
  const admin = cookieOf(signIn.response)
  const other = cookieOf(
    (await call('POST', '/api/auth/sign-in', { body: { email: 'ana@example.com', password: PASSWORD } })).response,
  )
  expect((await call('POST', '/api/auth/sign-out', { cookie: other })).status).toBe(200)
  const signIns = await call('POST', `/audit/api/audits/list?${ACCOUNT}`, {
    cookie: admin,
    body: { resources: [{ type: 'USER' }] },
  })
  const actions = (signIns.json.data as unknown as { content: { action: string; outcome: string }[] }).content.map(
    (event) => `${event.action} ${event.outcome}`,
  )
  expect(actions.slice(0, 4)).toEqual([
    'SIGN_OUT SUCCESS',
    'SIGN_IN SUCCESS',
    'SIGN_IN SUCCESS',
    'SIGN_IN_FAILED FAILURE',
  ])
  expect(JSON.stringify(signIns.json)).not.toContain('not her password')
  expect(JSON.stringify(signIns.json)).not.toContain(PASSWORD)
  const hub = await call('GET', `/ng/api/connectors/hub?${PROJECT}`, { cookie: admin })
  expect(hub.status).toBe(200)

  // A service account in default_project, a Project Viewer there, with a key and a token.
  const made = await call('POST', `/ng/api/serviceaccount?${PROJECT}`, {
    cookie: admin,
    body: { identifier: 'ci_bot', name: 'CI bot', orgIdentifier: 'default', projectIdentifier: 'default_project' },
  })
  expect(made.status).toBe(200)
  expect(made.json.data).toMatchObject({ identifier: 'ci_bot', email: 'ci_bot@service.harness.io' })
  // A project's service account is bound in its project, never above it (its tokens are in the
  // project's hands): not at the account, nor at the organization, in words at the field.
  for (const above of [ACCOUNT, `${ACCOUNT}&orgIdentifier=default`]) {
    const raised = await call('POST', `/authz/api/roleassignments?${above}`, {
      cookie: admin,
      body: {
        roleIdentifier: above === ACCOUNT ? '_account_admin' : '_organization_admin',
        principal: { identifier: 'ci_bot', type: 'SERVICE_ACCOUNT' },
      },
    })
    expect(raised.status).toBe(400)
    expect(JSON.stringify(raised.json)).toContain(
      'CI bot belongs to project default_project in organization default: bind it there',
    )
  }
  const offered = await call('GET', `/ng/api/access-control/principals?${ACCOUNT}&purpose=bind`, { cookie: admin })
  expect(JSON.stringify(offered.json)).not.toContain('ci_bot')
  const offeredInProject = await call('GET', `/ng/api/access-control/principals?${PROJECT}&purpose=bind`, {
    cookie: admin,
  })
  expect(JSON.stringify(offeredInProject.json)).toContain('ci_bot')
  // The account's audit trail is filtered by anyone who acted in it, inside projects too.
  const actors = await call('GET', `/ng/api/access-control/principals?${ACCOUNT}&purpose=acted`, { cookie: admin })
  expect(JSON.stringify(actors.json)).toContain('ci_bot')
  const bound = await call('POST', `/authz/api/roleassignments?${PROJECT}`, {
    cookie: admin,
    body: { roleIdentifier: '_project_viewer', principal: { identifier: 'ci_bot', type: 'SERVICE_ACCOUNT' } },
  })
  expect(bound.status).toBe(200)
  const key = await call('POST', `/ng/api/apikey?${PROJECT}`, {
    cookie: admin,
    body: { identifier: 'ci', name: 'ci', apiKeyType: 'SERVICE_ACCOUNT', parentIdentifier: 'ci_bot' },
  })
  expect(key.status).toBe(200)
  const tokenAnswer = await call('POST', `/ng/api/token?${PROJECT}`, {
    cookie: admin,
    body: {
      identifier: 'deploy',
      name: 'deploy',
      apiKeyIdentifier: 'ci',
      parentIdentifier: 'ci_bot',
      apiKeyType: 'SERVICE_ACCOUNT',
    },
  })
  const token = tokenAnswer.json.data as unknown as string
  expect(token).toMatch(/^sat\.acme_team\.deploy\.[\w-]{32}$/)
  // Shown once: the list has names and dates, never the value.
  const listed = await call('GET', `/ng/api/token?${PROJECT}&parentIdentifier=ci_bot&apiKeyIdentifier=ci`, {
    cookie: admin,
  })
  expect(JSON.stringify(listed.json)).toContain('"identifier":"deploy"')
  expect(JSON.stringify(listed.json)).not.toContain(token.split('.').at(-1))

  // The key lists what its viewer binding shows...
  const list = await call('POST', `/ng/api/connectors/listV2?${PROJECT}`, { key: token, body: {} })
  expect(list.status).toBe(200)
  expect(list.json.data.content.map((entry) => entry.connector.identifier)).toEqual(['hub'])
  // ...and does nothing a viewer may not: no delete, no other scope, no new keys for itself, no new roles.
  const remove = await call('DELETE', `/ng/api/connectors/hub?${PROJECT}`, { key: token })
  expect(remove.status).toBe(403)
  expect(remove.json).toMatchObject({
    code: 'NG_ACCESS_DENIED',
    message: 'Missing permission core_connector_delete on Connector hub',
  })
  expect((await call('GET', `/ng/api/connectors/hub?${PROJECT}`, { cookie: admin })).status).toBe(200)
  expect((await call('POST', `/ng/api/connectors/listV2?${ACCOUNT}`, { key: token, body: {} })).json.code).toBe(
    'NG_ACCESS_DENIED',
  )
  const selfToken = await call('POST', `/ng/api/token?${PROJECT}`, {
    key: token,
    body: {
      identifier: 'more',
      name: 'more',
      apiKeyIdentifier: 'ci',
      parentIdentifier: 'ci_bot',
      apiKeyType: 'SERVICE_ACCOUNT',
    },
  })
  expect(selfToken.json.code).toBe('NG_ACCESS_DENIED')
  const selfAdmin = await call('POST', `/authz/api/roleassignments?${PROJECT}`, {
    key: token,
    body: { roleIdentifier: '_project_admin', principal: { identifier: 'ci_bot', type: 'SERVICE_ACCOUNT' } },
  })
  expect(selfAdmin.json.code).toBe('NG_ACCESS_DENIED')

  // A forged token (right shape, wrong secret) and the bootstrap key's neighbours sign nobody in.
  const forged = `${token.slice(0, -4)}AAAA`
  expect((await call('POST', `/ng/api/connectors/listV2?${PROJECT}`, { key: forged, body: {} })).status).toBe(401)

  // A token past its end is refused in words.
  await call('POST', `/ng/api/token?${PROJECT}`, {
    cookie: admin,
    body: {
      identifier: 'short',
      name: 'short',
      apiKeyIdentifier: 'ci',
      parentIdentifier: 'ci_bot',
      apiKeyType: 'SERVICE_ACCOUNT',
      validTo: Date.now() - 1,
    },
  }).then((answer) => expect(answer.status).toBe(400))

  // Revoked: the next call is refused.
  const revoke = await call('DELETE', `/ng/api/token/deploy?${PROJECT}&parentIdentifier=ci_bot&apiKeyIdentifier=ci`, {
    cookie: admin,
  })
  expect(revoke.status).toBe(200)
  const after = await call('POST', `/ng/api/connectors/listV2?${PROJECT}`, { key: token, body: {} })
  expect(after.status).toBe(401)
  expect(after.json.message).toBe('The API key is not valid.')

  // Deleting the service account takes its keys and its bindings with it.
  const second = await call('POST', `/ng/api/token?${PROJECT}`, {
    cookie: admin,
    body: {
      identifier: 'again',
      name: 'again',
      apiKeyIdentifier: 'ci',
      parentIdentifier: 'ci_bot',
      apiKeyType: 'SERVICE_ACCOUNT',
    },
  })
  const againToken = second.json.data as unknown as string
  expect((await call('POST', `/ng/api/connectors/listV2?${PROJECT}`, { key: againToken, body: {} })).status).toBe(200)
  expect((await call('DELETE', `/ng/api/serviceaccount/ci_bot?${PROJECT}`, { cookie: admin })).status).toBe(200)
  expect((await call('POST', `/ng/api/connectors/listV2?${PROJECT}`, { key: againToken, body: {} })).status).toBe(401)
  const leftover = await call('GET', `/authz/api/roleassignments?${PROJECT}`, { cookie: admin })
  expect(leftover.json.data.content.map((entry) => entry.principalName)).not.toContain('CI bot')

  // Each of those changes is on the audit trail, with Ana as its actor, and no token's value anywhere.
  const delegateToken = await call('POST', `/ng/api/delegate-tokens?${PROJECT}`, {
    cookie: admin,
    body: { name: 'ci-runner' },
  })
  expect(delegateToken.status).toBe(200)
  expect((await call('DELETE', `/ng/api/delegate-tokens/ci-runner?${PROJECT}`, { cookie: admin })).status).toBe(200)
  const trail = async (type: string) => {
    const answer = await call('POST', `/audit/api/audits/list?${PROJECT}`, {
      cookie: admin,
      body: { resources: [{ type }] },
    })
    expect(JSON.stringify(answer.json)).not.toContain(token.split('.').at(-1))
    expect(JSON.stringify(answer.json)).not.toContain(againToken.split('.').at(-1))
    const events = (
      answer.json.data as unknown as {
        content: { action: string; authenticationInfo: { principal: { name: string } } }[]
      }
    ).content
    expect(new Set(events.map((event) => event.authenticationInfo.principal.name))).toEqual(new Set(['Ana Admin']))
    return events.map((event) => event.action)
  }
  expect(await trail('SERVICE_ACCOUNT')).toEqual(['DELETE', 'CREATE'])
  // The key and the token left on it went with the account: each is an entity changed, with its event.
  expect(await trail('API_KEY')).toEqual(['DELETE', 'CREATE'])
  expect(await trail('TOKEN')).toEqual(['DELETE', 'CREATE', 'DELETE', 'CREATE'])
  // Bo's binding from the invitation above, then CI bot's, made and removed with its account.
  expect(await trail('ROLE_ASSIGNMENT')).toEqual(['DELETE', 'CREATE', 'CREATE'])
  expect(await trail('DELEGATE_TOKEN')).toEqual(['REVOKE', 'CREATE'])
}, 60_000)
