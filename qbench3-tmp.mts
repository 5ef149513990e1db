import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
const db = await PGlite.create('/tmp/prof-data/pglite', { extensions: { pg_trgm } })
const sk = 'acme/default/payments'
const COLS = 'scope_key, identifier, created_at, last_modified_at, version, search_text, connector, status_details'
const Q = (lim: string) => `SELECT (SELECT count FROM connector_counts WHERE scope_key = $1) AS n,
 (SELECT json_agg(json_build_array(${COLS}) ORDER BY last_modified_at DESC, identifier ASC)::text
  FROM (SELECT ${COLS}, name_key, last_tested_at FROM connectors WHERE scope_key = $1 ORDER BY last_modified_at DESC, identifier ASC ${lim}) AS page) AS items`
async function time(name: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await fn()
  const t = performance.now(); const n = 1000
  for (let i = 0; i < n; i++) await fn()
  console.log(name, ((performance.now() - t) / n).toFixed(3), 'ms')
}
for (let k=0;k<2;k++){
await time('inline', () => db.query(Q('LIMIT 50 OFFSET 0'), [sk]))
await time('param', () => db.query(Q('LIMIT $2::integer OFFSET $3::integer'), [sk, 50, 0]))
}
const r = await db.query<any>('EXPLAIN ANALYZE ' + Q('LIMIT $2::integer OFFSET $3::integer'), [sk, 50, 0]); console.log(r.rows.map((x:any)=>x['QUERY PLAN']).join('\n'))
await db.close()
