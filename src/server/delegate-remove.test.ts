import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditKey } from '../backend/audit/audit-chain'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { DelegateGroup } from '../lib/api-types'
import type { AuditEventDTO } from '../lib/audit-types'
import type { Scope } from '../lib/scope'
import { startDelegateTestServer, type DelegateTestServer } from '../test/delegate-server'

/**
 * Issue 21: a disconnected delegate can be removed from the list, with its audit event; a
 * connected one, and the server's own, cannot. Delegates here speak the real delegate protocol.
 */

const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

let server: DelegateTestServer

beforeAll(async () => {
  mockServiceWorker.close()
  // The trail's key is the test server's (its secret key), so the events chain with the store's own.
  const trail = { key: auditKey(Buffer.alloc(32, 7)), committed: () => undefined }
  server = await startDelegateTestServer({ dispatch: { heartbeatTimeoutMs: 400, trail } })
}, 60_000)

afterAll(async () => {
  await server?.close()
})

async function listed(): Promise<DelegateGroup[]> {
  const answer = await server.api<{ resource: { delegateGroupDetails: DelegateGroup[] } }>(
    'GET',
    '/api/setup/delegates/v2/up-the-hierarchy?accountId=acme&orgId=default&projectId=payments',
  )
  return answer.body.resource.delegateGroupDetails
}

const remove = (name: string) =>
  server.api<{ message?: string }>('DELETE', `/ng/api/delegates/${encodeURIComponent(name)}`, { scope: PAYMENTS })

async function until(check: () => Promise<boolean>) {
  for (let tries = 0; tries < 100 && !(await check()); tries++) await new Promise((done) => setTimeout(done, 50))
}

describe('removing a delegate', () => {
  it('refuses a connected one in words, removes it once disconnected, and records who did', async () => {
    const edge = server.startDelegate({ name: 'edge', tags: ['east'] })
    await until(async () => (await listed()).some((group) => group.groupName === 'edge' && group.activelyConnected))

    const refused = await remove('edge')
    expect(refused.status).toBe(409)
    expect(refused.body.message).toMatch(/edge is connected.*Stop the delegate first/)
    expect((await listed()).map((group) => group.groupName)).toContain('edge')

    await edge.stop()
    await until(async () => (await listed()).some((group) => group.groupName === 'edge' && !group.activelyConnected))
    const removed = await remove('edge')
    expect(removed.status).toBe(200)
    expect((await listed()).map((group) => group.groupName)).not.toContain('edge')

    const events = await server.api<{ data: { content: AuditEventDTO[] } }>('POST', '/audit/api/audits/list', {
      scope: PAYMENTS,
      body: { resources: [{ type: 'DELEGATE', identifier: 'edge' }] },
    })
    expect(events.body.data.content).toEqual([
      expect.objectContaining({ action: 'DELETE', resource: expect.objectContaining({ identifier: 'edge' }) }),
    ])
  })

  it('never removes the server’s own delegate, and says when there is no such delegate', async () => {
    const local = server.startDelegate({ name: 'local' })
    await until(async () => (await listed()).some((group) => group.groupName === 'local'))
    const builtIn = await remove('local')
    expect(builtIn.status).toBe(409)
    expect(builtIn.body.message).toMatch(/built-in delegate/)
    await local.stop()

    const unknown = await remove('nobody')
    expect(unknown.status).toBe(404)
    expect(unknown.body.message).toMatch(/No delegate named nobody/)
  })
})
