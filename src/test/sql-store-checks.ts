import { expect } from 'vitest'
import { connectorRecord, scopeKey } from '../backend/records'
import type { SqlStore } from '../server/sql-store'
import { finishTask, insertTask } from '../server/sql-test-tasks'
import { paymentsDockerConnector } from './payments-bodies'

/**
 * Checks of the SQL store's own tables that the store contract (which every store passes) does
 * not reach, run by the PGlite and the PostgreSQL test files alike.
 */

const scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

/** A list page names each connector's open test: the oldest queued or running one, nothing else. */
export async function expectOpenTestsOnPage(store: SqlStore): Promise<void> {
  for (const identifier of ['alpha', 'beta', 'gamma']) {
    const connector = paymentsDockerConnector(identifier, `https://${identifier}.registry.test`)
    expect(
      (await store.createConnector(connectorRecord(scope, connector, { createdAt: 1, lastModifiedAt: 2 }))).ok,
    ).toBe(true)
  }
  const task = (id: string, identifier: string, createdAt: number) => ({
    id,
    scopeKey: scopeKey(scope),
    identifier,
    selectors: [],
    createdAt,
  })
  await insertTask(store.client, task('alpha-newer', 'alpha', 20))
  await insertTask(store.client, task('alpha-older', 'alpha', 10))
  await insertTask(store.client, task('beta-done', 'beta', 5))
  await finishTask(store.client, 'beta-done', { status: 'SUCCESS', testedAt: 6, stages: [] }, 6)
  // Another project's task for a connector of the same identifier is not this one's.
  await insertTask(store.client, { ...task('elsewhere', 'gamma', 1), scopeKey: 'acme/default/other' })

  const page = await store.listConnectors(scope, { searchTerm: '', pageIndex: 0, pageSize: 10 })
  expect(page.items.map((item) => item.connector.identifier).sort()).toEqual(['alpha', 'beta', 'gamma'])
  expect(page.openTests).toEqual(new Map([['alpha', 'alpha-older']]))
}
