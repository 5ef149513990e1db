/**
 * What the Audit Trail shows: its time range, who, what and which resource, and the page. They
 * live in the address (`?range=30d&actor=…&action=UPDATE&resourceType=CONNECTOR&resource=…&page=2`,
 * or `range=custom&from=2026-01-01&to=2026-01-31`), so a reload or a shared link shows the same
 * events; the server filters and pages.
 */

export const TIME_RANGES = {
  '24h': { label: 'Last 24 hours', days: 1 },
  '7d': { label: 'Last 7 days', days: 7 },
  '30d': { label: 'Last 30 days', days: 30 },
  custom: { label: 'Custom', days: 0 },
} as const
export type TimeRange = keyof typeof TIME_RANGES

/** Offered in the filters; an address may name others (types recorded later), and they are kept. */
export const RESOURCE_TYPE_OPTIONS: Record<string, string> = {
  CONNECTOR: 'Connector',
  SECRET: 'Secret',
  PIPELINE: 'Pipeline',
  ORGANIZATION: 'Organization',
  PROJECT: 'Project',
  ROLE_ASSIGNMENT: 'Role binding',
  SERVICE_ACCOUNT: 'Service account',
  API_KEY: 'API key',
  TOKEN: 'Token',
  DELEGATE_TOKEN: 'Delegate token',
  DELEGATE: 'Delegate',
  USER: 'User',
  DEMO_DATA: 'Demo data',
}

export const ACTION_OPTIONS: Record<string, string> = {
  CREATE: 'Create',
  UPDATE: 'Update',
  DELETE: 'Delete',
  TEST: 'Test',
  SIGN_IN: 'Sign in',
  SIGN_IN_FAILED: 'Failed sign-in',
  SIGN_OUT: 'Sign out',
}

export type AuditFilters = {
  range: TimeRange
  /** YYYY-MM-DD, local days, both included; only with range 'custom'. */
  from: string
  to: string
  /** A user's or service account's identifier, or '' for anyone. */
  actor: string
  action: string
  resourceType: string
  resource: string
}

export type AuditListParams = AuditFilters & { pageIndex: number }

export const QUERY_NAMES = ['range', 'from', 'to', 'actor', 'action', 'resourceType', 'resource', 'page'] as const

const DAY_MS = 24 * 60 * 60 * 1000
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** A local day as YYYY-MM-DD, what a date input holds. */
export function dayOf(time: number): string {
  const date = new Date(time)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** A custom range starts as the default one: the last 7 days, today included. */
export function defaultCustomDays(now = Date.now()): Pick<AuditFilters, 'from' | 'to'> {
  return { from: dayOf(now - 7 * DAY_MS), to: dayOf(now) }
}

const isRange = (value: string): value is TimeRange => Object.hasOwn(TIME_RANGES, value)
const word = (value: string | null) => (value ?? '').trim().slice(0, 128)

export function parseAuditParams(params: URLSearchParams, now = Date.now()): AuditListParams {
  const range = params.get('range') ?? ''
  const page = Number(params.get('page'))
  const custom = defaultCustomDays(now)
  const from = params.get('from') ?? ''
  const to = params.get('to') ?? ''
  return {
    range: isRange(range) ? range : '7d',
    from: DATE.test(from) ? from : custom.from,
    to: DATE.test(to) ? to : custom.to,
    actor: word(params.get('actor')),
    action: word(params.get('action')).toUpperCase(),
    resourceType: word(params.get('resourceType')).toUpperCase(),
    resource: word(params.get('resource')),
    pageIndex: Number.isInteger(page) && page > 1 ? page - 1 : 0,
  }
}

/** The address's query: defaults left out, so the plain page has a plain address. */
export function auditQueryValues(list: AuditListParams): Record<(typeof QUERY_NAMES)[number], string> {
  const custom = list.range === 'custom'
  return {
    range: list.range === '7d' ? '' : list.range,
    from: custom ? list.from : '',
    to: custom ? list.to : '',
    actor: list.actor,
    action: list.action,
    resourceType: list.resourceType,
    resource: list.resource,
    page: list.pageIndex > 0 ? String(list.pageIndex + 1) : '',
  }
}

/** Start of the first day to the end of the last, in the browser's time zone. */
function localDay(day: string): number {
  const [year, month, date] = day.split('-').map(Number)
  return new Date(year!, month! - 1, date).getTime()
}

/** The range as times: `to` is exclusive. A custom range that ends before it starts has none. */
export function timeWindow(filters: AuditFilters, now = Date.now()): { startTime: number; endTime: number } | null {
  if (filters.range !== 'custom') return { startTime: now - TIME_RANGES[filters.range].days * DAY_MS, endTime: now + 1 }
  const startTime = localDay(filters.from)
  const endTime = localDay(filters.to) + DAY_MS
  return startTime < endTime ? { startTime, endTime } : null
}

export function isFiltered(filters: AuditFilters): boolean {
  return Boolean(filters.actor || filters.action || filters.resourceType || filters.resource)
}

/** Harness's AuditFilterPropertiesDTO for these filters, at the time `now`. */
export function auditFilterBody(filters: AuditFilters, actorType: string, now = Date.now()) {
  const window = timeWindow(filters, now)
  return {
    filterType: 'Audit',
    ...window,
    ...(filters.actor ? { principals: [{ type: actorType, identifier: filters.actor }] } : {}),
    ...(filters.action ? { actions: [filters.action] } : {}),
    ...(filters.resourceType || filters.resource
      ? {
          resources: [
            {
              ...(filters.resourceType ? { type: filters.resourceType } : {}),
              ...(filters.resource ? { identifier: filters.resource } : {}),
            },
          ],
        }
      : {}),
  }
}
