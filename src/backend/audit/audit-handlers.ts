import type { AuditEventDTO } from '../../lib/audit-types'
import { invalidRequest, isRecord, ok, pageResponse, pagingOf } from '../api-responses'
import type { HandlerContext } from '../handler-context'
import { scopeKey, scopeOfKey } from '../records'
import type { Route } from '../router'
import { scopedJsonRoute } from '../scoped-route'
import type { AuditEvent } from './audit-event'

/**
 * Harness's `POST /audit/api/audits/list`: the events of the request's scope and the scopes below
 * it, newest first, paged in the store, filtered by the body (time range, default the last 7
 * days; principals, actions, resources). Needs core_audit_view at that scope.
 */

const WEEK_MS = 7 * 24 * 60 * 60 * 1000

function dtoOf(event: AuditEvent): AuditEventDTO {
  const scope = scopeOfKey(event.scopeKey)
  return {
    auditId: String(event.sequence),
    sequence: event.sequence,
    timestamp: event.time,
    action: event.action,
    outcome: event.outcome,
    summary: event.summary,
    resourceScope: {
      accountIdentifier: scope.accountIdentifier,
      ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
      ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
    },
    resource: { type: event.resourceType, identifier: event.resourceIdentifier },
    authenticationInfo: { principal: { ...event.actor } },
    requestMetadata: { clientIP: event.clientAddress },
    ...(event.yamlBefore !== undefined || event.yamlAfter !== undefined
      ? { yamlDiffRecord: { oldYaml: event.yamlBefore ?? null, newYaml: event.yamlAfter ?? null } }
      : {}),
  }
}

const firstString = (value: unknown, field: string): string | undefined => {
  if (!Array.isArray(value) || !value.length) return undefined
  const first: unknown = value[0]
  if (typeof first === 'string') return first
  return isRecord(first) && typeof first[field] === 'string' ? first[field] : undefined
}

export function auditRoutes(context: HandlerContext): Route[] {
  return [
    scopedJsonRoute(
      context,
      'POST',
      '/audit/api/audits/list',
      async ({ body, scope, store, query }) => {
        const filter = isRecord(body) ? body : {}
        const now = store.now()
        const to = typeof filter.endTime === 'number' ? filter.endTime : now + 1
        const from = typeof filter.startTime === 'number' ? filter.startTime : to - WEEK_MS
        if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) {
          return invalidRequest([{ fieldId: 'startTime', error: 'The time range starts after it ends.' }])
        }
        const paging = pagingOf(query, 20)
        const resource = Array.isArray(filter.resources) && isRecord(filter.resources[0]) ? filter.resources[0] : {}
        const actorIdentifier = firstString(filter.principals, 'identifier')
        const action = firstString(filter.actions, 'action')
        const page = await store.listAuditEvents({
          scopeKey: scopeKey(scope),
          // A project has nothing below it; an organization or the account show their children's too.
          includeChildren: !scope.projectIdentifier,
          from,
          to,
          ...(actorIdentifier ? { actorIdentifier } : {}),
          ...(action ? { action } : {}),
          ...(typeof resource.type === 'string' && resource.type ? { resourceType: resource.type } : {}),
          ...(typeof resource.identifier === 'string' && resource.identifier
            ? { resourceIdentifier: resource.identifier }
            : {}),
          ...paging,
        })
        return ok(pageResponse(page, paging, dtoOf))
      },
      { shape: '{"filterType": "Audit", "startTime": …, "endTime": …}', scopeIn: () => ({}) },
    ),
  ]
}
