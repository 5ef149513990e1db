import { join } from 'node:path'
import { auditKey } from '../backend/audit/audit-chain'
import type { AuditEvent } from '../backend/audit/audit-event'
import type { AuditDescriber, StoreChange } from '../backend/audit/store-change'
import { changeOf } from '../backend/audit/store-change'
import { isFilteredQuery } from '../backend/connector-list'
import type { MockState, StoredConnector } from '../backend/records'
import { scopeKey } from '../backend/records'
import type { DataStore } from '../backend/store'
import type { DelegateGroup } from '../lib/api-types'
import { TEST_HISTORY_LIMIT } from '../lib/api-types'
import { appendAuditEvents, listAuditEvents, lockAuditHead, writeWithEvent } from './audit/sql-audit-trail'
import { sqlAuditedWrites } from './audit/sql-audited-writes'
import { headKeepingAppender } from './audit/sql-write-with-head'
import { SECRET_KEY_BYTES } from './secret-cipher'
import { verifySecretKey } from './secret-key'
import type { SqlClient, SqlQueryable } from './sql-client'
import { openPgliteClient, openPostgresClient } from './sql-client'
import { listConnectors } from './sql-connector-list'
import * as connectors from './sql-connectors'
import { migrate } from './sql-migrations'
import { pipelineTable } from './sql-pipelines'
import { roleAssignmentTable } from './sql-role-assignments'
import { json, num, text } from './sql-rows'
import { scopeTable } from './sql-scopes'
import * as secretUsage from './sql-secret-usage'
import { secretTable } from './sql-secrets'
import { resetTo, seedOnFirstStart } from './sql-seed'
import * as testResults from './sql-test-results'

/**
 * The server's DataStore, on PostgreSQL: a real server when `databaseUrl` is given, otherwise
 * embedded PGlite persisted in `<dataDir>/pglite`. The schema is migrated at start
 * (sql-migrations.ts). Every write is one transaction that also bumps the change counter, and
 * resolves once committed (and, on PGlite, written through to disk).
 */

export type SqlStoreOptions = {
  /** `postgres://…`: use that server. */
  databaseUrl?: string
  /** Without `databaseUrl`: the folder the embedded database lives in. */
  dataDir?: string
  /** 32 bytes that encrypt secret values at rest (`loadSecretKey`); checked against the database at open. */
  secretKey: Buffer
  /** Where the key came from, for the words of a refusal. */
  secretKeySource?: string
  /** The key was made by this start (loadSecretKey): a database with secrets is refused with it. */
  secretKeyCreated?: boolean
  now?: () => number
  /** What a first start writes (the server's sample data, or the simulated world's demo data). */
  seed?: (now: number) => MockState
  /** The simulated world only: Reset demo data empties the database and writes the seed again. */
  resettable?: boolean
  /** Each audit event once its transaction has committed, never before (`--audit-log`). */
  onAuditEvents?: (events: readonly AuditEvent[]) => void
}

export type SqlStore = DataStore & {
  readonly kind: SqlClient['kind']
  /** The connection, for the server's other tables (delegates and test tasks). */
  readonly client: SqlClient
  /** Whether the database answers now (for /readyz). */
  ready(): Promise<{ ready: boolean; detail?: string }>
  close(): Promise<void>
}

export async function openSqlStore(options: SqlStoreOptions): Promise<SqlStore> {
  if (options.secretKey.length !== SECRET_KEY_BYTES) {
    throw new Error(`The secret key must be ${SECRET_KEY_BYTES} bytes`)
  }
  let client: SqlClient
  if (options.databaseUrl) client = openPostgresClient(options.databaseUrl)
  else if (options.dataDir) client = await openPgliteClient(join(options.dataDir, 'pglite'))
  else throw new Error('openSqlStore needs a databaseUrl or a dataDir')
  try {
    await migrate(client)
    await verifySecretKey(client, options.secretKey, options.secretKeySource, options.secretKeyCreated)
  } catch (error) {
    await client.close().catch(() => undefined)
    throw error
  }
  const store = createSqlStore(client, options)
  const { seed } = options
  if (seed) {
    const now = store.now()
    await seedOnFirstStart(client, store, seed(now), now)
    if (options.resettable) {
      const key = auditKey(options.secretKey)
      const committed = (events: readonly AuditEvent[]) => {
        if (events.length) options.onAuditEvents?.(events)
      }
      store.reset = (event) => {
        const at = store.now()
        return resetTo(client, store, seed(at), at, event ? { key, event, committed } : undefined)
      }
    }
  }
  return store
}

function createSqlStore(client: SqlClient, options: SqlStoreOptions): SqlStore {
  const secrets = secretTable(client, options.secretKey)
  const trailKey = auditKey(options.secretKey)
  // A change's event, in the change's transaction.
  const committed = (events: readonly AuditEvent[]) => {
    if (events.length) options.onAuditEvents?.(events)
  }
  const audited = sqlAuditedWrites(client, options.secretKey, trailKey, committed)
  const appender = headKeepingAppender(trailKey)
  // A connector change's event, in the change's transaction.
  const appendChange = (
    tx: SqlQueryable,
    audit: AuditDescriber,
    before: StoredConnector | undefined,
    after: StoredConnector | undefined,
  ): Promise<AuditEvent[]> => {
    const change = changeOf<Extract<StoreChange, { resource: 'connector' }>>('connector', before, after)
    return change ? appendAuditEvents(tx, trailKey, [audit(change)]) : Promise.resolve([])
  }
  /** Runs a connector write, collecting its events, and hands them on once it has committed. */
  const thenCommitted = async <R>(write: (events: AuditEvent[]) => Promise<R>): Promise<R> => {
    const events: AuditEvent[] = []
    const result = await write(events)
    committed(events)
    return result
  }
  const pipelines = pipelineTable(client)
  const roleAssignments = roleAssignmentTable(client)
  const scopes = scopeTable(client)
  let closed: Promise<void> | undefined
  return {
    kind: client.kind,
    client,
    now: options.now ?? Date.now,

    scopeExists: scopes.scopeExists,
    getScope: scopes.getScope,
    listScopes: scopes.listScopes,
    createScope: audited.createScope,
    updateScope: audited.updateScope,
    deleteScope: audited.deleteScope,

    getConnector: (scope, identifier) => connectors.getConnector(client, scopeKey(scope), identifier),
    // A search or filter is planned for its values (a common term scans in order and stops at
    // the page; a rare one uses the trigram index): a generic plan, as PGlite keeps for the
    // plain list, took 0.4 s for a one-character term at 100,000 connectors instead of 15 ms.
    listConnectors: (scope, query) =>
      isFilteredQuery(query)
        ? client.transaction(async (tx) => {
            await tx.query('SET LOCAL plan_cache_mode = force_custom_plan')
            return listConnectors(tx, scope, query)
          })
        : listConnectors(client, scope, query),
    // A create's event goes in the create's own statement (the trail's cost is one statement's rows).
    createConnector: async (record, audit) => {
      const change =
        audit &&
        changeOf<Extract<StoreChange, { resource: 'connector' }>>('connector', undefined, { ...record, version: 1 })
      if (!audit || !change) return connectors.createConnector(client, record)
      const { result, events } = await appender.write(
        [audit(change)],
        (append) => connectors.createConnector(client, record, append),
        (appendLocked) =>
          client.transaction(async (tx) => {
            await lockAuditHead(tx)
            const created = await connectors.createConnector(tx, record)
            if (created.ok) await appendLocked(tx)
            return created
          }),
      )
      committed(events)
      return result
    },
    updateConnector: (record, expectedVersion, audit) =>
      audit
        ? thenCommitted((events) =>
            connectors.updateConnector(client, record, expectedVersion, async (tx, before, after) => {
              events.push(...(await appendChange(tx, audit, before, after)))
            }),
          )
        : connectors.updateConnector(client, record, expectedVersion),
    deleteConnector: (scope, identifier, expectedVersion, audit) =>
      audit
        ? thenCommitted((events) =>
            connectors.deleteConnector(client, scope, identifier, expectedVersion, async (tx, before, after) => {
              events.push(...(await appendChange(tx, audit, before, after)))
            }),
          )
        : connectors.deleteConnector(client, scope, identifier, expectedVersion),
    listAuditEvents: (query) => listAuditEvents(client, query),
    recordConnectorStatus: (scope, identifier, status, searchText) =>
      connectors.recordConnectorStatus(client, scope, identifier, status, searchText),
    recordTestResult: (scope, identifier, result, audit) =>
      writeWithEvent(
        client,
        audit ? { key: trailKey, committed } : undefined,
        audit?.({ resource: 'connectionTest', scopeKey: scopeKey(scope), identifier, after: result }),
        (q) => testResults.recordTestResult(q, scope, identifier, result, TEST_HISTORY_LIMIT),
        (recorded) => recorded,
      ),
    testHistory: (scope, identifier, limit) => testResults.testHistory(client, scope, identifier, limit),

    getSecret: secrets.getSecret,
    listSecrets: secrets.listSecrets,
    findSecretsByIdentifier: secrets.findSecretsByIdentifier,
    createSecret: audited.createSecret,
    updateSecret: audited.updateSecret,
    deleteSecret: audited.deleteSecret,
    connectorsUsingSecret: (secretKey, query) => secretUsage.connectorsUsingSecret(client, secretKey, query),
    countConnectorsUsingSecrets: (secretKeys) => secretUsage.countConnectorsUsingSecrets(client, secretKeys),

    getPipeline: pipelines.getPipeline,
    listPipelines: pipelines.listPipelines,
    pipelinesUsingConnector: pipelines.pipelinesUsingConnector,
    createPipeline: audited.createPipeline,
    updatePipeline: audited.updatePipeline,

    roleAssignmentsOf: roleAssignments.roleAssignmentsOf,
    scopeExistsFor: roleAssignments.scopeExistsFor,
    listRoleAssignments: roleAssignments.listRoleAssignments,
    getRoleAssignment: roleAssignments.getRoleAssignment,
    createRoleAssignment: audited.createRoleAssignment,
    deleteRoleAssignment: audited.deleteRoleAssignment,

    async delegates() {
      const rows = await client.query('SELECT delegate_group FROM delegate_groups ORDER BY identifier')
      return rows.map((row) => json<DelegateGroup>(row.delegate_group))
    },

    async changeCount() {
      const rows = await client.query('SELECT count FROM change_counter WHERE id = 1')
      return rows[0] ? num(rows[0].count) : 0
    },

    async changeCounts(accountIdentifier) {
      const rows = await client.query(
        "SELECT scope_key, count FROM scope_changes WHERE starts_with(scope_key, $1 || '/')",
        [accountIdentifier],
      )
      return new Map(rows.map((row) => [text(row.scope_key), num(row.count)]))
    },

    async ready() {
      try {
        await client.query('SELECT 1')
        return { ready: true }
      } catch (error) {
        return { ready: false, detail: error instanceof Error ? error.message : String(error) }
      }
    },

    close() {
      closed ??= client.close()
      return closed
    },
  }
}
