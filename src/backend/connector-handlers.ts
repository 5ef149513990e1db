import { CONNECTOR_TYPES } from '../connector-types/registry'
import type { CatalogueResponse, PageResponse, ConnectorResponse, ConnectorInfo } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import {
  duplicateIdentifier,
  errorResponse,
  invalidRequest,
  isRecord,
  notFound,
  ok,
  paginate,
  readJson,
} from './api-responses'
import { filterConnectors, readConnectorFilter, toConnectorResponse } from './connector-list'
import { validateConnectorBody } from './connector-validation'
import { pipelinesUsingConnector, referencedMessage } from './entity-usage-handlers'
import type { HandlerContext } from './handler-context'
import { connectorRecord } from './mock-records'
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
    (scoped) => {
      const result = validateConnectorBody(scoped.body, scoped.scope, scoped.store)
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

    scopedRoute(context, 'GET', path('/validateUniqueIdentifier'), ({ query, scope, store }) => {
      const identifier = query.get('identifier') ?? ''
      return ok(identifier !== 'harnessSecretManager' && !store.getConnector(scope, identifier))
    }),

    scopedRoute(context, 'POST', path('/listV2'), async ({ request, query, scope, store }) => {
      const filter = readConnectorFilter(await readJson(request))
      const matches = filterConnectors(store.listConnectors(scope), query.get('searchTerm') ?? '', filter)
      const page = paginate(matches, query)
      const data: PageResponse<ConnectorResponse> = { ...page, content: page.content.map(toConnectorResponse) }
      return ok(data)
    }),

    connectorBodyRoute(context, 'POST', async (connector, { scope, store }) => {
      if (store.getConnector(scope, connector.identifier)) {
        return duplicateIdentifier('Connector', connector.name, connector.identifier)
      }
      const now = store.now()
      const record = connectorRecord(scope, connector, { createdAt: now, lastModifiedAt: now })
      await store.saveConnector(record)
      return ok(toConnectorResponse(record))
    }),

    connectorBodyRoute(context, 'PUT', async (connector, { scope, store }) => {
      const existing = store.getConnector(scope, connector.identifier)
      if (!existing) return connectorNotFound(connector.identifier, scope)
      if (existing.connector.type !== connector.type) {
        return invalidRequest([
          {
            fieldId: 'type',
            error: `The type of a connector cannot change: ${connector.identifier} is a ${existing.connector.type} connector.`,
          },
        ])
      }
      const record = { ...existing, connector, lastModifiedAt: store.now() }
      await store.saveConnector(record)
      return ok(toConnectorResponse(record))
    }),

    scopedRoute(context, 'GET', path('/:identifier'), ({ params, scope, store }) => {
      const identifier = params.identifier ?? ''
      const record = store.getConnector(scope, identifier)
      return record ? ok(toConnectorResponse(record)) : connectorNotFound(identifier, scope)
    }),

    scopedRoute(context, 'DELETE', path('/:identifier'), async ({ params, query, scope, store }) => {
      const identifier = params.identifier ?? ''
      if (!store.getConnector(scope, identifier)) return connectorNotFound(identifier, scope)
      // Harness refuses to leave pipelines pointing at nothing, unless the caller insists.
      if (query.get('forceDelete') !== 'true') {
        const users = pipelinesUsingConnector(store, scope, identifier)
        if (users.length) return errorResponse(400, 'ENTITY_REFERENCE_EXCEPTION', referencedMessage(identifier, users))
      }
      const deleted = await store.deleteConnector(scope, identifier)
      return deleted ? ok(true) : connectorNotFound(identifier, scope)
    }),
  ]
}
