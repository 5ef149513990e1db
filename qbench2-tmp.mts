import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
const db = await PGlite.create('/tmp/prof-data/pglite', { extensions: { pg_trgm } })
const sk = 'acme/default/payments'
async function time(name: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await fn()
  const t = performance.now(); const n = 400
  for (let i = 0; i < n; i++) await fn()
  console.log(name, ((performance.now() - t) / n).toFixed(3), 'ms')
}
await time('tasks by scope only', () => db.query(`SELECT identifier, id FROM test_tasks WHERE scope_key = $1 AND state IN ('queued', 'running')`, [sk]))
await time('agg items + count', async () => {
  const r = await db.query<any>(`SELECT (SELECT count FROM connector_counts WHERE scope_key = $1) AS total,
    coalesce((SELECT json_agg(json_build_object('scope_key', scope_key, 'identifier', identifier, 'created_at', created_at, 'last_modified_at', last_modified_at, 'version', version, 'connector', connector, 'status_details', status_details))::text
     FROM (SELECT * FROM connectors WHERE scope_key = $1 ORDER BY last_modified_at DESC, identifier ASC LIMIT 50 OFFSET 0) page), '[]') AS items`, [sk])
  JSON.parse(r.rows[0].items)
})
await time('agg array items + count', async () => {
  const r = await db.query<any>(`SELECT (SELECT count FROM connector_counts WHERE scope_key = $1) AS total,
    (SELECT json_agg(json_build_array(identifier, created_at, last_modified_at, version, connector, status_details))::text
     FROM (SELECT identifier, created_at, last_modified_at, version, connector, status_details FROM connectors WHERE scope_key = $1 ORDER BY last_modified_at DESC, identifier ASC LIMIT 50 OFFSET 0) page) AS items`, [sk])
  JSON.parse(r.rows[0].items)
})
await time('rows no search no parse', async () => {
  await db.query<any>(`SELECT identifier, created_at, last_modified_at, version, connector::text, status_details::text FROM connectors WHERE scope_key = $1 ORDER BY last_modified_at DESC, identifier ASC LIMIT 50 OFFSET 0`, [sk])
})
await db.close()
