import type { StoredRoleAssignment } from '../../backend/access/role-assignments'
import type { AuditEvent } from '../../backend/audit/audit-event'
import type { AuditDescriber, StoreChange, StoreRecordChange } from '../../backend/audit/store-change'
import { changeOf } from '../../backend/audit/store-change'
import type { StoredPipeline, StoredScope } from '../../backend/records'
import { scopeKey, scopeOfKey } from '../../backend/records'
import type { DataStore } from '../../backend/store'
import type { SqlClient, SqlTransaction } from '../sql-client'
import { pipelineTable } from '../sql-pipelines'
import { roleAssignmentTable } from '../sql-role-assignments'
import { scopeTable } from '../sql-scopes'
import { secretTable } from '../sql-secrets'
import { appendAuditEvents, lockAuditHead } from './sql-audit-trail'

/**
 * The SQL store's writes of secrets, pipelines, scopes and role bindings, with their audit event
 * when the request records one: the record before is read under a row lock, the write runs, and
 * its event is appended, all in one transaction (the tables run over that transaction).
 */

type Audited = Pick<
  DataStore,
  | 'createScope'
  | 'updateScope'
  | 'deleteScope'
  | 'createSecret'
  | 'updateSecret'
  | 'deleteSecret'
  | 'createPipeline'
  | 'updatePipeline'
  | 'createRoleAssignment'
  | 'deleteRoleAssignment'
>

export function sqlAuditedWrites(
  client: SqlClient,
  secretKey: Buffer,
  trailKey: Uint8Array,
  committed: (events: readonly AuditEvent[]) => void,
): Audited {
  const scopes = scopeTable(client)
  const secrets = secretTable(client, secretKey)
  const pipelines = pipelineTable(client)
  const bindings = roleAssignmentTable(client)

  // The tables' own transactions run inline in this one.
  const over = (tx: SqlTransaction): SqlClient => ({
    kind: client.kind,
    query: (sql, params) => tx.query(sql, params),
    transaction: (fn) => fn(tx),
    close: () => Promise.resolve(),
  })

  function audited<T extends StoreRecordChange, R extends { ok: boolean }>(
    audit: AuditDescriber,
    resource: T['resource'],
    readBefore: ((tx: SqlClient) => Promise<T['before']>) | undefined,
    run: (tx: SqlClient) => Promise<R>,
    afterOf: (result: R) => T['after'],
  ): Promise<R> {
    let events: AuditEvent[] = []
    const written = client.transaction(async (raw) => {
      await lockAuditHead(raw)
      const tx = over(raw)
      const before = readBefore ? await readBefore(tx) : undefined
      const result = await run(tx)
      const change = result.ok ? changeOf<T>(resource, before, afterOf(result)) : undefined
      if (change) events = await appendAuditEvents(raw, trailKey, [audit(change)])
      return result
    })
    // Handed on once committed: a stream never tells of a change that rolled back.
    return written.then((result) => {
      committed(events)
      return result
    })
  }

  const lockedScope = async (tx: SqlClient, key: string): Promise<StoredScope | undefined> => {
    await tx.query('SELECT 1 FROM scopes WHERE scope_key = $1 FOR UPDATE', [key])
    return scopeTable(tx).getScope(scopeOfKey(key))
  }
  const recordOf = <T>(result: { ok: boolean; record?: T }) => (result.ok ? result.record : undefined)
  type ScopeChange = Extract<StoreChange, { resource: 'scope' }>
  type SecretChange = Extract<StoreChange, { resource: 'secret' }>
  type PipelineChange = Extract<StoreChange, { resource: 'pipeline' }>
  type BindingChange = Extract<StoreChange, { resource: 'roleAssignment' }>

  return {
    createScope: (record, audit) =>
      audit
        ? audited<ScopeChange, Awaited<ReturnType<Audited['createScope']>>>(
            audit,
            'scope',
            undefined,
            (tx) => scopeTable(tx).createScope(record),
            recordOf,
          )
        : scopes.createScope(record),
    updateScope: (record, expectedVersion, audit) =>
      audit
        ? audited<ScopeChange, Awaited<ReturnType<Audited['updateScope']>>>(
            audit,
            'scope',
            (tx) => lockedScope(tx, record.key),
            (tx) => scopeTable(tx).updateScope(record, expectedVersion),
            recordOf,
          )
        : scopes.updateScope(record, expectedVersion),
    deleteScope: (scope, expectedVersion, audit) =>
      audit
        ? audited<ScopeChange, Awaited<ReturnType<Audited['deleteScope']>>>(
            audit,
            'scope',
            (tx) => lockedScope(tx, scopeKey(scope)),
            (tx) => scopeTable(tx).deleteScope(scope, expectedVersion),
            () => undefined,
          )
        : scopes.deleteScope(scope, expectedVersion),
    createSecret: (record, audit) =>
      audit
        ? audited<SecretChange, Awaited<ReturnType<Audited['createSecret']>>>(
            audit,
            'secret',
            undefined,
            (tx) => secretTable(tx, secretKey).createSecret(record),
            recordOf,
          )
        : secrets.createSecret(record),
    updateSecret: (record, expectedVersion, audit) =>
      audit
        ? audited<SecretChange, Awaited<ReturnType<Audited['updateSecret']>>>(
            audit,
            'secret',
            (tx) => secretTable(tx, secretKey).lockSecret(tx, scopeOfKey(record.scopeKey), record.secret.identifier),
            (tx) => secretTable(tx, secretKey).updateSecret(record, expectedVersion),
            recordOf,
          )
        : secrets.updateSecret(record, expectedVersion),
    deleteSecret: (scope, identifier, expectedVersion, audit) =>
      audit
        ? audited<SecretChange, Awaited<ReturnType<Audited['deleteSecret']>>>(
            audit,
            'secret',
            (tx) => secretTable(tx, secretKey).lockSecret(tx, scope, identifier),
            (tx) => secretTable(tx, secretKey).deleteSecret(scope, identifier, expectedVersion),
            () => undefined,
          )
        : secrets.deleteSecret(scope, identifier, expectedVersion),
    createPipeline: (record, audit) =>
      audit
        ? audited<PipelineChange, Awaited<ReturnType<Audited['createPipeline']>>>(
            audit,
            'pipeline',
            undefined,
            (tx) => pipelineTable(tx).createPipeline(record),
            recordOf,
          )
        : pipelines.createPipeline(record),
    updatePipeline: (record, expectedVersion, audit) =>
      audit
        ? audited<PipelineChange, Awaited<ReturnType<Audited['updatePipeline']>>>(
            audit,
            'pipeline',
            async (tx): Promise<StoredPipeline | undefined> => {
              await tx.query('SELECT 1 FROM pipelines WHERE scope_key = $1 AND identifier = $2 FOR UPDATE', [
                record.scopeKey,
                record.identifier,
              ])
              return pipelineTable(tx).getPipeline(scopeOfKey(record.scopeKey), record.identifier)
            },
            (tx) => pipelineTable(tx).updatePipeline(record, expectedVersion),
            recordOf,
          )
        : pipelines.updatePipeline(record, expectedVersion),
    createRoleAssignment: (record, audit) =>
      audit
        ? audited<BindingChange, Awaited<ReturnType<Audited['createRoleAssignment']>>>(
            audit,
            'roleAssignment',
            undefined,
            (tx) => roleAssignmentTable(tx).createRoleAssignment(record),
            recordOf,
          )
        : bindings.createRoleAssignment(record),
    deleteRoleAssignment: (scope, identifier, audit) =>
      audit
        ? audited<BindingChange, Awaited<ReturnType<Audited['deleteRoleAssignment']>>>(
            audit,
            'roleAssignment',
            async (tx): Promise<StoredRoleAssignment | undefined> => {
              await tx.query('SELECT 1 FROM role_assignments WHERE scope_key = $1 AND identifier = $2 FOR UPDATE', [
                scopeKey(scope),
                identifier,
              ])
              return roleAssignmentTable(tx).getRoleAssignment(scope, identifier)
            },
            (tx) => roleAssignmentTable(tx).deleteRoleAssignment(scope, identifier),
            () => undefined,
          )
        : bindings.deleteRoleAssignment(scope, identifier),
  }
}
