import type { AuditDraft, AuditEvent } from '../backend/audit/audit-event'
import type { MockState } from '../backend/records'
import { scopeOfKey } from '../backend/records'
import type { DataStore } from '../backend/store'
import { appendAuditEvents } from './audit/sql-audit-trail'
import type { SqlClient } from './sql-client'
import { bumpChangeCount } from './sql-rows'

/**
 * The data a server starts from. A first start (no `seeded_at` yet) writes the seed once; a
 * database whose user deleted everything is not seeded again. `resetTo` (the simulated world
 * only) empties the tables and writes the seed anew.
 */

async function writeState(client: SqlClient, store: DataStore, state: MockState, seededAt: number): Promise<void> {
  // The scopes first: everything else lives in them.
  for (const record of state.scopes) await store.createScope(record)
  for (const record of state.secrets) await store.createSecret(record)
  for (const record of state.connectors) {
    await store.createConnector(record)
    if (record.status.status !== 'UNKNOWN') {
      await store.recordConnectorStatus(
        scopeOfKey(record.scopeKey),
        record.connector.identifier,
        record.status,
        record.searchText,
      )
    }
  }
  for (const record of state.pipelines) await store.createPipeline(record)
  for (const record of state.roleAssignments) await store.createRoleAssignment(record)
  await client.transaction(async (tx) => {
    for (const group of state.delegates) {
      await tx.query(
        `INSERT INTO delegate_groups (identifier, delegate_group) VALUES ($1, $2::text::jsonb)
         ON CONFLICT (identifier) DO UPDATE SET delegate_group = EXCLUDED.delegate_group`,
        [group.delegateGroupIdentifier, JSON.stringify(group)],
      )
    }
    await tx.query(
      `INSERT INTO meta (key, value) VALUES ('seeded_at', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [String(seededAt)],
    )
    await bumpChangeCount(tx)
  })
}

/** Writes the seed on a first start; answers whether it did. */
export async function seedOnFirstStart(client: SqlClient, store: DataStore, state: MockState, now: number) {
  const seeded = await client.query("SELECT value FROM meta WHERE key = 'seeded_at'")
  if (seeded.length) return false
  await writeState(client, store, state, now)
  return true
}

/** Throws everything away and writes the seed again (the simulated world's Reset demo data). */
export async function resetTo(
  client: SqlClient,
  store: DataStore,
  state: MockState,
  now: number,
  trail?: { key: Uint8Array; event: AuditDraft; committed: (events: readonly AuditEvent[]) => void },
): Promise<void> {
  let events: AuditEvent[] = []
  await client.transaction(async (tx) => {
    // The trail is never reset: the reset is on it, in the transaction that empties the tables.
    if (trail) events = await appendAuditEvents(tx, trail.key, [trail.event])
    await tx.query('DELETE FROM scopes')
    await tx.query('DELETE FROM connectors')
    await tx.query('DELETE FROM connector_counts')
    await tx.query('DELETE FROM secrets')
    await tx.query('DELETE FROM pipelines')
    await tx.query('DELETE FROM delegate_groups')
    await tx.query('DELETE FROM role_assignments')
  })
  trail?.committed(events)
  await writeState(client, store, state, now)
}
