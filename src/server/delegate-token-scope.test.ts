import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bootstrapPrincipal } from '../backend/access/bootstrap'
import type { Principal } from '../backend/access/principal'
import { roleAssignmentRecord } from '../backend/access/role-assignments'
import { scopeKey } from '../backend/records'
import { SEED_ACCOUNT } from '../backend/seed-data'
import type { CheckOptions, CheckOutcome, CheckTask } from '../delegate-agent/check-types'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { Scope } from '../lib/scope'
import { readEvents, startDelegateTestServer, type DelegateTestServer } from '../test/delegate-server'
import { paymentsDockerConnector } from '../test/payments-bodies'
import { hashToken } from './sql-delegate-tokens'
import { registerDelegate } from './sql-delegates'
import { claimTasks, insertTask } from './sql-test-tasks'

/**
 * Issue 19: a delegate token belongs to a scope. Its delegates take only the tests of connectors
 * in that scope or below, and only people with core_delegate_edit there see, create or revoke
 * its tokens. The attacks: a project's delegate reaching for another project's test, a Project
 * Viewer reading the project's tokens, a Project Admin reaching into another project's.
 */

const ACCOUNT: Scope = { accountIdentifier: 'acme' }
const DEFAULT_ORG: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default' }
const PLATFORM: Scope = { accountIdentifier: 'acme', orgIdentifier: 'platform' }
const PAYMENTS: Scope = { ...DEFAULT_ORG, projectIdentifier: 'payments' }
const CHECKOUT: Scope = { ...DEFAULT_ORG, projectIdentifier: 'checkout' }
const INFRA: Scope = { ...PLATFORM, projectIdentifier: 'infra' }

/** Who a request is from, by this header; the bootstrap service account (Account Admin) otherwise. */
const AS = 'x-test-principal'
const user = (identifier: string): Principal => ({
  type: 'USER',
  identifier,
  name: identifier,
  email: `${identifier}@example.invalid`,
  accountIdentifier: SEED_ACCOUNT,
})
const PEOPLE = [user('pay_viewer'), user('pay_admin')]

let server: DelegateTestServer

beforeAll(async () => {
  mockServiceWorker.close()
  server = await startDelegateTestServer({
    authenticate: (request) => {
      const wanted = request.headers.get(AS)
      return Promise.resolve(PEOPLE.find((person) => person.identifier === wanted) ?? bootstrapPrincipal(SEED_ACCOUNT))
    },
  })
  const bind = (identifier: string, roleIdentifier: string) =>
    server.store.createRoleAssignment(
      roleAssignmentRecord(
        PAYMENTS,
        {
          identifier: `${identifier}_binding`,
          roleIdentifier,
          resourceGroupIdentifier: '_all_project_level_resources',
          principal: { identifier, type: 'USER' },
        },
        Date.now(),
      ),
    )
  await bind('pay_viewer', '_project_viewer')
  await bind('pay_admin', '_project_admin')
}, 60_000)

afterAll(async () => {
  await server?.close()
})

/** A token at `scope` and a delegate registered with it, as the delegate API would register it. */
async function tokenDelegate(scope: Scope, name: string) {
  const created = await server.dispatch.createToken(scope, `${name}-token`)
  if (!created) throw new Error(`token ${name}-token exists`)
  const delegate = { id: randomUUID(), name, tokenHash: hashToken(created.value) }
  const registration = { name, tags: [], hostname: 'box', maxConcurrency: 8, tokenName: `${name}-token` }
  const registered = await registerDelegate(
    server.store.client,
    delegate.id,
    { ...registration, tokenHash: delegate.tokenHash },
    Date.now(),
  )
  expect(registered.ok).toBe(true)
  return delegate
}

/** A queued test of a connector at `scope` that only a delegate named `selector` satisfies. */
async function queue(scope: Scope, selector: string): Promise<string> {
  const id = randomUUID()
  const task = { id, scopeKey: scopeKey(scope), identifier: 'any_connector', selectors: [selector], createdAt: 1 }
  await insertTask(server.store.client, task)
  return id
}

async function claimed(delegate: { id: string; name: string; tokenHash: string }): Promise<string[]> {
  const tasks = await claimTasks(server.store.client, delegate, 20, Date.now())
  return tasks.map((task) => task.id).sort()
}

describe('a delegate takes the tests of its token’s scope and below', () => {
  it('a project token’s delegate does not take a test of another project’s connector, nor of its organization', async () => {
    const delegate = await tokenDelegate(PAYMENTS, 'pay-only')
    await queue(CHECKOUT, 'pay-only')
    await queue(DEFAULT_ORG, 'pay-only')
    await queue(ACCOUNT, 'pay-only')
    const own = await queue(PAYMENTS, 'pay-only')
    expect(await claimed(delegate)).toEqual([own])
  })

  it('an organization token’s delegate takes its projects’ tests, but not another organization’s', async () => {
    const delegate = await tokenDelegate(PLATFORM, 'platform-org')
    await queue(PAYMENTS, 'platform-org')
    await queue(DEFAULT_ORG, 'platform-org')
    await queue(ACCOUNT, 'platform-org')
    const own = [await queue(PLATFORM, 'platform-org'), await queue(INFRA, 'platform-org')]
    expect(await claimed(delegate)).toEqual(own.sort())
  })

  it('an account token’s delegate takes tests at every scope of the account', async () => {
    const delegate = await tokenDelegate(ACCOUNT, 'account-wide')
    const all = [
      await queue(ACCOUNT, 'account-wide'),
      await queue(PLATFORM, 'account-wide'),
      await queue(PAYMENTS, 'account-wide'),
    ]
    expect(await claimed(delegate)).toEqual(all.sort())
  })

  it('a test only another project’s delegate could take ends at once (no eligible delegate), not after a wait', async () => {
    const passing = (_task: CheckTask, options: CheckOptions): Promise<CheckOutcome> => {
      const stage = { title: 'Connect to the registry', status: 'passed' as const, durationMs: 1, log: [] }
      options.onStageFinished?.(0, stage)
      return Promise.resolve({ stages: [stage], result: { status: 'SUCCESS' } })
    }
    const delegate = server.startDelegate({ name: 'pay-runner', tokenScope: PAYMENTS, runCheck: passing })
    await delegate.registered
    const connector = (scope: Scope, identifier: string) => ({
      ...paymentsDockerConnector(identifier, 'http://127.0.0.1:5999', { selectors: ['pay-runner'] }),
      projectIdentifier: scope.projectIdentifier,
    })
    const test = async (scope: Scope, identifier: string) => {
      expect(
        (await server.api('POST', '/ng/api/connectors', { scope, body: { connector: connector(scope, identifier) } }))
          .status,
      ).toBe(200)
      const query = new URLSearchParams({ ...scope })
      const path = `/ng/api/connectors/testConnection/${identifier}?${query}`
      return readEvents(await server.fetch(path, { method: 'POST', headers: { Accept: 'application/x-ndjson' } }))
    }
    const elsewhere = await test(CHECKOUT, 'checkout_registry')
    expect(elsewhere.at(-1)).toMatchObject({ result: { status: 'FAILURE', failureKind: 'NO_DELEGATE' } })
    expect(JSON.stringify(elsewhere.at(-1))).toContain(
      'Only the built-in delegate and those whose token belongs to project checkout in organization default or a scope above it',
    )
    const own = await test(PAYMENTS, 'payments_registry')
    expect(own.at(-1)).toMatchObject({ result: { status: 'SUCCESS', delegateName: 'pay-runner' } })
    await delegate.stop()
  })
})

describe('the delegates a scope lists', () => {
  it('are those that can take its tests: a Project Viewer of payments does not see checkout’s delegate', async () => {
    await tokenDelegate(CHECKOUT, 'check-listed')
    await tokenDelegate(PAYMENTS, 'pay-listed')
    const names = async (scope: Scope) => {
      const query = new URLSearchParams({
        accountId: scope.accountIdentifier,
        ...(scope.orgIdentifier ? { orgId: scope.orgIdentifier } : {}),
        ...(scope.projectIdentifier ? { projectId: scope.projectIdentifier } : {}),
      })
      const response = await server.fetch(`/api/setup/delegates/v2/up-the-hierarchy?${query}`, {
        headers: { [AS]: 'pay_viewer' },
      })
      expect(response.status).toBe(200)
      const body = (await response.json()) as { resource: { delegateGroupDetails: { groupName: string }[] } }
      return body.resource.delegateGroupDetails.map((group) => group.groupName)
    }
    const seen = await names(PAYMENTS)
    expect(seen).toContain('pay-listed')
    expect(seen).not.toContain('check-listed')
  })
})

type TokenList = { data: { name: string; revokedAt?: number }[] }

function tokensApi(method: string, scope: Scope, who?: string, options: { name?: string; path?: string } = {}) {
  const path = `/ng/api/delegate-tokens${options.path ? `/${options.path}` : ''}`
  const query = new URLSearchParams({ ...scope })
  return server
    .fetch(`${path}?${query}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(who ? { [AS]: who } : {}) },
      ...(options.name ? { body: JSON.stringify({ name: options.name }) } : {}),
    })
    .then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }))
}

describe('who sees, creates and revokes a scope’s delegate tokens', () => {
  it('refuses a Project Viewer the project’s tokens: seeing them needs core_delegate_edit', async () => {
    expect((await tokensApi('POST', PAYMENTS, undefined, { name: 'payments-kept' })).status).toBe(200)
    const list = await tokensApi('GET', PAYMENTS, 'pay_viewer')
    expect(list.status).toBe(403)
    expect(list.body).toMatchObject({ code: 'NG_ACCESS_DENIED' })
    expect(JSON.stringify(list.body)).not.toContain('payments-kept')
    expect((await tokensApi('POST', PAYMENTS, 'pay_viewer', { name: 'viewer-made' })).status).toBe(403)
    expect((await tokensApi('DELETE', PAYMENTS, 'pay_viewer', { path: 'payments-kept' })).status).toBe(403)
  })

  it('lets a Project Admin of payments manage payments’ tokens, and none of checkout’s', async () => {
    expect((await tokensApi('POST', PAYMENTS, 'pay_admin', { name: 'pay-admin-made' })).status).toBe(200)
    const own = (await tokensApi('GET', PAYMENTS, 'pay_admin')).body as TokenList
    expect(own.data.map((token) => token.name)).toContain('pay-admin-made')

    expect((await tokensApi('POST', CHECKOUT, undefined, { name: 'checkout-kept' })).status).toBe(200)
    expect((await tokensApi('GET', CHECKOUT, 'pay_admin')).status).toBe(403)
    expect((await tokensApi('POST', CHECKOUT, 'pay_admin', { name: 'into-checkout' })).status).toBe(403)
    expect((await tokensApi('DELETE', CHECKOUT, 'pay_admin', { path: 'checkout-kept' })).status).toBe(403)
    // Named in their own project, another project's token is unknown there.
    expect((await tokensApi('DELETE', PAYMENTS, 'pay_admin', { path: 'checkout-kept' })).status).toBe(404)
    expect((await tokensApi('GET', ACCOUNT, 'pay_admin')).status).toBe(403)

    const checkout = (await tokensApi('GET', CHECKOUT)).body as TokenList
    expect(checkout.data.find((token) => token.name === 'checkout-kept')).toEqual(
      expect.not.objectContaining({ revokedAt: expect.anything() }),
    )
    expect((await tokensApi('DELETE', PAYMENTS, 'pay_admin', { path: 'pay-admin-made' })).status).toBe(200)
  })

  it('lets an Account Admin manage tokens at every scope, each scope listing only its own', async () => {
    const scopes = [ACCOUNT, DEFAULT_ORG, INFRA]
    const names = ['at-account', 'at-org', 'at-infra']
    for (const [index, scope] of scopes.entries()) {
      expect((await tokensApi('POST', scope, undefined, { name: names[index] })).status).toBe(200)
    }
    for (const [index, scope] of scopes.entries()) {
      const listed = ((await tokensApi('GET', scope)).body as TokenList).data.map((token) => token.name)
      expect(listed.filter((name) => names.includes(name))).toEqual([names[index]])
      expect((await tokensApi('DELETE', scope, undefined, { path: names[index] })).status).toBe(200)
    }
  })
})
