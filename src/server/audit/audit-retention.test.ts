// @vitest-environment node
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { auditKey } from '../../backend/audit/audit-chain'
import type { AuditDraft } from '../../backend/audit/audit-event'
import { parseServerOptions } from '../server-options'
import { openPgliteClient, type SqlClient } from '../sql-client'
import { migrate } from '../sql-migrations'
import { pruneAuditTrail } from './audit-retention'
import { appendAuditEvents, readHead, verifyAuditTrail } from './sql-audit-trail'

/**
 * Retention: the oldest events go, the job's own event says which (with the anchor the kept
 * chain starts from), and the trail still verifies; a row removed by hand after that is still
 * found. On the embedded database, as `npm start` keeps it.
 */

const DAY = 24 * 60 * 60 * 1000
const NOW = Date.parse('2026-12-06T12:00:00Z')
const key = auditKey(randomBytes(32))
let dir = ''
let client: SqlClient

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'audit-retention-'))
  client = await openPgliteClient(path.join(dir, 'pglite'))
  await migrate(client)
}, 60_000)

afterAll(async () => {
  await client?.close()
  await rm(dir, { recursive: true, force: true })
})

function draft(daysAgo: number, index: number): AuditDraft {
  return {
    time: NOW - daysAgo * DAY,
    actor: { type: 'USER', identifier: 'u_ana', name: 'Ana' },
    action: 'UPDATE',
    resourceType: 'CONNECTOR',
    resourceIdentifier: `hub_${index}`,
    scopeKey: 'acme/default/payments',
    outcome: 'SUCCESS',
    clientAddress: '127.0.0.1',
    summary: `Updated connector hub_${index}`,
  }
}

it('removes the events older than the retention, records its own event with the anchor, and the kept chain verifies', async () => {
  // Ten events three years old, five a year old, five from this week.
  const ages = [...Array(10).fill(3 * 365), ...Array(5).fill(365), ...Array(5).fill(2)] as number[]
  for (const [index, age] of ages.entries())
    await client.transaction((tx) => appendAuditEvents(tx, key, [draft(age, index)]))

  const first = await pruneAuditTrail(client, key, { retentionDays: 730, now: NOW, accountIdentifier: 'acme' })
  expect(first.removed).toBe(10)
  const [event] = first.events
  expect(event).toMatchObject({
    sequence: 21,
    action: 'RETENTION',
    actor: { type: 'SYSTEM' },
    scopeKey: 'acme//',
    summary: 'Removed 10 events older than 730 days (sequences 1–10)',
  })
  expect(event!.yamlAfter).toContain('chainStartsAt: 11')
  const rows = await client.query('SELECT min(sequence) AS first, count(*)::int AS n FROM audit_events')
  expect(rows[0]).toMatchObject({ first: 11, n: 11 })
  expect(await verifyAuditTrail(client, key)).toEqual([])
  expect(await readHead(client)).toMatchObject({ startSequence: 11, lastSequence: 21 })

  // The next day's run finds nothing to remove, and records nothing.
  const again = await pruneAuditTrail(client, key, { retentionDays: 730, now: NOW + DAY, accountIdentifier: 'acme' })
  expect(again).toEqual({ removed: 0, events: [] })

  // A shorter retention removes the year-old ones too, and the chain restarts from the new anchor.
  const shorter = await pruneAuditTrail(client, key, { retentionDays: 30, now: NOW, accountIdentifier: 'acme' })
  expect(shorter.removed).toBe(5)
  expect(await verifyAuditTrail(client, key)).toEqual([])

  // Someone with SQL access removes the oldest kept event as if retention had: verify names it.
  await client.query('DELETE FROM audit_events WHERE sequence = 16')
  expect(await verifyAuditTrail(client, key)).toEqual([{ sequence: 16, until: 16, problem: 'missing' }])
})

it('takes --audit-retention-days, 730 when not given, and refuses a number out of range in words', () => {
  expect(parseServerOptions([], {}).auditRetentionDays).toBe(730)
  expect(parseServerOptions(['--audit-retention-days', '90'], {}).auditRetentionDays).toBe(90)
  expect(() => parseServerOptions(['--audit-retention-days', '0'], {})).toThrow(/--audit-retention-days/)
})
