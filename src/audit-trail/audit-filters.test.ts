import { describe, expect, it } from 'vitest'
import { auditFilterBody, auditQueryValues, parseAuditParams, timeWindow } from './audit-filters'

const NOW = new Date(2026, 4, 20, 12, 0).getTime()
const DAY = 86_400_000

describe('the Audit Trail’s filters in the address', () => {
  it('reads a plain address as the last 7 days, and writes it back plain', () => {
    const list = parseAuditParams(new URLSearchParams(''), NOW)
    expect(list).toMatchObject({ range: '7d', actor: '', action: '', resourceType: '', resource: '', pageIndex: 0 })
    expect(Object.values(auditQueryValues(list)).every((value) => value === '')).toBe(true)
    expect(timeWindow(list, NOW)).toEqual({ startTime: NOW - 7 * DAY, endTime: NOW + 1 })
  })

  it('round-trips every filter and the page', () => {
    const query =
      'range=custom&from=2026-05-01&to=2026-05-03&actor=demo_admin&action=UPDATE&resourceType=CONNECTOR&resource=hub&page=3'
    const list = parseAuditParams(new URLSearchParams(query), NOW)
    expect(list.pageIndex).toBe(2)
    expect(new URLSearchParams(auditQueryValues(list)).toString()).toBe(query)
  })

  it('leaves what it does not understand at the default', () => {
    const list = parseAuditParams(new URLSearchParams('range=1y&from=yesterday&page=-4'), NOW)
    expect(list.range).toBe('7d')
    expect(list.from).toBe('2026-05-13')
    expect(list.pageIndex).toBe(0)
  })

  it('takes a custom range as whole local days, both included', () => {
    const list = parseAuditParams(new URLSearchParams('range=custom&from=2026-05-01&to=2026-05-03'), NOW)
    expect(timeWindow(list, NOW)).toEqual({
      startTime: new Date(2026, 4, 1).getTime(),
      endTime: new Date(2026, 4, 4).getTime(),
    })
    expect(timeWindow({ ...list, from: '2026-05-04' }, NOW)).toBeNull()
  })

  it('asks the server in Harness’s filter shape, only for what is set', () => {
    const list = parseAuditParams(new URLSearchParams('range=24h&actor=ci_bot&action=DELETE'), NOW)
    expect(auditFilterBody(list, 'SERVICE_ACCOUNT', NOW)).toEqual({
      filterType: 'Audit',
      startTime: NOW - DAY,
      endTime: NOW + 1,
      principals: [{ type: 'SERVICE_ACCOUNT', identifier: 'ci_bot' }],
      actions: ['DELETE'],
    })
  })
})
