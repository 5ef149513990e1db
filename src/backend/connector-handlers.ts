import { CONNECTOR_TYPES } from '../connector-types/registry'
import type { CatalogueResponse, PageResponse, ConnectorResponse, ConnectorInfo } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import {
  duplicateIdentifier,
  errorResponse,
  invalidRequest,
  expectedVersion,
  invalidIfMatch,
  isRecord,
  notFound,
  ok,
  pageResponse,
  readJson,
  staleWrite,
} from './api-responses'
import { connectorListQuery, listQueryProblems, toConnectorResponse } from './connector-list'
import { validateConnectorBody } from './connector-validation'
import { pipelinesUsingConnector, referencedMessage } from './entity-usage-handlers'
import type { HandlerContext } from './handler-context'
import { changedBy, connectorRecord, connectorSearchText } from './records'
import { describeScope } from './request-scope'
import type { Route } from './router'
import type { ScopedRequest } from './scoped-route'
import { scopedJsonRoute, scopedRoute } from './scoped-route'

/** Harness's ConnectorResource (docs/reference/harness-api.md §2.4). */

export function connectorNotFound(identifier: string, scope: Scope): Response {
  return notFound(`Connector with identifier [${identifier}] in ${describeScope(scope)} not found`)
}

function buildCatalogue(): CatalogueResponse {
  const byCategory = new Map<string, string[]>()
  for (const definition of CONNECTOR_TYPES) {
    const list = byCategory.get(definition.category) ?? []
    list.push(definition.type)
    byCategory.set(definition.category, list)
  }
  return { catalogue: [...byCategory].map(([category, connectors]) => ({ category, connectors })) }
}

function bodyConnectorScope(body: unknown): Record<string, unknown> {
  return isRecord(body) && isRecord(body.connector) ? body.connector : {}
}

/**
 * A create or update: the body must carry a connector that passes the server's own checks
 * (everything the wizard checks, again) before `handle` sees it.
 */
function connectorBodyRoute(
  context: HandlerContext,
  method: 'POST' | 'PUT',
  handle: (connector: ConnectorInfo, scoped: ScopedRequest<unknown>) => Promise<Response>,
): Route {
  return scopedJsonRoute(
    context,
    method,
    '/ng/api/connectors',
    async (scoped) => {
      const result = await validateConnectorBody(scoped.body, scoped.scope, scoped.store)
      return result.errors ? invalidRequest(result.errors) : handle(result.connector, scoped)
    },
    { shape: '{"connector": {...}}', scopeIn: bodyConnectorScope },
  )
}

export function connectorRoutes(context: HandlerContext): Route[] {
  const path = (suffix: string) => `/ng/api/connectors${suffix}`

  // Fixed paths come before `/:identifier` so that `catalogue` is never read as an identifier.
  return [
    scopedRoute(context, 'GET', path('/catalogue'), () => ok(buildCatalogue())),

    scopedRoute(context, 'GET', path('/validateUniqueIdentifier'), async ({ query, scope, store }) => {
      const identifier = query.get('identifier') ?? ''
      return ok(identifier !== 'harnessSecretManager' && !(await store.getConnector(scope, identifier)))
    }),

    scopedRoute(context, 'POST', path('/listV2'), async ({ request, query, scope, store }) => {
      const body = await readJson(request)
      const problems = listQueryProblems(body, query)
      if (problems.length) return invalidRequest(problems)
      const listQuery = connectorListQuery(body, query)
      const page = await store.listConnectors(scope, listQuery)
      const data: PageResponse<ConnectorResponse> = pageResponse(page, listQuery, toConnectorResponse)
      // A test still running on a delegate shows as running, in every tab and after a reload.
      const running =
        page.openTests ??
        (await context.dispatch?.openTests(
          scope,
          page.items.map((record) => record.connector.identifier),
        ))
      if (running?.size) {
        data.content = data.content.map((row) => {
          const taskId = running.get(row.connector.identifier)
          return taskId ? { ...row, runningTest: { taskId } } : row
        })
      }
      // Harness's clients read metaData; ours reads the same flag on the page.
      return ok(data, page.totalIsLowerBound ? { totalIsLowerBound: true } : null)
    }),

    connectorBodyRoute(context, 'POST', async (connector, { scope, store, access }) => {
      const now = store.now()
      const by = changedBy(access.principal)
      const created = await store.createConnector({
        ...connectorRecord(scope, connector, { createdAt: now, lastModifiedAt: now }),
        createdBy: by,
        lastModifiedBy: by,
      })
      // Atomic in the store: two tabs creating the same identifier cannot both succeed.
      if (!created.ok) return duplicateIdentifier('Connector', connector.name, connector.identifier)
      return ok(toConnectorResponse(created.record))
    }),

    connectorBodyRoute(context, 'PUT', async (connector, { request, scope, store, access }) => {
      const expected = expectedVersion(request)
      if (expected === null) return invalidIfMatch()
      const existing = await store.getConnector(scope, connector.identifier)
      // Saving a connector that another tab deleted must not bring it back.
      if (!existing) return connectorNotFound(connector.identifier, scope)
      if (existing.connector.type !== connector.type) {
        return invalidRequest([
          {
            fieldId: 'type',
            error: `The type of a connector cannot change: ${connector.identifier} is a ${existing.connector.type} connector.`,
          },
        ])
      }
      const edited = {
        ...existing,
        connector,
        lastModifiedAt: store.now(),
        lastModifiedBy: changedBy(access.principal),
        searchText: connectorSearchText(connector, existing.status),
      }
      // Without If-Match the write still only applies to the record just read, never over a newer one.
      const updated = await store.updateConnector(edited, expected ?? existing.version)
      if (updated.ok) return ok(toConnectorResponse(updated.record))
      if (updated.refusal === 'not-found') return connectorNotFound(connector.identifier, scope)
      return staleWrite(`Connector ${connector.identifier}`)
    }),

    scopedRoute(context, 'GET', path('/:identifier'), async ({ params, scope, store }) => {
      const identifier = params.identifier ?? ''
      const record = await store.getConnector(scope, identifier)
      return record ? ok(toConnectorResponse(record)) : connectorNotFound(identifier, scope)
    }),

    scopedRoute(context, 'DELETE', path('/:identifier'), async ({ request, params, query, scope, store }) => {
      const identifier = params.identifier ?? ''
      const expected = expectedVersion(request)
      if (expected === null) return invalidIfMatch()
      if (!(await store.getConnector(scope, identifier))) return connectorNotFound(identifier, scope)
      // Harness refuses to leave pipelines pointing at nothing, unless the caller insists.
      if (query.get('forceDelete') !== 'true') {
        const users = await pipelinesUsingConnector(store, scope, identifier)
        if (users.length) return errorResponse(400, 'ENTITY_REFERENCE_EXCEPTION', referencedMessage(identifier, users))
      }
      const deleted = await store.deleteConnector(scope, identifier, expected)
      if (deleted.ok) return ok(true)
      if (deleted.refusal === 'not-found') return connectorNotFound(identifier, scope)
      return staleWrite(`Connector ${identifier}`)
    }),
  ]
}
