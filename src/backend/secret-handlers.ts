import type { PageResponse, SecretDTO, SecretResponse } from '../lib/api-types'
import {
  descriptionProblem,
  identifierProblem,
  nameProblem,
  nulCharacterPath,
  reservedKeyPath,
  tagKeyProblem,
  tagMapProblems,
} from '../lib/entity-names'
import type { Scope } from '../lib/scope'
import type { FieldError } from './api-responses'
import {
  duplicateIdentifier,
  invalidRequest,
  isRecord,
  notFound,
  nulError,
  ok,
  pageResponse,
  pagingOf,
} from './api-responses'
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

/** A value's kind, in the words of a message. */
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a map'
  return typeof value === 'string' ? 'text' : `a ${typeof value}`
}

/**
 * A create body, checked with the same rules as the New Secret form (lib/entity-names.ts) and,
 * for tags, as a connector's. Types are strict (a number is not text); keys named `__proto__`,
 * `constructor` or `prototype` are refused anywhere; other unknown keys are ignored, as a
 * typed DTO ignores them, and never stored: the secret is rebuilt from the known fields.
 */
function validateSecretBody(body: unknown, scope: Scope): SecretValidation {
  const reserved = reservedKeyPath(body)
  if (reserved) {
    const { path, key } = reserved
    const inTags = path.length === 2 && path[0] === 'secret' && path[1] === 'tags'
    const where = path.slice(1).join('.') || path[0] || 'the body'
    const error = inTags
      ? (tagKeyProblem(key) ?? `"${key}" cannot be a tag key.`)
      : `"${key}" cannot be a key (in ${where}): __proto__, constructor and prototype are reserved.`
    return { errors: [{ fieldId: inTags ? 'tags' : where, error }] }
  }
  const nul = nulCharacterPath(body)
  // A value may hold anything; it is encrypted before it is stored.
  if (nul && nul.join('.') !== 'secret.spec.value') return { errors: [nulError(nul, 'secret')] }
  if (!isRecord(body) || !isRecord(body.secret)) {
    return { errors: [{ fieldId: 'secret', error: 'The body must be {"secret": {...}}.' }] }
  }
  const input = body.secret
  const errors: FieldError[] = []
  const fail = (fieldId: string, error: string) => errors.push({ fieldId, error })
  const text = (value: unknown, fieldId: string, required: boolean): string => {
    if (typeof value === 'string') return value
    if (value === undefined || (value === null && !required)) return ''
    fail(fieldId, `${fieldId} must be text, not ${kindOf(value)}.`)
    return ''
  }

  if (input.type !== 'SecretText') fail('type', 'Only text secrets (type SecretText) can be created here.')
  const name = text(input.name, 'name', true)
  const identifier = text(input.identifier, 'identifier', true)
  const description = text(input.description, 'description', false)
  if (!errors.some((error) => error.fieldId === 'name')) {
    const nameError = nameProblem(name)
    if (nameError) fail('name', nameError)
  }
  if (!errors.some((error) => error.fieldId === 'identifier')) {
    const identifierError = identifierProblem(identifier)
    if (identifierError) fail('identifier', identifierError)
  }
  const descriptionError = descriptionProblem(description)
  if (descriptionError) fail('description', descriptionError)

  const tags: Record<string, string> = {}
  if (input.tags !== undefined && input.tags !== null) {
    if (!isRecord(input.tags)) {
      fail('tags', `tags must be a map of key to value, for example {"team": "payments"}, not ${kindOf(input.tags)}.`)
    } else {
      for (const [key, value] of Object.entries(input.tags)) {
        if (typeof value === 'string') tags[key.trim()] = value.trim()
        else fail('tags', `The value of tag "${key}" must be text, not ${kindOf(value)}.`)
      }
      if (!errors.some((error) => error.fieldId === 'tags')) {
        for (const problem of tagMapProblems(input.tags as Record<string, string>, 'A secret')) fail('tags', problem)
      }
    }
  }

  if (input.spec !== undefined && !isRecord(input.spec)) fail('spec', `spec must be a map, not ${kindOf(input.spec)}.`)
  const spec = isRecord(input.spec) ? input.spec : {}
  const manager = spec.secretManagerIdentifier ?? SECRET_MANAGER
  if (manager !== SECRET_MANAGER) {
    fail(
      'spec.secretManagerIdentifier',
      `Secret manager ${JSON.stringify(manager)} does not exist; use ${SECRET_MANAGER}.`,
    )
  }
  if ((spec.valueType ?? 'Inline') !== 'Inline') fail('spec.valueType', 'Only Inline values are supported.')
  const value = text(spec.value, 'spec.value', true)
  // The message names the field, never what was (or was not) in it.
  if (value === '' && !errors.some((error) => error.fieldId === 'spec.value')) {
    fail('spec.value', 'A secret needs a value.')
  }

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
