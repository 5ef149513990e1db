/**
 * `npm run bench`, server part: fills a server's data store with generated connectors, fast.
 *
 *   npx tsx bench/lib/seed-server-store.ts --data DIR --to N [--from M]
 *   (env DATABASE_URL=postgres://… for a PostgreSQL server; CONNECTORS_SECRET_KEY as the server gets it)
 *
 * Opens the store as the server does (migrations, the server's first-start seed), closes it, then
 * writes connectors M+1…N of the demo's generator (`bulkConnector`, project payments) straight
 * through a SQL client: INSERTs of 1,000 rows each, one transaction per batch that also keeps
 * `connector_counts` and the change counter, as `createConnector` does row by row. Connector n is
 * always the same record, so seeding 1,000 then up to 10,000 gives the same data as 10,000 at
 * once, and a rerun inserts nothing twice. Ends with ANALYZE (PostgreSQL's autovacuum would soon
 * do it; embedded PGlite has no autovacuum). Prints one JSON line: what it did and how long it took.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { StoredConnector } from '../../src/backend/records'
import { connectorSecretKeys } from '../../src/backend/secret-usage'
import { PAYMENTS_SCOPE, serverSeedWithDemoScopes } from '../../src/backend/seed-data'
import { bulkConnector } from '../../src/demo-backend/bulk-connectors'
import { loadSecretKey } from '../../src/server/secret-key'
import type { SqlClient, SqlQueryable } from '../../src/server/sql-client'
import { openPgliteClient, openPostgresClient } from '../../src/server/sql-client'
import { tagTerms } from '../../src/server/sql-connectors'
import { openSqlStore } from '../../src/server/sql-store'

const BATCH = 1_000

/** The columns `createConnector` (src/server/sql-connectors.ts) writes, in its order. */
const COLUMNS = [
  'scope_key',
  'identifier',
  'name',
  'name_key',
  'type',
  'status',
  'created_at',
  'last_modified_at',
  'last_tested_at',
  'version',
  'search_text',
  'connector',
  'status_details',
  'tag_terms',
]
const CASTS: Record<string, string> = {
  connector: '::text::json',
  status_details: '::text::jsonb',
  tag_terms: '::text[]',
}

function rowValues(record: StoredConnector): unknown[] {
  const { connector, status } = record
  return [
    record.scopeKey,
    connector.identifier,
    connector.name,
    connector.name.toLowerCase(),
    connector.type,
    status.status,
    record.createdAt,
    record.lastModifiedAt,
    status.testedAt ?? status.lastTestedAt ?? null,
    1,
    record.searchText,
    JSON.stringify(connector),
    JSON.stringify(status),
    tagTerms(connector.tags),
  ]
}

/** Inserts the records in one statement; answers how many were new, per scope. */
async function insertBatch(tx: SqlQueryable, records: readonly StoredConnector[]): Promise<Map<string, number>> {
  const params: unknown[] = []
  const tuples = records.map((record) => {
    const values = rowValues(record)
    const placeholders = values.map((value, column) => {
      params.push(value)
      return `$${params.length}${CASTS[COLUMNS[column]!] ?? ''}`
    })
    return `(${placeholders.join(', ')})`
  })
  const rows = await tx.query<{ scope_key: string; n: unknown }>(
    `WITH inserted AS (
       INSERT INTO connectors (${COLUMNS.join(', ')}) VALUES ${tuples.join(',\n')}
       ON CONFLICT (scope_key, identifier) DO NOTHING
       RETURNING scope_key
     )
     SELECT scope_key, count(*) AS n FROM inserted GROUP BY scope_key`,
    params,
  )
  return new Map(rows.map((row) => [row.scope_key, Number(row.n)]))
}

/** The secrets the records use (`connector_secrets`, as `createConnector` keeps it); a rerun adds nothing twice. */
async function linkSecrets(tx: SqlQueryable, records: readonly StoredConnector[]): Promise<void> {
  const links = records.flatMap((record) =>
    connectorSecretKeys(record.connector, record.scopeKey).map((key) => [
      key,
      record.scopeKey,
      record.connector.identifier,
    ]),
  )
  await tx.query(
    `INSERT INTO connector_secrets (secret_key, scope_key, identifier)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    [0, 1, 2].map((column) => links.map((link) => link[column])),
  )
}

async function writeBulk(client: SqlClient, from: number, to: number, now: number): Promise<number> {
  let inserted = 0
  for (let start = from + 1; start <= to; start += BATCH) {
    const records: StoredConnector[] = []
    for (let n = start; n <= Math.min(to, start + BATCH - 1); n++) records.push(bulkConnector(n, PAYMENTS_SCOPE, now))
    inserted += await client.transaction(async (tx) => {
      const added = await insertBatch(tx, records)
      await linkSecrets(tx, records)
      let total = 0
      for (const [scope, count] of added) {
        total += count
        await tx.query(
          `INSERT INTO connector_counts (scope_key, count) VALUES ($1, $2)
           ON CONFLICT (scope_key) DO UPDATE SET count = connector_counts.count + EXCLUDED.count`,
          [scope, count],
        )
      }
      if (total > 0) await tx.query('UPDATE change_counter SET count = count + 1 WHERE id = 1')
      return total
    })
  }
  return inserted
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
    strict: true,
  })
  const dataDir = values.data
  const from = Number(values.from ?? 0)
  const to = Number(values.to)
  if (!dataDir || !Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from) {
    throw new Error('usage: seed-server-store.ts --data DIR --to N [--from M] (env DATABASE_URL for PostgreSQL)')
  }
  const databaseUrl = process.env.DATABASE_URL || undefined
  const started = performance.now()
  const { key: secretKey } = await loadSecretKey({ dataDir, databaseUrl, env: process.env })
  // The server's own start (migrations, its first-start data), in the account acme with the
  // project payments that the generated connectors live in.
  const store = await openSqlStore({ databaseUrl, dataDir, secretKey, seed: serverSeedWithDemoScopes })
  await store.close()
  const opened = performance.now()

  const client = databaseUrl ? openPostgresClient(databaseUrl) : await openPgliteClient(join(dataDir, 'pglite'))
  try {
    const inserted = await writeBulk(client, from, to, Date.now())
    const wrote = performance.now()
    await client.query('ANALYZE')
    const rows = await client.query('SELECT count(*) AS n FROM connectors')
    console.log(
      JSON.stringify({
        kind: client.kind,
        from,
        to,
        inserted,
        connectorsInDatabase: Number(rows[0]?.n),
        openMs: Math.round(opened - started),
        insertMs: Math.round(wrote - opened),
        analyzeMs: Math.round(performance.now() - wrote),
        totalMs: Math.round(performance.now() - started),
      }),
    )
  } finally {
    await client.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exit(1)
})
