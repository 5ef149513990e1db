import { AUTH_METHODS, findAuthMethod } from '../connector-types/auth-methods'
import type { ConnectorTypeDefinition } from '../connector-types/connector-type'
import { CONNECTOR_TYPES, findConnectorType } from '../connector-types/registry'
import type { ConnectorInfo } from '../lib/api-types'
import { DESCRIPTION_MAX_LENGTH, identifierProblem, nameProblem } from '../lib/entity-names'
import type { Scope } from '../lib/scope'
import type { FieldError } from './api-responses'
import { isRecord } from './api-responses'
import { lookUpSecretReference } from './secret-reference-rules'
import type { DataStore } from './store'

/**
 * Server-side validation of a connector body. The client is never trusted: everything the
 * wizard checks is checked again here, with the type's own rules from the registry, and the
 * stored connector is rebuilt from the known fields only (as a typed DTO would be).
 */

export type ConnectorValidation =
  | { connector: ConnectorInfo; errors?: undefined }
  | { connector?: undefined; errors: FieldError[] }

const RESERVED_CONNECTOR_IDS = ['harnessSecretManager']

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export async function validateConnectorBody(
  body: unknown,
  scope: Scope,
  store: DataStore,
): Promise<ConnectorValidation> {
  if (!isRecord(body) || !isRecord(body.connector)) {
    return { errors: [{ fieldId: 'connector', error: 'The body must be {"connector": {...}}.' }] }
  }
  const input = body.connector
  const errors: FieldError[] = []
  const fail = (fieldId: string, error: string) => errors.push({ fieldId, error })

  const name = optionalString(input.name) ?? ''
  const nameError = nameProblem(name)
  if (nameError) fail('name', nameError)

  const identifier = optionalString(input.identifier) ?? ''
  const identifierError =
    identifierProblem(identifier) ??
    (RESERVED_CONNECTOR_IDS.includes(identifier)
      ? `${identifier} is reserved for the built-in secret manager.`
      : undefined)
  if (identifierError) fail('identifier', identifierError)

  const description = input.description === undefined || input.description === null ? '' : input.description
  if (typeof description !== 'string') fail('description', 'Description must be text.')
  else if (description.length > DESCRIPTION_MAX_LENGTH) {
    fail('description', `Description can be at most ${DESCRIPTION_MAX_LENGTH} characters (now ${description.length}).`)
  }

  const tags = validateTags(input.tags, fail)

  const type = optionalString(input.type) ?? ''
  const definition = findConnectorType(type)
  if (!definition) {
    const known = CONNECTOR_TYPES.map((entry) => entry.type).join(', ')
    fail(
      'type',
      type ? `Unknown connector type "${type}". Known types: ${known}.` : `type is required: one of ${known}.`,
    )
  }
  const spec = definition ? await validateSpec(definition, input.spec, scope, store, fail) : undefined

  if (errors.length || !definition || !spec) return { errors }
  const connector: ConnectorInfo = {
    name: name.trim(),
    identifier,
    description: typeof description === 'string' ? description.trim() : '',
    tags,
    type: definition.type,
    spec,
  }
  if (scope.orgIdentifier) connector.orgIdentifier = scope.orgIdentifier
  if (scope.projectIdentifier) connector.projectIdentifier = scope.projectIdentifier
  return { connector }
}

type Fail = (fieldId: string, error: string) => void

function validateTags(value: unknown, fail: Fail): Record<string, string> {
  if (value === undefined || value === null) return {}
  if (!isRecord(value)) {
    fail('tags', 'Tags must be a map of key to value, for example {"team": "payments"}.')
    return {}
  }
  const tags: Record<string, string> = {}
  for (const [key, tagValue] of Object.entries(value)) {
    if (key.trim() === '') fail('tags', 'A tag needs a key.')
    else if (tagValue !== null && typeof tagValue !== 'string') fail('tags', `The value of tag "${key}" must be text.`)
    else tags[key.trim()] = typeof tagValue === 'string' ? tagValue : ''
  }
  return tags
}

async function validateSpec(
  definition: ConnectorTypeDefinition,
  value: unknown,
  scope: Scope,
  store: DataStore,
  fail: Fail,
): Promise<Record<string, unknown> | undefined> {
  if (!isRecord(value)) {
    fail('spec', `spec is required for a ${definition.label} connector.`)
    return undefined
  }
  const spec: Record<string, unknown> = {}
  const urlKey = definition.url.specKey
  const url = optionalString(value[urlKey]) ?? ''
  const urlError = url.trim() === '' ? definition.url.requiredMessage : definition.url.validate(url)
  if (urlError) fail(`spec.${urlKey}`, urlError)
  spec[urlKey] = definition.url.normalize(url)

  for (const field of definition.fields) {
    const chosen = value[field.key]
    if (field.options.some((option) => option.value === chosen)) spec[field.key] = chosen
    else if (chosen === undefined || chosen === null || chosen === '') fail(`spec.${field.key}`, field.requiredMessage)
    else {
      const allowed = field.options.map((option) => option.value).join(', ')
      fail(`spec.${field.key}`, `${JSON.stringify(chosen)} is not a valid ${field.label}: choose one of ${allowed}.`)
    }
  }

  spec.auth = await validateAuth(definition, value.auth, scope, store, fail)

  const selectors = value.delegateSelectors ?? []
  if (
    !Array.isArray(selectors) ||
    selectors.some((selector) => typeof selector !== 'string' || selector.trim() === '')
  ) {
    fail('spec.delegateSelectors', 'delegateSelectors must be a list of delegate tags.')
  } else {
    spec.delegateSelectors = [...new Set(selectors.map((selector: string) => selector.trim()))]
  }

  for (const [key, fallback] of Object.entries(definition.fixedSpec)) {
    const given = value[key]
    if (given === undefined || given === null) spec[key] = fallback
    else if (typeof given !== typeof fallback) fail(`spec.${key}`, `${key} must be a ${typeof fallback}.`)
    else spec[key] = given
  }
  return spec
}

async function validateAuth(
  definition: ConnectorTypeDefinition,
  value: unknown,
  scope: Scope,
  store: DataStore,
  fail: Fail,
): Promise<Record<string, unknown> | undefined> {
  const allowedLabels = definition.authTypes.map((id) => AUTH_METHODS[id].label).join(' or ')
  if (!isRecord(value) || typeof value.type !== 'string') {
    fail('spec.auth.type', `Authentication is required: ${allowedLabels}.`)
    return undefined
  }
  const method = findAuthMethod(value.type)
  if (!method || !(definition.authTypes as readonly string[]).includes(method.id)) {
    const label = method ? method.label : JSON.stringify(value.type)
    fail(
      'spec.auth.type',
      `${label} authentication is not available for ${definition.label} connectors: use ${allowedLabels}.`,
    )
    return undefined
  }
  const checked = await method.validateSpec(value, {
    definition,
    checkSecretReference: async (reference) => (await lookUpSecretReference(store, reference, scope)).error,
  })
  for (const error of checked.errors) fail(error.fieldId, error.error)
  return checked.auth
}
