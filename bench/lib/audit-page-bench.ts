// The Audit Trail's first page at 1,000,000 events (issue 20, target p50 ≤ 50 ms on PostgreSQL),
// run with tsx; prints one JSON line last. A throwaway PostgreSQL (startTestPostgres), the
// server's store over it, and the real route (POST /audit/api/audits/list) through the core as an
// Account Admin: the account's first page (the default last 7 days, every scope below), a
// project's, and one connector's events. The events are written by SQL in bulk (two years of a
// busy account: 8 projects, 40 people, 2,000 connectors), as the trail's own table and indexes hold
// them; their HMACs are not a chain (the page does not read them).
import { randomBytes } from 'node:crypto'
import { demoAuthentication, demoDirectory } from '../../src/backend/access/demo-principals'
import { createApi } from '../../src/backend/create-api'
import { createSeedState } from '../../src/backend/seed-data'
import { startTestPostgres } from '../../src/server/pg-test-server'
import { openSqlStore } from '../../src/server/sql-store'

const EVENTS = Number(process.env.AUDIT_BENCH_EVENTS ?? 1_000_000)
const REPS = 60
const BATCH = 50_000
const DAY_MS = 24 * 60 * 60 * 1000

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN
}

async function main() {
  const postgres = await startTestPostgres({ database: 'audit_bench' })
  const store = await openSqlStore({ databaseUrl: postgres.url, secretKey: randomBytes(32), seed: createSeedState })
  try {
    const now = Date.now()
    const started = performance.now()
    // Oldest first, one every (2 years / EVENTS): sequence order is time order, as appends make it.
    // In batches: each statement stays within the client's timeout.
    for (let from = 1; from <= EVENTS; from += BATCH) {
      await store.client.query(
        `INSERT INTO audit_events (sequence, time, actor_type, actor_identifier, actor_name, action, resource_type,
         resource_identifier, scope_key, outcome, client_address, summary, yaml_before, yaml_after, hmac)
       SELECT n, $2::bigint - (($1::bigint - n) * $3::bigint),
              'USER', 'user_' || (n % 40), 'User ' || (n % 40),
              (ARRAY['CREATE','UPDATE','UPDATE','TEST','DELETE'])[1 + n % 5], 'CONNECTOR',
              'connector_' || (n % 2000),
              CASE WHEN n % 10 = 0 THEN 'acme//' WHEN n % 8 = 3 THEN 'acme/default/payments'
                   ELSE 'acme/default/project_' || (n % 8) END,
              'SUCCESS', '10.0.0.' || (n % 250), 'Updated connector connector_' || (n % 2000),
              'connector:\n  url: https://before-' || n || '.example\n',
              'connector:\n  url: https://after-' || n || '.example\n',
              md5(n::text) || md5((n + 1)::text)
         FROM generate_series($4::bigint, least($4::bigint + $5::bigint - 1, $1::bigint)) AS n`,
        [EVENTS, now, Math.floor((730 * DAY_MS) / EVENTS), from, BATCH],
      )
    }
    await store.client.query('UPDATE audit_head SET last_sequence = $1', [EVENTS])
    await store.client.query('ANALYZE audit_events')
    const fillSeconds = (performance.now() - started) / 1000

    const api = createApi({
      store,
      authenticate: demoAuthentication('acme'),
      principals: demoDirectory(),
      latency: 0,
      simulatedWorld: false,
    })
    const page = async (query: string, body: Record<string, unknown>) => {
      const at = performance.now()
      const response = (await api(
        new Request(`http://bench.invalid/audit/api/audits/list?${query}&pageIndex=0&pageSize=25`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ filterType: 'Audit', ...body }),
        }),
      ))!
      const answer = (await response.json()) as { data?: { content: unknown[] } }
      if (response.status !== 200 || !answer.data?.content.length) {
        throw new Error(`The audit page answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`)
      }
      return performance.now() - at
    }
    const cases = {
      account: () => page('accountIdentifier=acme', {}),
      project: () => page('accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments', {}),
      connector: () =>
        page('accountIdentifier=acme', {
          resources: [{ type: 'CONNECTOR', identifier: 'connector_1234' }],
          startTime: now - 730 * DAY_MS,
        }),
    }
    const times: Record<string, number[]> = { account: [], project: [], connector: [] }
    for (const run of Object.values(cases)) await run() // warm-up
    for (let rep = 0; rep < REPS; rep++) {
      for (const [name, run] of Object.entries(cases)) times[name]!.push(await run())
    }
    const result = {
      events: EVENTS,
      fillSeconds,
      reps: REPS,
      accountFirstPageP50Ms: quantile(times.account!, 0.5),
      accountFirstPageP95Ms: quantile(times.account!, 0.95),
      projectFirstPageP50Ms: quantile(times.project!, 0.5),
      connectorFirstPageP50Ms: quantile(times.connector!, 0.5),
    }
    console.log(JSON.stringify(result))
  } finally {
    await store.close()
    await postgres.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exit(1)
})
