import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'

/**
 * The Node server under load: starts `src/server/main.ts` on a free port of 127.0.0.1, drives it
 * with concurrent keep-alive clients (node:http, one socket per client) and reads its memory
 * from /proc. Everything is bounded in count and in time.
 */

export const LIST_QUERY =
  '/ng/api/connectors/listV2?accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments&pageIndex=0&pageSize=50'
export const LIST_BODY = JSON.stringify({ filterType: 'Connector', categories: ['ARTIFACTORY'] })
const CREATE_PATH = '/ng/api/connectors?accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'

/** `npm run build:server`: the server as one file that plain node runs. */
export function buildServer(appRoot) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(appRoot, 'node_modules/vite/bin/vite.js'), 'build', '--ssr', 'src/server/main.ts'],
      {
        cwd: appRoot,
        stdio: 'ignore',
      },
    )
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`building the server failed (exit ${code})`)),
    )
  })
}

/**
 * The node options `npm start` runs the server with (package.json, `scripts.start`: the flags
 * between `node` and `dist-server/main.js`), so the bench measures the memory users get.
 */
export function startNodeOptions(appRoot) {
  const { scripts } = JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8'))
  const match = /\bnode((?:\s+--\S+)*)\s+dist-server\/main\.js/.exec(scripts.start)
  if (!match) throw new Error('package.json: scripts.start does not run `node … dist-server/main.js`')
  return match[1].split(/\s+/).filter(Boolean)
}

/**
 * The server as `npm start` runs it: the built `dist-server/main.js` (build it first with
 * `buildServer`) under node with the start script's options (`startNodeOptions`), so that its pid
 * is the one whose memory we read. `--port 0` lets it pick a free port, which it prints.
 * `databaseUrl` uses that PostgreSQL; otherwise the embedded PGlite in `dataDir`. The secret key
 * comes from the environment, the same one the seeding used.
 */
export async function startAppServer({ appRoot, distDir, dataDir, databaseUrl, secretKey, timeoutMs = 60_000 }) {
  const env = { ...process.env, CONNECTORS_SECRET_KEY: secretKey, NODE_ENV: 'production' }
  for (const name of ['DATABASE_URL', 'PORT', 'HOST', 'CONNECTORS_API_KEY', 'CONNECTORS_SIMULATED_WORLD'])
    delete env[name]
  if (databaseUrl) env.DATABASE_URL = databaseUrl
  const child = spawn(
    process.execPath,
    [
      ...startNodeOptions(appRoot),
      path.join(appRoot, 'dist-server/main.js'),
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data',
      dataDir,
      '--dist',
      distDir,
      // The bench measures the API, not sign-in (decision 022).
      '--no-sign-in',
    ],
    { cwd: appRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000)
      child.once('exit', () => {
        clearTimeout(kill)
        resolve()
      })
      child.kill('SIGTERM')
    })
  const started = Date.now()
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`the server did not start within ${timeoutMs} ms`)), timeoutMs)
    const onData = () => {
      const match = /Artifact Repository Connectors: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)
      if (match) finish(null, match[1])
    }
    const onExit = (code) => finish(new Error(`the server exited with ${code}`))
    function finish(error, value) {
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.off('exit', onExit)
      if (error) reject(error)
      else resolve(value)
    }
    child.stdout.on('data', onData)
    child.once('exit', onExit)
  }).catch(async (error) => {
    await stop()
    throw new Error(`${error.message}\n${output.slice(-2000)}`)
  })
  return { url, pid: child.pid, startMs: Date.now() - started, output: () => output, stop }
}

/** VmRSS (now) and VmHWM (peak) of a process, in bytes, from /proc/<pid>/status (Linux). */
export function readMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const field = (name) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)
    return match ? Number(match[1]) * 1024 : null
  }
  return { rss: field('VmRSS'), peak: field('VmHWM') }
}

/** One request on a keep-alive agent; answers the status and the body as text. */
function send(agent, base, { method, pathAndQuery, body }) {
  const url = new URL(pathAndQuery, base)
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        agent,
        method,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(body ? { 'content-length': Buffer.byteLength(body) } : {}),
        },
        timeout: 30_000,
      },
      (response) => {
        const chunks = []
        response.on('data', (chunk) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }))
        response.on('error', reject)
      },
    )
    request.on('timeout', () => request.destroy(new Error(`${method} ${url.pathname} timed out`)))
    request.on('error', reject)
    request.end(body)
  })
}

/** Nearest-rank percentile (p in 0–100) of numbers. */
export function percentile(values, p) {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

/**
 * `clients` loops, each with its own keep-alive socket, sending `next(i)` until `count` requests
 * were sent or `maxMs` passed. Each request's latency is from sending to the last byte of the
 * answer. A non-2xx answer is an error (the run goes on; the caller decides).
 */
async function drive(base, { clients, count, maxMs, next }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients })
  const latencies = []
  const failures = []
  let issued = 0
  let last = null
  const started = performance.now()
  const deadline = started + maxMs
  const worker = async () => {
    while (issued < count && performance.now() < deadline) {
      const index = issued++
      const sentAt = performance.now()
      try {
        const answer = await send(agent, base, next(index))
        const took = performance.now() - sentAt
        if (answer.status >= 200 && answer.status < 300) {
          latencies.push(took)
          last = answer
        } else failures.push(`${answer.status} ${answer.text.slice(0, 200)}`)
      } catch (error) {
        failures.push(error.message)
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: clients }, worker))
  } finally {
    agent.destroy()
  }
  const elapsedMs = performance.now() - started
  return { latencies, failures, elapsedMs, perSecond: (latencies.length / elapsedMs) * 1000, last }
}

/**
 * List-page latency: `warmup` requests first (JIT, the database's caches; at most `warmupMaxMs`),
 * then `count` list requests (or `maxMs`, whichever comes first: requests still in flight then
 * are waited for and counted) from `clients` concurrent clients.
 */
export async function listLoad(
  base,
  { clients = 20, count = 1_500, maxMs = 10_000, warmup = 100, warmupMaxMs = 5_000 } = {},
) {
  const next = () => ({ method: 'POST', pathAndQuery: LIST_QUERY, body: LIST_BODY })
  const warm = await drive(base, { clients, count: warmup, maxMs: warmupMaxMs, next })
  if (warm.failures.length) throw new Error(`list page failed during warm-up: ${warm.failures[0]}`)
  const run = await drive(base, { clients, count, maxMs, next })
  if (run.failures.length) throw new Error(`${run.failures.length} list requests failed: ${run.failures[0]}`)
  const data = JSON.parse(run.last.text).data
  return {
    clients,
    requests: run.latencies.length,
    elapsedMs: run.elapsedMs,
    perSecond: run.perSecond,
    p50: percentile(run.latencies, 50),
    p99: percentile(run.latencies, 99),
    min: Math.min(...run.latencies),
    max: Math.max(...run.latencies),
    totalItems: data?.totalItems ?? null,
    pageItems: data?.content?.length ?? null,
  }
}

/** A new Docker Registry connector in project payments (anonymous, so no secret to resolve). */
function createBody(identifier) {
  return JSON.stringify({
    connector: {
      name: `Bench create ${identifier}`,
      identifier,
      description: 'Created by npm run bench (create throughput).',
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
      tags: { bench: '' },
      type: 'DockerRegistry',
      spec: {
        dockerRegistryUrl: `https://registry-${identifier}.acme.test`,
        providerType: 'Other',
        auth: { type: 'Anonymous' },
        delegateSelectors: [],
      },
    },
  })
}

/** Create throughput: `count` creates (each a new connector) from `clients` concurrent clients. */
export async function createLoad(base, { clients = 4, count = 300, maxMs = 20_000, prefix = 'bench_create' } = {}) {
  const next = (index) => ({
    method: 'POST',
    pathAndQuery: CREATE_PATH,
    body: createBody(`${prefix}_${String(index + 1).padStart(5, '0')}`),
  })
  const run = await drive(base, { clients, count, maxMs, next })
  if (run.failures.length) throw new Error(`${run.failures.length} creates failed: ${run.failures[0]}`)
  return {
    clients,
    creates: run.latencies.length,
    elapsedMs: run.elapsedMs,
    perSecond: run.perSecond,
    p50: percentile(run.latencies, 50),
    p99: percentile(run.latencies, 99),
  }
}

/** The search terms the bench times at the largest size: one character, common, selective. */
export const SEARCH_TERMS = [
  { label: 'one character', term: '4' },
  { label: 'common', term: 'docker' },
  { label: 'selective', term: '00421' },
]

/**
 * Search latency: one client, each term `reps` times after a warm-up of each, the list page of
 * project payments (page of 50) with `searchTerm`. Answers p50 and the range per term.
 */
export async function searchLoad(base, { terms = SEARCH_TERMS, reps = 21 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const results = []
  try {
    for (const { label, term } of terms) {
      const request = {
        method: 'POST',
        pathAndQuery: `${LIST_QUERY}&searchTerm=${encodeURIComponent(term)}`,
        body: LIST_BODY,
      }
      const latencies = []
      let last = null
      for (let index = 0; index < reps + 3; index += 1) {
        const sentAt = performance.now()
        const answer = await send(agent, base, request)
        if (answer.status !== 200) throw new Error(`search ${term}: ${answer.status} ${answer.text.slice(0, 200)}`)
        if (index >= 3) latencies.push(performance.now() - sentAt)
        last = answer
      }
      const data = JSON.parse(last.text).data
      results.push({
        label,
        term,
        requests: latencies.length,
        p50: percentile(latencies, 50),
        min: Math.min(...latencies),
        max: Math.max(...latencies),
        totalItems: data?.totalItems ?? null,
        totalIsLowerBound: data?.totalIsLowerBound === true,
      })
    }
  } finally {
    agent.destroy()
  }
  return results
}

/** What a hostile client sends, one after the other, while the list load runs (issue 17's findings). */
function hostileRequests() {
  const keys = Array.from({ length: 32_000 }, (_, index) => `  key${index}: value`).join('\n')
  return [
    {
      label: '1 MiB pipeline YAML, 32,000 keys',
      method: 'POST',
      pathAndQuery: '/pipeline/api/pipelines?accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments',
      body: `pipeline:\n  name: Hostile\n  identifier: hostile\n${keys}\n`,
      contentType: 'application/yaml',
    },
    {
      label: 'a rare one-character search (the whole project scanned)',
      method: 'POST',
      pathAndQuery: `${LIST_QUERY}&searchTerm=q`,
      body: LIST_BODY,
    },
    {
      label: 'a 20-tag filter',
      method: 'POST',
      pathAndQuery: LIST_QUERY,
      body: JSON.stringify({
        filterType: 'Connector',
        tags: Array.from({ length: 20 }, (_, index) => `team:t${index}`),
      }),
    },
    {
      label: 'a 60,000-tag filter',
      method: 'POST',
      pathAndQuery: LIST_QUERY,
      body: JSON.stringify({
        filterType: 'Connector',
        tags: Array.from({ length: 60_000 }, (_, index) => `t${index}`),
      }),
    },
  ]
}

/**
 * The list load while one more client sends hostile requests back to back (`hostileRequests`):
 * the list's p99 beside its plain figure tells whether one caller can stall the others. The
 * hostile answers are not timed; refusals (4xx) are what most of them should get.
 */
export async function listUnderHostileLoad(base, { clients = 20, count = 1_500, maxMs = 10_000 } = {}) {
  const hostile = hostileRequests()
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  let running = true
  const statuses = {}
  const attacker = (async () => {
    for (let index = 0; running; index += 1) {
      const request = hostile[index % hostile.length]
      try {
        const url = new URL(request.pathAndQuery, base)
        const answer = await new Promise((resolve, reject) => {
          const outgoing = http.request(
            url,
            {
              agent,
              method: request.method,
              headers: {
                'content-type': request.contentType ?? 'application/json',
                'content-length': Buffer.byteLength(request.body),
              },
              timeout: 30_000,
            },
            (response) => {
              response.resume()
              response.on('end', () => resolve(response.statusCode))
            },
          )
          outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')))
          outgoing.on('error', reject)
          outgoing.end(request.body)
        })
        statuses[request.label] = [...(statuses[request.label] ?? []), answer]
      } catch (error) {
        statuses[request.label] = [...(statuses[request.label] ?? []), `error: ${error.message}`]
      }
    }
  })()
  try {
    const list = await listLoad(base, { clients, count, maxMs, warmup: 20, warmupMaxMs: 2_000 })
    return {
      ...list,
      hostile: Object.fromEntries(Object.entries(statuses).map(([label, all]) => [label, [...new Set(all)]])),
    }
  } finally {
    running = false
    await attacker
    agent.destroy()
  }
}
