import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  buildServer,
  createLoad,
  listLoad,
  listUnderHostileLoad,
  readMemory,
  searchLoad,
  startAppServer,
} from './server-load.mjs'

/**
 * The server figures of `npm run bench`: for each data store (embedded PGlite, then a throwaway
 * PostgreSQL), the store is seeded to 1,000, then 10,000, then 100,000 connectors (connector n
 * is always the same record, so each step adds to the last); at each size the server is started
 * afresh, warmed up, loaded with 20 concurrent list-page clients, its memory read, and stopped.
 * Create throughput is measured at the largest size, after its list load; Lighthouse runs on the
 * server-hosted app with PGlite at 10,000 connectors. Each store's failure is recorded and the
 * other still runs.
 */

export const SERVER_SIZES = [1_000, 10_000, 100_000]
export const LIST_CLIENTS = 20
export const LIST_REQUESTS = 1_500
export const LIST_MAX_MS = 10_000
export const CREATE_CLIENTS = 4
export const CREATE_COUNT = 300
export const LIGHTHOUSE_BACKEND = 'pglite'
export const LIGHTHOUSE_CONNECTORS = 10_000
/** The size at which the list is also loaded while a hostile client runs. */
export const HOSTILE_CONNECTORS = 10_000

/** `node --import tsx <script> …args`; answers the last line of its output, parsed as JSON. */
export function runTs(appRoot, script, args, { env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: appRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (code !== 0)
        return reject(new Error(`${path.basename(script)} failed (${signal ?? code}): ${stderr.slice(-1500)}`))
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop()))
      } catch {
        reject(new Error(`${path.basename(script)} printed no result: ${stdout.slice(-500)}`))
      }
    })
  })
}

/**
 * A throwaway PostgreSQL (bench-postgres.ts → startTestPostgres). It stops when its standard
 * input closes, so it does not outlive the bench even when the bench is killed.
 */
function startPostgres(appRoot, benchDir, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'lib/bench-postgres.ts')], {
      cwd: appRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    const stop = () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done()
        const kill = setTimeout(() => child.kill('SIGTERM'), 20_000)
        child.once('exit', () => {
          clearTimeout(kill)
          done()
        })
        child.stdin.end()
      })
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`PostgreSQL did not start within ${timeoutMs} ms: ${stderr.slice(-1500)}`))
    }, timeoutMs)
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (!stdout.includes('\n')) return
      clearTimeout(timer)
      try {
        resolve({ url: JSON.parse(stdout.split('\n')[0]).url, stop })
      } catch {
        void stop()
        reject(new Error(`bench-postgres.ts printed no URL: ${stdout.slice(0, 500)}`))
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`PostgreSQL could not be started (exit ${code}): ${stderr.slice(-1500)}`))
    })
  })
}

/**
 * Measures one data store at every size. `onServer(server, connectors)` runs while a server is
 * up, after its figures were taken (Lighthouse uses it).
 */
async function measureBackend(backend, { appRoot, benchDir, work, distDir, sizes, log, part, onServer }) {
  const dataDir = path.join(work, `server-${backend}`)
  mkdirSync(dataDir, { recursive: true })
  // The key that encrypts secret values at rest, given to the seeding and to the server alike.
  const secretKey = randomBytes(32).toString('base64')
  const result = { steps: [], creates: null }
  let postgres = null
  try {
    if (backend === 'postgres') {
      log('server: starting a throwaway PostgreSQL')
      postgres = await startPostgres(appRoot, benchDir)
    }
    const env = { ...process.env, CONNECTORS_SECRET_KEY: secretKey }
    delete env.DATABASE_URL
    if (postgres) env.DATABASE_URL = postgres.url
    let seeded = 0
    for (const connectors of sizes) {
      log(`server, ${backend}: seeding ${seeded.toLocaleString('en')} → ${connectors.toLocaleString('en')} connectors`)
      const seed = await runTs(
        appRoot,
        path.join(benchDir, 'lib/seed-server-store.ts'),
        ['--data', dataDir, '--from', String(seeded), '--to', String(connectors)],
        { env, timeoutMs: 300_000 },
      )
      seeded = connectors
      const step = { connectors, seed, list: null, memory: null, startMs: null, loadAverage: os.loadavg()[0] }
      result.steps.push(step)
      const server = await startAppServer({
        appRoot,
        distDir,
        dataDir,
        databaseUrl: postgres?.url,
        secretKey,
      })
      try {
        step.startMs = server.startMs
        step.memoryAtStart = readMemory(server.pid)
        log(`server, ${backend}, ${connectors.toLocaleString('en')} connectors: list page, ${LIST_CLIENTS} clients`)
        step.list = await part(`server ${backend} list at ${connectors}`, () =>
          listLoad(server.url, { clients: LIST_CLIENTS, count: LIST_REQUESTS, maxMs: LIST_MAX_MS }),
        )
        step.memory = readMemory(server.pid)
        if (connectors === HOSTILE_CONNECTORS) {
          log(
            `server, ${backend}, ${connectors.toLocaleString('en')} connectors: list page while a hostile client runs`,
          )
          step.listUnderHostile = await part(`server ${backend} list under hostile requests`, () =>
            listUnderHostileLoad(server.url, { clients: LIST_CLIENTS, count: LIST_REQUESTS, maxMs: LIST_MAX_MS }),
          )
        }
        if (connectors === sizes[sizes.length - 1]) {
          log(`server, ${backend}, ${connectors.toLocaleString('en')} connectors: searches`)
          step.searches = await part(`server ${backend} searches`, () => searchLoad(server.url))
          log(`server, ${backend}: ${CREATE_COUNT} creates, ${CREATE_CLIENTS} clients`)
          result.creates = await part(`server ${backend} creates`, () =>
            createLoad(server.url, { clients: CREATE_CLIENTS, count: CREATE_COUNT }),
          )
          if (result.creates) result.creates.connectors = connectors
          step.memoryAfterCreates = readMemory(server.pid)
        }
        await onServer?.(backend, server, connectors)
      } finally {
        await server.stop()
      }
    }
  } finally {
    await postgres?.stop()
  }
  return result
}

/**
 * All server figures. `lighthouse(url)` (optional) runs the Lighthouse passes against the
 * server-hosted app and answers their results.
 */
export async function measureServer({ appRoot, benchDir, work, distDir, log, part, lighthouse = null }) {
  const raw = {
    sizes: SERVER_SIZES,
    listClients: LIST_CLIENTS,
    listRequests: LIST_REQUESTS,
    listMaxMs: LIST_MAX_MS,
    createClients: CREATE_CLIENTS,
    createCount: CREATE_COUNT,
    backends: {},
    lighthouse: null,
  }
  const onServer = async (backend, server, connectors) => {
    if (!lighthouse || backend !== LIGHTHOUSE_BACKEND || connectors !== LIGHTHOUSE_CONNECTORS) return
    raw.lighthouse = await lighthouse(server.url)
    raw.lighthouse.backend = backend
    raw.lighthouse.connectors = connectors
  }
  log('server: building dist-server/main.js (as npm start does)')
  await buildServer(appRoot)
  for (const backend of ['pglite', 'postgres']) {
    raw.backends[backend] = await part(`server ${backend}`, () =>
      measureBackend(backend, { appRoot, benchDir, work, distDir, sizes: SERVER_SIZES, log, part, onServer }),
    )
  }
  return raw
}
