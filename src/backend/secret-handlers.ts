import type { PageResponse, SecretDTO, SecretResponse } from '../lib/api-types'
import { DESCRIPTION_MAX_LENGTH, identifierProblem, nameProblem } from '../lib/entity-names'
import type { Scope } from '../lib/scope'
import type { FieldError } from './api-responses'
import { duplicateIdentifier, invalidRequest, isRecord, notFound, ok, pageResponse, pagingOf } from './api-responses'
import type { HandlerContext } from './handler-context'
import type { StoredSecret } from './records'
import { secretRecord } from './records'
import { describeScope } from './request-scope'
import type { Route } from './router'
import { scopedJsonRoute, scopedRoute } from './scoped-route'
import { SECRET_MANAGER } from './seed-data'

/**
 * Harness's v2 secrets API over the simulated secret manager. Values are write-only: they
 * arrive in a create body and never leave again, in any answer or any message.
 */

export function toSecretResponse(record: StoredSecret): SecretResponse {
  return { secret: record.secret, createdAt: record.createdAt, updatedAt: record.updatedAt, version: record.version }
}

type SecretValidation = { secret: SecretDTO; value: string; errors?: undefined } | { errors: FieldError[] }

function validateSecretBody(body: unknown, scope: Scope): SecretValidation {
  if (!isRecord(body) || !isRecord(body.secret)) {
    return { errors: [{ fieldId: 'secret', error: 'The body must be {"secret": {...}}.' }] }
  }
  const input = body.secret
  const errors: FieldError[] = []
  const fail = (fieldId: string, error: string) => errors.push({ fieldId, error })

  if (input.type !== 'SecretText') fail('type', 'Only text secrets (type SecretText) can be created here.')
  const name = typeof input.name === 'string' ? input.name : ''
  const nameError = nameProblem(name)
  if (nameError) fail('name', nameError)
  const identifier = typeof input.identifier === 'string' ? input.identifier : ''
  const identifierError = identifierProblem(identifier)
  if (identifierError) fail('identifier', identifierError)
  const description = typeof input.description === 'string' ? input.description : ''
  if (description.length > DESCRIPTION_MAX_LENGTH) {
    fail('description', `Description can be at most ${DESCRIPTION_MAX_LENGTH} characters (now ${description.length}).`)
  }
  const tags: Record<string, string> = {}
  if (isRecord(input.tags)) {
    for (const [key, tagValue] of Object.entries(input.tags)) tags[key] = typeof tagValue === 'string' ? tagValue : ''
  }

  const spec = isRecord(input.spec) ? input.spec : {}
  const manager = spec.secretManagerIdentifier ?? SECRET_MANAGER
  if (manager !== SECRET_MANAGER) {
    fail(
      'spec.secretManagerIdentifier',
      `Secret manager ${JSON.stringify(manager)} does not exist; use ${SECRET_MANAGER}.`,
    )
  }
  if ((spec.valueType ?? 'Inline') !== 'Inline') fail('spec.valueType', 'Only Inline values are supported.')
  const value = typeof spec.value === 'string' ? spec.value : ''
  // The message names the field, never what was (or was not) in it.
  if (value === '') fail('spec.value', 'A secret needs a value.')

  if (errors.length) return { errors }
  const secret: SecretDTO = {
    type: 'SecretText',
    name: name.trim(),
    identifier,
    tags,
    spec: { secretManagerIdentifier: SECRET_MANAGER, valueType: 'Inline' },
  }
  if (description.trim()) secret.description = description.trim()
  if (scope.orgIdentifier) secret.orgIdentifier = scope.orgIdentifier
  if (scope.projectIdentifier) secret.projectIdentifier = scope.projectIdentifier
  return { secret, value }
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
      const data: PageResponse<SecretResponse> = pageResponse(page, paging, toSecretResponse)
      return ok(data)
    }),

    scopedJsonRoute(
      context,
      'POST',
      path(''),
      async ({ body, scope, store }) => {
        const result = validateSecretBody(body, scope)
        if (result.errors) return invalidRequest(result.errors)
        const now = store.now()
        const created = await store.createSecret(
          secretRecord(scope, result.secret, result.value, { createdAt: now, updatedAt: now }),
        )
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
  ]
}
