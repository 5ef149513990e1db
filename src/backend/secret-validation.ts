import type { SecretDTO } from '../lib/api-types'
import {
  DELEGATE_ENVIRONMENT,
  DELEGATE_SECRET_DIR,
  delegateReferenceProblem,
  isDelegateHeldManager,
} from '../lib/delegate-held-secrets'
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
import { isRecord, nulError } from './api-responses'
import { SECRET_MANAGER } from './seed-data'

/**
 * A secret body of Harness's v2 API (`{"secret": {...}}`), for a create and for an update, checked
 * with the same rules as the New Secret form (lib/entity-names.ts). A value is write-only: no
 * message ever says what it was.
 */

/** `value` is undefined when an update keeps the stored value (none given, or empty). */
export type SecretValidation =
  | { secret: SecretDTO; value: string | undefined; errors?: undefined }
  | { errors: FieldError[] }

/** A create needs a value; an update without one (or with an empty one) keeps the stored value. */
export type SecretBodyKind = 'create' | 'update'

/** A value's kind, in the words of a message. */
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a map'
  return typeof value === 'string' ? 'text' : `a ${typeof value}`
}

/**
 * A create or update body, checked with the same rules as the New Secret form and, for tags, as a
 * connector's. Types are strict (a number is not text); keys named `__proto__`,
 * `constructor` or `prototype` are refused anywhere; other unknown keys are ignored, as a
 * typed DTO ignores them, and never stored: the secret is rebuilt from the known fields.
 */
export function validateSecretBody(body: unknown, scope: Scope, kind: SecretBodyKind = 'create'): SecretValidation {
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
  const where = secretSpecOf(spec, kind, fail, text)

  if (errors.length || !where) return { errors }
  const secret: SecretDTO = {
    type: 'SecretText',
    name: name.trim(),
    identifier,
    tags,
    spec: where.spec,
  }
  if (description.trim()) secret.description = description.trim()
  if (scope.orgIdentifier) secret.orgIdentifier = scope.orgIdentifier
  if (scope.projectIdentifier) secret.projectIdentifier = scope.projectIdentifier
  return { secret, value: where.value }
}

/**
 * Where the value lives: stored on the server (a value, write-only), or held by the delegate
 * (decision 028: only a reference, checked with the form's limits, and no value ever stored).
 */
function secretSpecOf(
  spec: Record<string, unknown>,
  kind: SecretBodyKind,
  fail: (fieldId: string, error: string) => void,
  text: (value: unknown, fieldId: string, required: boolean) => string,
): { spec: SecretDTO['spec']; value: string | undefined } | undefined {
  const manager = spec.secretManagerIdentifier ?? SECRET_MANAGER
  if (isDelegateHeldManager(manager)) {
    if ((spec.valueType ?? 'Reference') !== 'Reference') {
      fail('spec.valueType', 'A secret the delegate holds has valueType Reference: the server keeps no value of it.')
    }
    const reference = text(spec.value, 'spec.value', true)
    // A reference that is not text was refused as such already.
    const isText = spec.value === undefined || typeof spec.value === 'string'
    if (isText) {
      const words = delegateReferenceProblem(manager, reference)
      if (words) fail('spec.value', words)
    }
    return { spec: { secretManagerIdentifier: manager, valueType: 'Reference', value: reference }, value: '' }
  }
  if (manager !== SECRET_MANAGER) {
    fail(
      'spec.secretManagerIdentifier',
      `Secret manager ${JSON.stringify(manager)} does not exist; use ${SECRET_MANAGER}, or ${DELEGATE_ENVIRONMENT} or ${DELEGATE_SECRET_DIR} for a value the delegate holds.`,
    )
    return undefined
  }
  if ((spec.valueType ?? 'Inline') !== 'Inline') fail('spec.valueType', 'Only Inline values are supported.')
  const value = text(spec.value, 'spec.value', kind === 'create')
  // The message names the field, never what was (or was not) in it.
  if (kind === 'create' && (spec.value === undefined || spec.value === ''))
    fail('spec.value', 'A secret needs a value.')
  return {
    spec: { secretManagerIdentifier: SECRET_MANAGER, valueType: 'Inline' },
    value: value === '' ? undefined : value,
  }
}
