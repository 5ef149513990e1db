import { connectorSecretKeys } from '../backend/secret-usage'
import type { ConnectorInfo } from '../lib/api-types'
import type { SqlQueryable } from './sql-client'

/**
 * A connector write's rows of `connector_secrets` (migration 17): the secrets it uses, by record
 * key, as the core resolves its references. A delete needs nothing: its rows go by cascade.
 */

/** The rows a connector's create adds, as a CTE over the create's `inserted` one (none for no secret). */
export function linkSecretsStatement(connector: ConnectorInfo, scopeKey: string, parameter: number) {
  const keys = connectorSecretKeys(connector, scopeKey)
  return keys.length
    ? {
        cte: `, linked AS (
       INSERT INTO connector_secrets (secret_key, scope_key, identifier)
       SELECT key, inserted.scope_key, inserted.identifier FROM inserted, unnest($${parameter}::text[]) AS key
     )`,
        values: [keys],
      }
    : { cte: '', values: [] }
}

/** After an update, in its transaction: the connector's rows say what it uses now. */
export async function relinkSecrets(tx: SqlQueryable, connector: ConnectorInfo, scopeKey: string): Promise<void> {
  // The rows it drops and the rows it adds never overlap, whichever runs first.
  await tx.query(
    `WITH dropped AS (
       DELETE FROM connector_secrets WHERE scope_key = $1 AND identifier = $2 AND NOT (secret_key = ANY($3::text[]))
     )
     INSERT INTO connector_secrets (secret_key, scope_key, identifier)
     SELECT key, $1, $2 FROM unnest($3::text[]) AS key
     ON CONFLICT DO NOTHING`,
    [scopeKey, connector.identifier, connectorSecretKeys(connector, scopeKey)],
  )
}
