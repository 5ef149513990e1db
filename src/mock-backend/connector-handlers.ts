import { http } from 'msw'
import type { CatalogueResponse, PageResponse, ConnectorResponse } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { CONNECTOR_TYPES } from '../connector-types/registry'
import {
  errorResponse,
  invalidRequest,
  isRecord,
  malformedBody,
  notFound,
  ok,
  paginate,
  readJson,
} from './api-responses'
import { filterConnectors, readConnectorFilter, toConnectorResponse } from './connector-list'
import { validateConnectorBody } from './connector-validation'
import type { HandlerContext } from './handler-context'
import { apiPath } from './handler-context'
import { pipelinesUsingConnector, referencedMessage } from './entity-usage-handlers'
import { connectorRecord } from './mock-records'
import { describeScope, requestScope } from './request-scope'

/** Harness's ConnectorResource (reference/harness-connectors.md §2.4). */

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

/** The connector a create or update request carries, validated like a real server would; or the error answer. */
async function readValidConnector(request: Request, context: HandlerContext) {
  const body = await readJson(request)
  if (body === undefined) return { response: malformedBody('{"connector": {...}}') }
  const { scope, error } = requestScope(request, undefined, bodyConnectorScope(body))
  if (error) return { response: error }
  const store = await context.store()
  const result = validateConnectorBody(body, scope, store)
  if (result.errors) return { response: invalidRequest(result.errors) }
  return { scope, store, connector: result.connector }
}

export function connectorHandlers(context: HandlerContext) {
  const { latency } = context
  const path = (suffix: string) => apiPath(context, `/ng/api/connectors${suffix}`)

  // Fixed paths come before `/:identifier` so that `catalogue` is never read as an identifier.
  return [
    http.get(path('/catalogue'), async ({ request }) => {
      await latency.request()
      const { error } = requestScope(request)
      return error ?? ok(buildCatalogue())
    }),

    http.get(path('/validateUniqueIdentifier'), async ({ request }) => {
      await latency.request()
      const { scope, error } = requestScope(request)
      if (error) return error
      const identifier = new URL(request.url).searchParams.get('identifier') ?? ''
      const store = await context.store()
      return ok(identifier !== 'harnessSecretManager' && !store.getConnector(scope, identifier))
    }),

    http.post(path('/listV2'), async ({ request }) => {
      await latency.request()
      const { scope, error } = requestScope(request)
      if (error) return error
      const params = new URL(request.url).searchParams
      const filter = readConnectorFilter(await readJson(request))
      const store = await context.store()
      const matches = filterConnectors(store.listConnectors(scope), params.get('searchTerm') ?? '', filter)
      const page = paginate(matches, params)
      const data: PageResponse<ConnectorResponse> = { ...page, content: page.content.map(toConnectorResponse) }
      return ok(data)
    }),

    http.post(path(''), async ({ request }) => {
      await latency.request()
      const read = await readValidConnector(request, context)
      if (read.response) return read.response
      const { scope, store, connector } = read
      if (store.getConnector(scope, connector.identifier)) {
        return errorResponse(
          400,
          'DUPLICATE_FIELD',
          `Connector: ${connector.name} has been given an identifier: ${connector.identifier} that already exists. Please enter a unique ID.`,
        )
      }
      const now = store.now()
      const record = connectorRecord(scope, connector, { createdAt: now, lastModifiedAt: now })
      await store.saveConnector(record)
      return ok(toConnectorResponse(record))
    }),

    http.put(path(''), async ({ request }) => {
      await latency.request()
      const read = await readValidConnector(request, context)
      if (read.response) return read.response
      const { scope, store, connector } = read
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

    http.get(path('/:identifier'), async ({ request, params }) => {
      await latency.request()
      const { scope, error } = requestScope(request)
      if (error) return error
      const identifier = String(params.identifier)
      const record = (await context.store()).getConnector(scope, identifier)
      return record ? ok(toConnectorResponse(record)) : connectorNotFound(identifier, scope)
    }),

    http.delete(path('/:identifier'), async ({ request, params }) => {
      await latency.request()
      const { scope, error } = requestScope(request)
      if (error) return error
      const identifier = String(params.identifier)
      const store = await context.store()
      if (!store.getConnector(scope, identifier)) return connectorNotFound(identifier, scope)
      // Harness refuses to leave pipelines pointing at nothing, unless the caller insists.
      if (new URL(request.url).searchParams.get('forceDelete') !== 'true') {
        const users = pipelinesUsingConnector(store, scope, identifier)
        if (users.length) return errorResponse(400, 'ENTITY_REFERENCE_EXCEPTION', referencedMessage(identifier, users))
      }
      const deleted = await store.deleteConnector(scope, identifier)
      return deleted ? ok(true) : connectorNotFound(identifier, scope)
    }),
  ]
}
