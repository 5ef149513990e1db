// @vitest-environment node
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditKey } from '../../backend/audit/audit-chain'
import type { AuditDraft } from '../../backend/audit/audit-event'
import { startTsProcess } from '../../test/processes'
import { startTestPostgres, type TestPostgres } from '../pg-test-server'
import { openPgliteClient, openPostgresClient, type SqlClient } from '../sql-client'
import { migrate } from '../sql-migrations'
import { appendAuditEvents, verifyAuditTrail } from './sql-audit-trail'

/**
 * The audit trail cannot be edited without `verify` noticing: the attacker here has SQL access
 * (not the server's key) and edits one event, removes one from the middle and one from the end;
 * `npm run audit-trail -- verify` names all three. And servers sharing a PostgreSQL append in one
 * order: one unbroken chain.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..')
const secretKey = randomBytes(32)
const key = auditKey(secretKey)
let dir = ''
let postgresServer: TestPostgres

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'audit-trail-'))
  postgresServer = await startTestPostgres()
}, 120_000)

afterAll(async () => {
  await postgresServer?.stop()
  await rm(dir, { recursive: true, force: true })
})

function draft(index: number, who = 'u_ana'): AuditDraft {
  return {
    time: 1_700_000_000_000 + index,
    actor: { type: 'USER', identifier: who, name: who },
    action: 'UPDATE',
    resourceType: 'CONNECTOR',
    resourceIdentifier: `hub_${index}`,
    scopeKey: 'acme/default/payments',
    outcome: 'SUCCESS',
    clientAddress: '127.0.0.1',
    summary: `URL of hub_${index} changed`,
    yamlBefore: `url: https://before-${index}.example\n`,
    yamlAfter: `url: https://after-${index}.example\n`,
  }
}

function verifyCommand(dataDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/server/audit/audit-trail-cli.ts'), 'verify', '--data', dataDir],
      {
        cwd: ROOT,
        env: { ...process.env, CONNECTORS_SECRET_KEY: secretKey.toString('base64'), DATABASE_URL: '' },
      },
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => resolve({ code, output }))
  })
}

describe('npm run audit-trail -- verify', () => {
  it('says a whole trail is whole, and names an edited row, one removed from the middle and one from the end', async () => {
    const dataDir = path.join(dir, 'data')
    let client: SqlClient = await openPgliteClient(path.join(dataDir, 'pglite'))
    await migrate(client)
    // Appended as changes append them: a few per transaction.
    for (let batch = 0; batch < 4; batch++) {
      await client.transaction((tx) =>
        appendAuditEvents(
          tx,
          key,
          [0, 1, 2].map((offset) => draft(batch * 3 + offset)),
        ),
      )
    }
    expect(await verifyAuditTrail(client, key)).toEqual([])
    await client.close()
    const whole = await verifyCommand(dataDir)
    expect(whole.code, whole.output).toBe(0)
    expect(whole.output).toContain('The audit trail is whole: 12 events')

    client = await openPgliteClient(path.join(dataDir, 'pglite'))
    await client.query("UPDATE audit_events SET summary = 'Nothing happened' WHERE sequence = 4")
    await client.query('DELETE FROM audit_events WHERE sequence = 7')
    await client.query('DELETE FROM audit_events WHERE sequence = 12')
    await client.close()
    const broken = await verifyCommand(dataDir)
    expect(broken.code, broken.output).toBe(1)
    expect(broken.output).toContain('event 4: altered')
    expect(broken.output).toContain('event 7: missing (removed from the middle)')
    expect(broken.output).toContain('event 12: missing (removed from the end; the server recorded 12 events)')
    expect(broken.output).toContain('broken in 3 places')

    // The server's own check at start says the same on its console.
    const started = startTsProcess(
      'src/server/main.ts',
      ['--port', '0', '--no-delegate', '--data', dataDir, '--dist', path.join(dir, 'no-dist')],
      { CONNECTORS_SECRET_KEY: secretKey.toString('base64'), CONNECTORS_SECRET_KEY_FILE: '', DATABASE_URL: '' },
    )
    try {
      await started.waitFor(/The audit trail is broken in 3 places/, 90_000)
      await started.waitFor(/event 12: missing \(removed from the end/, 10_000)
      expect(started.output()).toContain('event 4: altered')
      expect(started.output()).toContain('event 7: missing (removed from the middle)')
    } finally {
      await started.stop()
    }
  }, 180_000)

  it('notices the recorded end rolled back to hide rows removed from the end', async () => {
    const client = await openPgliteClient(path.join(dir, 'rolled-back'))
    await migrate(client)
    await client.transaction((tx) => appendAuditEvents(tx, key, [draft(1), draft(2), draft(3)]))
    const [second] = await client.query<{ hmac: string }>('SELECT hmac FROM audit_events WHERE sequence = 2')
    await client.query('DELETE FROM audit_events WHERE sequence = 3')
    await client.query('UPDATE audit_head SET last_sequence = 2, last_hmac = $1', [second!.hmac])
    expect(await verifyAuditTrail(client, key)).toEqual([{ problem: 'head-altered' }])
    await client.close()
  }, 60_000)
})

describe('servers sharing one PostgreSQL', () => {
  it('append in one order: one unbroken chain without gaps', async () => {
    const admin = openPostgresClient(postgresServer.url)
    await admin.query('CREATE DATABASE audit_race')
    await admin.close()
    const url = postgresServer.url.replace(/\/[^/]+$/, '/audit_race')
    const servers = [openPostgresClient(url), openPostgresClient(url)]
    await migrate(servers[0]!)
    await Promise.all(
      servers.map(async (server, index) => {
        for (let write = 0; write < 25; write++) {
          await server.transaction((tx) => appendAuditEvents(tx, key, [draft(write, `server_${index}`)]))
        }
      }),
    )
    const rows = await servers[0]!.query<{ sequence: string }>('SELECT sequence FROM audit_events ORDER BY sequence')
    expect(rows.map((row) => Number(row.sequence))).toEqual(Array.from({ length: 50 }, (_, index) => index + 1))
    expect(await verifyAuditTrail(servers[0]!, key)).toEqual([])
    await Promise.all(servers.map((server) => server.close()))
  }, 60_000)
})
