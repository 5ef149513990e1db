// The delegate figures of `npm run bench` (run with tsx; prints one JSON line last), for the
// server on embedded PGlite and on a throwaway PostgreSQL:
// 1. dispatch overhead: a Docker Registry connection test through the server and its built-in
//    delegate, against the same requests made directly (runConnectionCheck in this process),
//    both against Debian's docker-registry with htpasswd on loopback;
// 2. 50 concurrent tests on one delegate whose concurrency is capped: all complete, none lost,
//    and the most running at once, as the delegate list reports it, stays under the cap.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runConnectionCheck } from '../../src/delegate-agent/checks/run-check'
import { startTestPostgres } from '../../src/server/pg-test-server'
import {
  createPaymentsProject,
  PAYMENTS_QUERY,
  paymentsDockerConnector,
  paymentsSecretBody,
} from '../../src/test/payments-bodies'
import { startTsProcess } from '../../src/test/processes'
import { startRegistry } from '../../src/test/registry-servers/registry-server'

const REPS = Number(process.env.DELEGATE_BENCH_REPS ?? 30)
const CONCURRENT_TESTS = 50
const DELEGATE_CONCURRENCY = 8
const PASSWORD = 'bench-password'

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

type Registry = Awaited<ReturnType<typeof startRegistry>>

async function measure(registry: Registry, databaseUrl?: string) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'delegate-bench-'))
  const server = startTsProcess(
    'src/server/main.ts',
    [
      '--port',
      '0',
      '--data',
      dataDir,
      '--account',
      'acme',
      '--no-sign-in',
      '--delegate-concurrency',
      String(DELEGATE_CONCURRENCY),
    ],
    // A shared database needs the key given; each run's database is new, so any key will do.
    databaseUrl ? { DATABASE_URL: databaseUrl, CONNECTORS_SECRET_KEY: randomBytes(32).toString('base64') } : {},
  )
  try {
    const [, address] = await server.waitFor(/Artifact Repository Connectors: (http:\/\/\S+)/, 120_000)
    await server.waitFor(/Built-in delegate: local/)
    const base = address!.replace(/\/+$/, '')
    const api = async (method: string, apiPath: string, body?: unknown) => {
      const response = await fetch(`${base}${apiPath}${apiPath.includes('?') ? '&' : '?'}${PAYMENTS_QUERY}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${await response.text()}`)
      return (await response.json()) as { data: Record<string, unknown> }
    }
    // A real server's first start makes the account and default_project only.
    await createPaymentsProject(base)
    await api('POST', '/ng/api/v2/secrets', paymentsSecretBody('bench_password', PASSWORD))
    const connector = (identifier: string) =>
      paymentsDockerConnector(identifier, registry.url, { passwordRef: 'bench_password' })
    await api('POST', '/ng/api/connectors', { connector: connector('bench_registry') })

    // Warm both paths (JIT, keep-alive, the database's caches), then alternate them.
    const direct: number[] = []
    const delegated: number[] = []
    for (let rep = -3; rep < REPS; rep += 1) {
      let started = performance.now()
      const outcome = await runConnectionCheck({
        connector: connector('bench_registry'),
        secrets: { bench_password: PASSWORD },
      })
      if (outcome.result.status !== 'SUCCESS') throw new Error(`direct check failed: ${outcome.result.errorSummary}`)
      if (rep >= 0) direct.push(performance.now() - started)
      started = performance.now()
      const result = await api('POST', '/ng/api/connectors/testConnection/bench_registry')
      if (result.data.status !== 'SUCCESS') throw new Error(`delegated test failed: ${JSON.stringify(result.data)}`)
      if (rep >= 0) delegated.push(performance.now() - started)
    }

    for (let index = 0; index < CONCURRENT_TESTS; index += 1) {
      await api('POST', '/ng/api/connectors', { connector: connector(`bench_many_${index}`) })
    }
    let mostRunning = 0
    let watching = true
    const watcher = (async () => {
      while (watching) {
        const response = await fetch(`${base}/api/setup/delegates/v2/up-the-hierarchy?accountId=acme`)
        const body = (await response.json()) as {
          resource: { delegateGroupDetails: { instances?: { runningTests: number }[] }[] }
        }
        const running = body.resource.delegateGroupDetails
          .flatMap((group) => group.instances ?? [])
          .reduce((sum, instance) => sum + instance.runningTests, 0)
        mostRunning = Math.max(mostRunning, running)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })()
    const started = performance.now()
    const results = await Promise.all(
      Array.from({ length: CONCURRENT_TESTS }, (_, index) =>
        api('POST', `/ng/api/connectors/testConnection/bench_many_${index}`).then(
          (answer) => answer.data.status,
          () => 'LOST',
        ),
      ),
    )
    const concurrentMs = performance.now() - started
    watching = false
    await watcher

    return {
      reps: REPS,
      directP50: median(direct),
      delegatedP50: median(delegated),
      overheadP50: median(delegated) - median(direct),
      concurrent: {
        tests: CONCURRENT_TESTS,
        cap: DELEGATE_CONCURRENCY,
        succeeded: results.filter((status) => status === 'SUCCESS').length,
        lost: results.filter((status) => status !== 'SUCCESS').length,
        mostRunning,
        totalMs: concurrentMs,
      },
    }
  } finally {
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

async function main() {
  const registry = await startRegistry({ auth: { htpasswd: { username: 'demo', password: PASSWORD } } })
  try {
    const pglite = await measure(registry)
    const database = await startTestPostgres({ database: 'delegates' })
    try {
      const postgres = await measure(registry, database.url)
      console.log(JSON.stringify({ pglite, postgres }))
    } finally {
      await database.stop()
    }
  } finally {
    await registry.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exit(1)
})
