import type { PageResponse, SecretResponse } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import {
  duplicateIdentifier,
  errorResponse,
  expectedVersion,
  invalidIfMatch,
  invalidRequest,
  isRecord,
  notFound,
  ok,
  pageResponse,
  pagingOf,
  staleWrite,
} from './api-responses'
import type { HandlerContext } from './handler-context'
import type { StoredSecret } from './records'
import { changedBy, secretRecord } from './records'
import { describeScope } from './request-scope'
import type { Route } from './router'
import { scopedJsonRoute, scopedRoute } from './scoped-route'
import { secretInUseMessage } from './secret-usage'
import { validateSecretBody } from './secret-validation'

/**
 * Harness's v2 secrets API over the simulated secret manager. Values are write-only: they
 * arrive in a create or update body and never leave again, in any answer or any message. An
 * update and a delete take the version read (`If-Match`), as a connector's do (decision 010).
 */

export function toSecretResponse(record: StoredSecret): SecretResponse {
  return {
    secret: record.secret,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    version: record.version,
    ...(record.createdBy ? { createdBy: record.createdBy } : {}),
    ...(record.lastModifiedBy ? { lastModifiedBy: record.lastModifiedBy } : {}),
  }
}

function secretNotFound(identifier: string, scope: Scope): Response {
  return notFound(`Secret with identifier [${identifier}] in ${describeScope(scope)} not found`)
}

export function secretRoutes(context: HandlerContext): Route[] {
  const path = (suffix: string) => `/ng/api/v2/secrets${suffix}`

  return [
    scopedRoute(context, 'GET', path(''), async ({ query, scope, store }) => {
      const paging = pagingOf(query)
      const searchTerm = (query.get('searchTerm') ?? '').trim().toLowerCase()
      const page = await store.listSecrets(scope, { searchTerm, ...paging })
      // "Used by N connectors" on every row, counted for the page in one read.
      const usage = await store.countConnectorsUsingSecrets(page.items.map((record) => record.key))
      const data: PageResponse<SecretResponse> = pageResponse(page, paging, (record) => ({
        ...toSecretResponse(record),
        usedByConnectors: usage.get(record.key) ?? 0,
      }))
      return ok(data)
    }),

    scopedJsonRoute(
      context,
      'POST',
      path(''),
      async ({ access, body, scope, store }) => {
        const result = validateSecretBody(body, scope, 'create')
        if (result.errors) return invalidRequest(result.errors)
        const now = store.now()
        const by = changedBy(access.principal)
        const created = await store.createSecret({
          ...secretRecord(scope, result.secret, result.value ?? '', { createdAt: now, updatedAt: now }),
          createdBy: by,
          lastModifiedBy: by,
        })
        if (!created.ok) return duplicateIdentifier('Secret', result.secret.name, result.secret.identifier)
        return ok(toSecretResponse(created.record))
      },
      { shape: '{"secret": {...}}', scopeIn: (body) => (isRecord(body) && isRecord(body.secret) ? body.secret : {}) },
    ),

    scopedRoute(context, 'GET', path('/validateUniqueIdentifier/:identifier'), async ({ params, scope, store }) =>
      ok(!(await store.getSecret(scope, params.identifier ?? ''))),
    ),

    scopedRoute(context, 'GET', path('/:identifier'), async ({ params, scope, store }) => {
      const identifier = params.identifier ?? ''
      const record = await store.getSecret(scope, identifier)
      return record ? ok(toSecretResponse(record)) : secretNotFound(identifier, scope)
    }),

    scopedJsonRoute(
      context,
      'PUT',
      path('/:identifier'),
      async ({ access, body, params, request, scope, store }) => {
        const identifier = params.identifier ?? ''
        const expected = expectedVersion(request)
        if (expected === null) return invalidIfMatch()
        const result = validateSecretBody(body, scope, 'update')
        if (result.errors) return invalidRequest(result.errors)
        if (result.secret.identifier !== identifier) {
          const error = `The identifier of a secret cannot change: the address names ${identifier}, the body ${result.secret.identifier}.`
          return invalidRequest([{ fieldId: 'identifier', error }])
        }
        const existing = await store.getSecret(scope, identifier)
        // Saving a secret that another tab deleted must not bring it back.
        if (!existing) return secretNotFound(identifier, scope)
        // Read before a change by someone else: stale first, so that a value moved to the delegate
        // meanwhile opens the comparison rather than asking this client for a value it had.
        if (expected !== undefined && existing.version !== expected) return staleWrite(`Secret ${identifier}`)
        // A value the delegate held was never here to keep: moving it to the server needs one.
        if (result.value === undefined && existing.secret.spec.valueType === 'Reference') {
          return invalidRequest([{ fieldId: 'spec.value', error: 'A secret stored on the server needs a value.' }])
        }
        const edited: StoredSecret = {
          ...existing,
          secret: result.secret,
          // No value (or an empty one): the stored value stays. A delegate-held secret has none ('').
          value: result.value ?? existing.value,
          updatedAt: store.now(),
          lastModifiedBy: changedBy(access.principal),
        }
        // Without If-Match the write still only applies to the record just read, never over a newer one.
        const updated = await store.updateSecret(edited, expected ?? existing.version)
        if (updated.ok) return ok(toSecretResponse(updated.record))
        if (updated.refusal === 'not-found') return secretNotFound(identifier, scope)
        return staleWrite(`Secret ${identifier}`)
      },
      { shape: '{"secret": {...}}', scopeIn: (body) => (isRecord(body) && isRecord(body.secret) ? body.secret : {}) },
    ),

    scopedRoute(context, 'DELETE', path('/:identifier'), async ({ request, params, query, scope, store }) => {
      const identifier = params.identifier ?? ''
      const expected = expectedVersion(request)
      if (expected === null) return invalidIfMatch()
      const existing = await store.getSecret(scope, identifier)
      if (!existing) return secretNotFound(identifier, scope)
      // Connectors that use it would fail every test: refused, naming them, unless the caller insists.
      if (query.get('forceDelete') !== 'true') {
        const users = await store.connectorsUsingSecret(existing.key, { pageIndex: 0, pageSize: 10 })
        if (users.total) {
          return errorResponse(
            400,
            'ENTITY_REFERENCE_EXCEPTION',
            secretInUseMessage(identifier, users.items, users.total),
          )
        }
      }
      const deleted = await store.deleteSecret(scope, identifier, expected)
      if (deleted.ok) return ok(true)
      if (deleted.refusal === 'not-found') return secretNotFound(identifier, scope)
      return staleWrite(`Secret ${identifier}`)
    }),
  ]
}
