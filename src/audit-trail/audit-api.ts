import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { apiRequest } from '../lib/api-client'
import { pageResponseSchema } from '../lib/api-types'
import type { AuditEventDTO } from '../lib/audit-types'
import { auditEventSchema } from '../lib/audit-types'
import { downloadText } from '../lib/download-text'
import type { Scope } from '../lib/scope'
import type { AuditFilters, AuditListParams } from './audit-filters'
import { auditFilterBody, dayOf } from './audit-filters'

export const AUDIT_PAGE_SIZE = 25
/** The API's largest page: an export asks for as few pages as it can. */
export const EXPORT_PAGE_SIZE = 200
export const EXPORT_CAP = 10_000

const auditPageSchema = pageResponseSchema(auditEventSchema)

const scopeKey = (scope: Scope) => [scope.accountIdentifier, scope.orgIdentifier ?? '', scope.projectIdentifier ?? '']

function fetchAuditPage(
  scope: Scope,
  body: ReturnType<typeof auditFilterBody>,
  pageIndex: number,
  pageSize: number,
  signal?: AbortSignal,
) {
  return apiRequest(auditPageSchema, 'POST', '/audit/api/audits/list', {
    scope,
    query: { pageIndex, pageSize },
    body,
    signal,
  })
}

/**
 * One page of events. The key holds the range's name, not its times: "the last 7 days" is
 * reckoned from now at each fetch, so a refetch (another tab's change) brings the newest.
 */
export function useAuditEvents(scope: Scope, list: AuditListParams, actorType: string, enabled: boolean) {
  return useQuery({
    queryKey: ['audit', ...scopeKey(scope), list, actorType],
    queryFn: ({ signal }) =>
      fetchAuditPage(scope, auditFilterBody(list, actorType), list.pageIndex, AUDIT_PAGE_SIZE, signal),
    placeholderData: keepPreviousData,
    enabled,
    retry: false,
  })
}

export function exportFileName(scope: Scope, now = Date.now()): string {
  const where = [scope.accountIdentifier, scope.orgIdentifier, scope.projectIdentifier].filter(Boolean).join('-')
  return `audit-trail-${where}-${dayOf(now)}.jsonl`
}

export type ExportResult = { count: number; fileName: string; capped: boolean }

/**
 * Every event the filters match, newest first, as JSON Lines. The range is fixed when the export
 * starts, so events made meanwhile do not shift the pages under it; it stops at EXPORT_CAP.
 */
export async function collectAuditEvents(
  scope: Scope,
  filters: AuditFilters,
  actorType: string,
  now = Date.now(),
): Promise<{ events: AuditEventDTO[]; capped: boolean }> {
  const body = auditFilterBody(filters, actorType, now)
  const events: AuditEventDTO[] = []
  for (let pageIndex = 0; events.length < EXPORT_CAP; pageIndex++) {
    const page = await fetchAuditPage(scope, body, pageIndex, EXPORT_PAGE_SIZE)
    events.push(...page.content)
    // The total is counted only up to a limit: a short page, not totalPages, says it is the last.
    if (page.content.length < EXPORT_PAGE_SIZE) return { events, capped: false }
  }
  return { events: events.slice(0, EXPORT_CAP), capped: true }
}

export function toJsonLines(events: readonly AuditEventDTO[]): string {
  return events.map((event) => `${JSON.stringify(event)}\n`).join('')
}

export function useExportAuditEvents(scope: Scope) {
  return useMutation({
    mutationFn: async ({ filters, actorType }: { filters: AuditFilters; actorType: string }): Promise<ExportResult> => {
      const now = Date.now()
      const { events, capped } = await collectAuditEvents(scope, filters, actorType, now)
      const fileName = exportFileName(scope, now)
      if (events.length) downloadText(toJsonLines(events), fileName, 'application/jsonl')
      return { count: events.length, fileName, capped }
    },
  })
}
