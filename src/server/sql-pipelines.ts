import type { StoredPipeline } from '../backend/records'
import { scopeKey } from '../backend/records'
import type { Page, SimpleListQuery, WriteResult } from '../backend/store'
import type { Scope } from '../lib/scope'
import type { SqlClient, SqlQueryable, SqlRow } from './sql-client'
import { BUMP_CHANGE_COUNT, bumpChangeCount, countOf, json, num, scopedPage, text } from './sql-rows'

/**
 * The pipelines table: the YAML word for word, the summary as jsonb, and the resolved connector
 * keys as a GIN-indexed array for usage lookups.
 */

const COLUMNS = 'scope_key, identifier, created_at, last_updated_at, version, connector_keys, yaml, summary'

type Summary = Pick<
  StoredPipeline,
  | 'accountIdentifier'
  | 'orgIdentifier'
  | 'projectIdentifier'
  | 'name'
  | 'description'
  | 'tags'
  | 'stageCount'
  | 'connectorRefs'
  | 'sample'
>

/** What pipeline search matches: name, identifier, description and tags, lower-cased. */
export function pipelineSearchText(record: StoredPipeline): string {
  const parts = [record.name, record.identifier, record.description, ...Object.entries(record.tags).flat()]
  return parts.join('\n').toLowerCase()
}

function summaryOf(record: StoredPipeline): Summary {
  const { accountIdentifier, orgIdentifier, projectIdentifier, name, description, tags, stageCount, connectorRefs } =
    record
  const summary = {
    accountIdentifier,
    orgIdentifier,
    projectIdentifier,
    name,
    description,
    tags,
    stageCount,
    connectorRefs,
  }
  // The simulated world's sample pipelines say so (their times are made up); a save drops it.
  return record.sample ? { ...summary, sample: true } : summary
}

function toPipeline(row: SqlRow): StoredPipeline {
  const scope = text(row.scope_key)
  const identifier = text(row.identifier)
  const keys = row.connector_keys
  return {
    ...json<Summary>(row.summary),
    key: `${scope}/${identifier}`,
    scopeKey: scope,
    identifier,
    connectorKeys: Array.isArray(keys) ? keys.map(text) : [],
    yaml: text(row.yaml),
    createdAt: num(row.created_at),
    lastUpdatedAt: num(row.last_updated_at),
    version: num(row.version),
  }
}

async function selectPipeline(db: SqlQueryable, scope: string, identifier: string, lock = false) {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM pipelines WHERE scope_key = $1 AND identifier = $2${lock ? ' FOR UPDATE' : ''}`,
    [scope, identifier],
  )
  return rows[0] ? toPipeline(rows[0]) : undefined
}

export function pipelineTable(client: SqlClient) {
  return {
    getPipeline: (scope: Scope, identifier: string) => selectPipeline(client, scopeKey(scope), identifier),

    listPipelines: async (scope: Scope, query: SimpleListQuery): Promise<Page<StoredPipeline>> => {
      const page = await scopedPage(
        client,
        { name: 'pipelines', columns: COLUMNS, newestFirst: 'last_updated_at' },
        scopeKey(scope),
        query,
      )
      return { items: page.rows.map(toPipeline), total: page.total }
    },

    pipelinesUsingConnector: async (accountIdentifier: string, connectorKey: string): Promise<StoredPipeline[]> => {
      const rows = await client.query(
        `SELECT ${COLUMNS} FROM pipelines WHERE account_identifier = $1 AND connector_keys @> ARRAY[$2::text]
         ORDER BY scope_key, identifier`,
        [accountIdentifier, connectorKey],
      )
      return rows.map(toPipeline)
    },

    createPipeline: async (record: StoredPipeline): Promise<WriteResult<StoredPipeline>> => {
      const stored: StoredPipeline = { ...record, version: 1 }
      const rows = await client.query(
        `WITH inserted AS (
           INSERT INTO pipelines (scope_key, identifier, account_identifier, name, created_at, last_updated_at, version,
                                  search_text, connector_keys, yaml, summary)
           VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8::text[], $9, $10::text::jsonb)
           ON CONFLICT (scope_key, identifier) DO NOTHING
           RETURNING 1
         ), bumped AS (
           ${BUMP_CHANGE_COUNT} AND EXISTS (SELECT 1 FROM inserted)
         )
         SELECT count(*) AS n FROM inserted`,
        [
          stored.scopeKey,
          stored.identifier,
          stored.accountIdentifier,
          stored.name,
          stored.createdAt,
          stored.lastUpdatedAt,
          pipelineSearchText(stored),
          stored.connectorKeys,
          stored.yaml,
          JSON.stringify(summaryOf(stored)),
        ],
      )
      return countOf(rows) === 1 ? { ok: true, record: stored } : { ok: false, refusal: 'exists' }
    },

    updatePipeline: (record: StoredPipeline, expectedVersion?: number): Promise<WriteResult<StoredPipeline>> => {
      return client.transaction(async (tx) => {
        const current = await selectPipeline(tx, record.scopeKey, record.identifier, true)
        if (!current) return { ok: false, refusal: 'not-found' }
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          return { ok: false, refusal: 'conflict', current }
        }
        const rows = await tx.query(
          `UPDATE pipelines SET name = $3, last_updated_at = $4, version = version + 1, search_text = $5,
                  connector_keys = $6::text[], yaml = $7, summary = $8::text::jsonb
           WHERE scope_key = $1 AND identifier = $2 RETURNING ${COLUMNS}`,
          [
            current.scopeKey,
            current.identifier,
            record.name,
            record.lastUpdatedAt,
            pipelineSearchText(record),
            record.connectorKeys,
            record.yaml,
            JSON.stringify(summaryOf(record)),
          ],
        )
        await bumpChangeCount(tx)
        return { ok: true, record: toPipeline(rows[0] ?? {}) }
      })
    },
  }
}
