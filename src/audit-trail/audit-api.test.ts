import { http } from 'msw'
import { describe, expect, it } from 'vitest'
import { ok } from '../backend/api-responses'
import { server } from '../demo-backend/node-mock-backend'
import type { AuditEventDTO } from '../lib/audit-types'
import { collectAuditEvents, EXPORT_CAP, exportFileName, toJsonLines } from './audit-api'
import type { AuditFilters } from './audit-filters'
import { parseAuditParams } from './audit-filters'

const PAYMENTS = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }
const FILTERS: AuditFilters = parseAuditParams(new URLSearchParams('resource=hub&resourceType=CONNECTOR'))

function event(sequence: number): AuditEventDTO {
  return {
    auditId: String(sequence),
    sequence,
    timestamp: 1_700_000_000_000 + sequence,
    action: 'UPDATE',
    outcome: 'SUCCESS',
    summary: 'URL changed',
    resourceScope: PAYMENTS,
    resource: { type: 'CONNECTOR', identifier: 'hub' },
    authenticationInfo: { principal: { type: 'USER', identifier: 'demo_admin', name: 'Demo Admin' } },
    requestMetadata: { clientIP: '127.0.0.1' },
  }
}

/** A server with `total` matching events, newest first, that counts only up to 1,000 as the real one. */
function serveEvents(total: number) {
  const asked: { pageIndex: number; pageSize: number; body: unknown }[] = []
  server.use(
    http.post('*/audit/api/audits/list', async ({ request }) => {
      const url = new URL(request.url)
      const pageIndex = Number(url.searchParams.get('pageIndex'))
      const pageSize = Number(url.searchParams.get('pageSize'))
      asked.push({ pageIndex, pageSize, body: await request.json() })
      const start = pageIndex * pageSize
      const content = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, index) =>
        event(total - start - index),
      )
      return ok({
        content,
        totalItems: Math.min(total, 1000),
        totalPages: Math.ceil(Math.min(total, 1000) / pageSize),
        pageIndex,
        pageSize,
        ...(total > 1000 ? { totalIsLowerBound: true } : {}),
      })
    }),
  )
  return asked
}

describe('exporting the audit trail', () => {
  it('pages through every match 200 at a time, past the counted 1,000, with one time range throughout', async () => {
    const asked = serveEvents(1_234)
    const { events, capped } = await collectAuditEvents(PAYMENTS, FILTERS, 'USER', 1_800_000_000_000)
    expect(capped).toBe(false)
    expect(events).toHaveLength(1_234)
    expect(events[0]?.sequence).toBe(1_234)
    expect(events.at(-1)?.sequence).toBe(1)
    expect(asked.map((request) => request.pageIndex)).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(new Set(asked.map((request) => request.pageSize))).toEqual(new Set([200]))
    expect(asked[0]?.body).toEqual({
      filterType: 'Audit',
      startTime: 1_800_000_000_000 - 7 * 86_400_000,
      endTime: 1_800_000_000_001,
      resources: [{ type: 'CONNECTOR', identifier: 'hub' }],
    })
    expect(new Set(asked.map((request) => JSON.stringify(request.body))).size).toBe(1)
  })

  it('stops at the cap and says it did', async () => {
    const asked = serveEvents(EXPORT_CAP + 450)
    const { events, capped } = await collectAuditEvents(PAYMENTS, FILTERS, 'USER')
    expect(capped).toBe(true)
    expect(events).toHaveLength(EXPORT_CAP)
    expect(asked).toHaveLength(EXPORT_CAP / 200)
  })

  it('writes one event per line, each the whole event as JSON', () => {
    const lines = toJsonLines([event(2), event(1)]).split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[2]).toBe('')
    expect(JSON.parse(lines[0]!)).toEqual(event(2))
  })

  it('names the file after the scope and the day', () => {
    expect(exportFileName(PAYMENTS, new Date(2026, 2, 5, 23, 30).getTime())).toBe(
      'audit-trail-acme-default-payments-2026-03-05.jsonl',
    )
    expect(exportFileName({ accountIdentifier: 'acme' }, new Date(2026, 0, 9).getTime())).toBe(
      'audit-trail-acme-2026-01-09.jsonl',
    )
  })
})
