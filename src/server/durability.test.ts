// @vitest-environment node
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { connectorInfo, dockerConnector, PAYMENTS } from '../backend/api-test-helpers'
import { auditKey } from '../backend/audit/audit-chain'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { ConnectorInfo, ConnectorResponse, PageResponse, ResponseEnvelope } from '../lib/api-types'
import type { AuditEventDTO } from '../lib/audit-types'
import { verifyAuditTrail } from './audit/sql-audit-trail'
import type { TestPostgres } from './pg-test-server'
import { startTestPostgres } from './pg-test-server'
import { openPgliteClient, openPostgresClient } from './sql-client'

/**
 * kill -9 during writes loses no write that was answered: the real server (`src/server/main.ts`)
 * runs as a child process, connectors are created over HTTP several at a time, and the server
 * is killed with SIGKILL the moment the Nth create is answered, with more in flight. Started
 * again on the same data, it lists every connector whose create was answered 200; those whose
 * answer never came may or may not be there, but each one there reads back whole.
 */

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SCOPE_QUERY = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'

const DURABILITY_KEY = Buffer.alloc(32, 3).toString('base64')
const children = new Set<ChildProcess>()
const tempDirs: string[] = []

beforeAll(() => {
  // The shared setup answers fetch() with Mock Service Worker; these tests talk to real servers.
  mockServiceWorker.close()
})

afterEach(async () => {
  // Even when a test failed half-way: no server outlives it.
  for (const child of children) child.kill('SIGKILL')
  const running = [...children].filter((child) => child.exitCode === null && child.signalCode === null)
  await Promise.all(running.map((child) => once(child, 'exit')))
  children.clear()
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix))
  tempDirs.push(dir)
  return dir
}

type ServerProcess = { child: ChildProcess; base: string; output: () => string }

/** `node --import tsx src/server/main.ts`: one process, so that SIGKILL reaches the server itself. */
async function startServerProcess(options: { dataDir: string; databaseUrl?: string }): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of ['DATABASE_URL', 'PORT', 'HOST', 'CONNECTORS_API_KEY', 'CONNECTORS_SECRET_KEY', 'NODE_OPTIONS']) {
    delete env[name]
  }
  // The key given, so that the test can verify the audit trail's chain afterwards.
  env.CONNECTORS_SECRET_KEY = DURABILITY_KEY
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl
  const args = ['--import', 'tsx', 'src/server/main.ts', '--port', '0', '--simulated-world']
  args.push('--data', options.dataDir, '--dist', path.join(options.dataDir, 'no-dist'))
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  let output = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start in 20 s:\n${output}`)), 20_000)
    const onData = () => {
      const url = /Artifact Repository Connectors: (http:\/\/\S+?)\/?\s/.exec(output)?.[1]
      if (url) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        child.off('exit', onExit)
        resolve(url)
      }
    }
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer)
      reject(new Error(`The server exited (${signal ?? code}) before listening:\n${output}`))
    }
    child.stdout?.on('data', onData)
    child.once('exit', onExit)
  })
  return { child, base, output: () => output }
}

/** A connector per index: an anonymous HTTP Helm repository, or a Docker registry using demo_password. */
function connectorFor(index: number): ConnectorInfo {
  const identifier = `durable_${String(index).padStart(3, '0')}`
  const connector =
    index % 2 === 0
      ? connectorInfo('HttpHelmRepo', PAYMENTS, {
          name: `Durable charts ${index}`,
          identifier,
          url: 'https://charts.acme.test/stable',
          auth: { type: 'Anonymous', username: '', passwordRef: '' },
        })
      : dockerConnector(PAYMENTS, identifier)
  return { ...connector, description: `Written ${index}th`, tags: { batch: 'durability', index: String(index) } }
}

type Outcome = 'acknowledged' | 'unanswered' | `status ${number}`

/**
 * Creates `total` connectors, `concurrency` at a time, and SIGKILLs the server as soon as
 * `killAfter` of them have been answered 200 (synchronously, in the callback of that answer).
 */
async function writeUntilKilled(
  server: ServerProcess,
  options: { total: number; killAfter: number; concurrency: number },
): Promise<{ outcomes: Map<string, Outcome>; inFlightAtKill: number }> {
  const outcomes = new Map<string, Outcome>()
  const connectors = Array.from({ length: options.total }, (_, index) => connectorFor(index))
  let next = 0
  let acknowledged = 0
  let inFlight = 0
  let inFlightAtKill = -1
  const exited = once(server.child, 'exit')

  async function worker() {
    while (next < connectors.length && inFlightAtKill < 0) {
      const connector = connectors[next++]!
      inFlight++
      try {
        const response = await fetch(`${server.base}/ng/api/connectors?accountIdentifier=acme`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ connector }),
        })
        // The status line is the acknowledgement: the server answers only once the write committed.
        outcomes.set(connector.identifier, response.status === 200 ? 'acknowledged' : `status ${response.status}`)
        if (response.status === 200 && ++acknowledged === options.killAfter) {
          inFlightAtKill = inFlight - 1
          server.child.kill('SIGKILL')
        }
        await response.text().catch(() => '')
      } catch {
        outcomes.set(connector.identifier, 'unanswered')
      } finally {
        inFlight--
      }
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, worker))
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null]
  expect({ code, signal }, server.output()).toEqual({ code: null, signal: 'SIGKILL' })
  return { outcomes, inFlightAtKill }
}

async function readBack(base: string, identifier: string) {
  const response = await fetch(`${base}/ng/api/connectors/${identifier}?${SCOPE_QUERY}`)
  const body = (await response.json()) as ResponseEnvelope<ConnectorResponse>
  return { status: response.status, data: body.data }
}

async function listAll(base: string): Promise<ConnectorResponse[]> {
  const response = await fetch(`${base}/ng/api/connectors/listV2?${SCOPE_QUERY}&pageSize=100`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ filterType: 'Connector' }),
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as ResponseEnvelope<PageResponse<ConnectorResponse>>).data.content
}

async function killDuringWritesThenRestart(options: { dataDir: string; databaseUrl?: string }) {
  const total = 40
  const first = await startServerProcess(options)
  const { outcomes, inFlightAtKill } = await writeUntilKilled(first, { total, killAfter: 15, concurrency: 6 })
  const acknowledged = [...outcomes].filter(([, outcome]) => outcome === 'acknowledged').map(([id]) => id)
  const unanswered = [...outcomes].filter(([, outcome]) => outcome === 'unanswered').map(([id]) => id)
  // Every write was either answered 200 or cut by the kill; none was refused.
  expect(acknowledged.length + unanswered.length).toBe(outcomes.size)
  expect(acknowledged.length).toBeGreaterThanOrEqual(15)
  // The kill came while other writes were in flight.
  expect(inFlightAtKill).toBeGreaterThan(0)

  const second = await startServerProcess(options)
  const listed = new Map((await listAll(second.base)).map((item) => [item.connector.identifier, item]))
  const present: string[] = []
  for (let index = 0; index < total; index++) {
    const sent = connectorFor(index)
    const read = await readBack(second.base, sent.identifier)
    if (acknowledged.includes(sent.identifier)) expect(read.status, sent.identifier).toBe(200)
    if (read.status === 404) {
      expect(listed.has(sent.identifier), sent.identifier).toBe(false)
      continue
    }
    expect(read.status, sent.identifier).toBe(200)
    present.push(sent.identifier)
    // Whole: every field as sent, at version 1, and the same in the list.
    expect(read.data.connector, sent.identifier).toEqual(sent)
    expect(read.data.version).toBe(1)
    expect(read.data.createdAt).toBe(read.data.lastModifiedAt)
    expect(listed.get(sent.identifier), sent.identifier).toEqual(read.data)
  }
  // No write that was never sent shows up.
  const listedDurable = [...listed.keys()].filter((identifier) => identifier.startsWith('durable_'))
  expect(listedDurable.sort()).toEqual(present.sort())
  // Every change there has its audit event, and no event is there without its change.
  const trail = await fetch(`${second.base}/audit/api/audits/list?accountIdentifier=acme&pageSize=100`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ resources: [{ type: 'CONNECTOR' }], actions: ['CREATE'] }),
  })
  expect(trail.status).toBe(200)
  const events = ((await trail.json()) as ResponseEnvelope<{ content: AuditEventDTO[] }>).data.content
  const recorded = events.map((event) => event.resource.identifier).filter((id) => id.startsWith('durable_'))
  expect(recorded.sort()).toEqual(present.sort())
  const stopped = once(second.child, 'exit')
  second.child.kill('SIGKILL')
  await stopped
  // And the chain the killed server was appending to verifies whole.
  const client = options.databaseUrl
    ? openPostgresClient(options.databaseUrl)
    : await openPgliteClient(path.join(options.dataDir, 'pglite'))
  try {
    expect(await verifyAuditTrail(client, auditKey(Buffer.from(DURABILITY_KEY, 'base64')))).toEqual([])
  } finally {
    await client.close()
  }
  return { acknowledged: acknowledged.length, unanswered: unanswered.length, present: present.length }
}

describe('kill -9 during writes', () => {
  it('loses no answered write on the embedded database (PGlite)', async () => {
    const dataDir = await tempDir('connectors-durability-')
    const counts = await killDuringWritesThenRestart({ dataDir })
    expect(counts.present).toBeGreaterThanOrEqual(counts.acknowledged)
  }, 45_000)

  describe('on a real PostgreSQL', () => {
    let postgres: TestPostgres | undefined

    beforeAll(async () => {
      postgres = await startTestPostgres({ database: 'durability' })
    }, 60_000)

    afterAll(async () => {
      await postgres?.stop()
    }, 30_000)

    it('loses no answered write (DATABASE_URL)', async () => {
      const dataDir = await tempDir('connectors-durability-pg-')
      const counts = await killDuringWritesThenRestart({ dataDir, databaseUrl: postgres!.url })
      expect(counts.present).toBeGreaterThanOrEqual(counts.acknowledged)
    }, 45_000)
  })
})
