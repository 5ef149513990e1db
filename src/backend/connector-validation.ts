import type { AuthMethod } from '../connector-types/auth-methods'
import { AUTH_METHODS, emptyAuthForm, findAuthMethod } from '../connector-types/auth-methods'
import { buildConnectorFormSchema } from '../connector-types/connector-form-schema'
import { connectorKeyProblems } from '../connector-types/connector-keys'
import type { ConnectorFormValues } from '../connector-types/connector-model'
import { fromConnectorInfo, toConnectorInfo } from '../connector-types/connector-model'
import type { ConnectorTypeDefinition } from '../connector-types/connector-type'
import { apiFieldIdOf } from '../connector-types/form-field-ids'
import { CONNECTOR_TYPES, findConnectorType } from '../connector-types/registry'
import type { ConnectorInfo } from '../lib/api-types'
import { connectorRequestSchema } from '../lib/api-types'
import { nulCharacterPath, reservedKeyPath, tagKeyProblem } from '../lib/entity-names'
import type { Scope } from '../lib/scope'
import type { FieldError } from './api-responses'
import { isRecord, nulError } from './api-responses'
import { lookUpSecretReference } from './secret-reference-rules'
import type { DataStore } from './store'

/**
 * Server-side validation of a connector body. The client is never trusted, and the rules are
 * the wizard's own, not a copy of them:
 *
 * 1. no key anywhere in the body may be `__proto__`, `constructor` or `prototype`;
 * 2. the body has the contract's shape (`connectorRequestSchema`), strictly: a field of the
 *    wrong type is refused, never coerced; a field left out reads as empty, so that the rule
 *    of step 4 says it is required; a key the connector cannot have (in `connector`, `spec`,
 *    `spec.auth` or its credentials: connector-keys.ts) is refused by its field id, with the
 *    nearest known key, never dropped: `delegateSelector:` for `delegateSelectors:` would let
 *    any delegate run the test;
 * 3. what only the API can get wrong: an unknown type, an authentication method the type does
 *    not offer, a `spec` field of the wrong type, both `username` and `usernameRef`, a tag key
 *    with a colon (the wizard's chips cannot hold one), a type's fixed `spec` keys;
 * 4. the connector, read into the wizard's form (`fromConnectorInfo`), passes the wizard's
 *    schema (`buildConnectorFormSchema`), whose issues are reported under the API's field ids;
 * 5. every secret reference resolves, from the connector's scope.
 *
 * The stored connector is rebuilt from the form (`toConnectorInfo`). Every problem found is
 * reported at once, by field.
 */

export type ConnectorValidation =
  | { connector: ConnectorInfo; errors?: undefined }
  | { connector?: undefined; errors: FieldError[] }

const RESERVED_CONNECTOR_IDS = ['harnessSecretManager']

const schemas = new Map<ConnectorTypeDefinition, ReturnType<typeof buildConnectorFormSchema>>()

function formSchemaOf(definition: ConnectorTypeDefinition) {
  let schema = schemas.get(definition)
  if (!schema) {
    schema = buildConnectorFormSchema(definition)
    schemas.set(definition, schema)
  }
  return schema
}

/** A value's kind, in the words of a message: "text", "a number", "a list"… */
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return 'text'
  if (typeof value === 'object') return 'a map'
  if (typeof value === 'boolean') return 'true or false'
  return `a ${typeof value}`
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  object: 'a map',
  record: 'a map',
  array: 'a list of text',
  number: 'a number',
  boolean: 'true or false',
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root
  for (const key of path) value = isRecord(value) || Array.isArray(value) ? (value as never)[key] : undefined
  return value
}

/** The contract's issues, in words, under the API's field ids (`tags` for any tag). */
function contractErrors(
  issues: readonly { code: string; path: PropertyKey[]; message: string; expected?: string }[],
  connector: unknown,
): FieldError[] {
  return issues.map((issue) => {
    const path = issue.path.slice(1)
    const given = valueAt(connector, path)
    const wanted = issue.code === 'invalid_type' ? (EXPECTED[issue.expected ?? ''] ?? issue.expected) : undefined
    if (path[0] === 'tags' && path.length > 1) {
      const error = `The value of tag "${String(path[1])}" must be text, not ${kindOf(given)}.`
      return { fieldId: 'tags', error }
    }
    const fieldId = path.map(String).join('.') || 'connector'
    if (fieldId === 'tags' && wanted) {
      return {
        fieldId,
        error: `tags must be a map of key to value, for example {"team": "payments"}, not ${kindOf(given)}.`,
      }
    }
    return { fieldId, error: wanted ? `${fieldId} must be ${wanted}, not ${kindOf(given)}.` : issue.message }
  })
}

type Collected = { errors: FieldError[]; fail: (fieldId: string, error: string) => void }

function collector(): Collected {
  const errors: FieldError[] = []
  return { errors, fail: (fieldId, error) => errors.push({ fieldId, error }) }
}

/** Absent or null, as the contract reads an optional field. */
function absent(value: unknown): boolean {
  return value === undefined || value === null
}

function optionalText(spec: Record<string, unknown>, key: string, fieldId: string, { fail }: Collected) {
  const value = spec[key]
  if (!absent(value) && typeof value !== 'string') fail(fieldId, `${fieldId} must be text, not ${kindOf(value)}.`)
}

/** The method the body asks for, when the type offers it (else what is wrong, reported). */
function checkAuth(
  definition: ConnectorTypeDefinition,
  auth: unknown,
  collected: Collected,
): { method: AuthMethod; spec: Record<string, unknown> } | undefined {
  const { fail } = collected
  const allowedLabels = definition.authTypes.map((id) => AUTH_METHODS[id].label).join(' or ')
  if (!absent(auth) && !isRecord(auth)) {
    fail('spec.auth', `spec.auth must be a map such as {"type": "Anonymous"}, not ${kindOf(auth)}.`)
    return undefined
  }
  const type = isRecord(auth) ? auth.type : undefined
  if (absent(type) || type === '') {
    fail('spec.auth.type', `Authentication is required: ${allowedLabels}.`)
    return undefined
  }
  if (typeof type !== 'string') {
    fail('spec.auth.type', `spec.auth.type must be text, not ${kindOf(type)}.`)
    return undefined
  }
  const method = findAuthMethod(type)
  if (!method || !(definition.authTypes as readonly string[]).includes(method.id)) {
    const label = method ? method.label : JSON.stringify(type)
    fail(
      'spec.auth.type',
      `${label} authentication is not available for ${definition.label} connectors: use ${allowedLabels}.`,
    )
    return undefined
  }
  const spec = isRecord(auth) ? auth.spec : undefined
  if (!method.fields.length) return { method, spec: {} }
  if (!absent(spec) && !isRecord(spec)) {
    fail('spec.auth.spec', `spec.auth.spec must be a map of the credentials, not ${kindOf(spec)}.`)
    return undefined
  }
  const credentials = isRecord(spec) ? spec : {}
  const before = collected.errors.length
  for (const field of method.fields) {
    optionalText(credentials, field.key, `spec.auth.spec.${field.key}`, collected)
    if (field.kind === 'text-or-secret')
      optionalText(credentials, field.refKey, `spec.auth.spec.${field.refKey}`, collected)
  }
  if (collected.errors.length > before) return undefined
  for (const field of method.fields) {
    if (field.kind !== 'text-or-secret') continue
    const text = credentials[field.key]
    const reference = credentials[field.refKey]
    if (typeof text === 'string' && text.trim() && typeof reference === 'string' && reference) {
      fail(`spec.auth.spec.${field.key}`, `Give either ${field.key} or ${field.refKey}, not both.`)
    }
  }
  return { method, spec: credentials }
}

/** What the wizard's form cannot see in a `spec`: its fields' types and the type's fixed keys. */
function checkSpecShape(definition: ConnectorTypeDefinition, spec: Record<string, unknown>, collected: Collected) {
  const { fail } = collected
  optionalText(spec, definition.url.specKey, `spec.${definition.url.specKey}`, collected)
  for (const field of definition.fields) optionalText(spec, field.key, `spec.${field.key}`, collected)
  const selectors = spec.delegateSelectors
  if (!absent(selectors) && (!Array.isArray(selectors) || selectors.some((selector) => typeof selector !== 'string'))) {
    fail('spec.delegateSelectors', 'delegateSelectors must be a list of delegate tags.')
  }
  for (const [key, fallback] of Object.entries(definition.fixedSpec)) {
    const given = spec[key]
    if (!absent(given) && typeof given !== typeof fallback) fail(`spec.${key}`, `${key} must be a ${typeof fallback}.`)
  }
}

export async function validateConnectorBody(
  body: unknown,
  scope: Scope,
  store: DataStore,
): Promise<ConnectorValidation> {
  const reserved = reservedKeyPath(body)
  if (reserved) return { errors: [reservedKeyError(reserved)] }
  const nul = nulCharacterPath(body)
  if (nul) return { errors: [nulError(nul, 'connector')] }
  if (!isRecord(body) || !isRecord(body.connector)) {
    return { errors: [{ fieldId: 'connector', error: 'The body must be {"connector": {...}}.' }] }
  }

  const unknownKeys = connectorKeyProblems(body.connector)
  // JSON has no undefined: a field left out is filled in as empty, for the form's rule to name.
  const input = { name: '', identifier: '', type: '', spec: {}, ...body.connector }
  const parsed = connectorRequestSchema.safeParse({ connector: input })
  if (!parsed.success) return { errors: [...contractErrors(parsed.error.issues, input), ...unknownKeys] }
  const info = parsed.data.connector

  const collected = collector()
  const { errors, fail } = collected
  errors.push(...unknownKeys)
  const definition = findConnectorType(info.type)
  if (!definition) {
    const known = CONNECTOR_TYPES.map((entry) => entry.type).join(', ')
    fail(
      'type',
      info.type
        ? `Unknown connector type "${info.type}". Known types: ${known}.`
        : `type is required: one of ${known}.`,
    )
  }
  if (RESERVED_CONNECTOR_IDS.includes(info.identifier)) {
    fail('identifier', `${info.identifier} is reserved for the built-in secret manager.`)
  }
  for (const key of Object.keys(info.tags)) {
    if (key.includes(':')) {
      fail('tags', `The tag key "${key}" cannot contain ":", which separates a tag's key from its value.`)
    }
  }
  if (!definition) return { errors }

  checkSpecShape(definition, info.spec, collected)
  const auth = checkAuth(definition, info.spec.auth, collected)
  // A spec the form cannot read (not an unknown key, which the form never reads) ends the check here.
  const unreadable = (error: FieldError) =>
    !unknownKeys.includes(error) && error.fieldId.startsWith('spec.') && !error.fieldId.startsWith('spec.auth')
  if (errors.some(unreadable)) {
    return { errors }
  }

  // The wizard's form of this connector: extras as given (the form would fill in a default),
  // and, when the method cannot be used, the type's empty credentials (already reported).
  const values: ConnectorFormValues = fromConnectorInfo(info)
  for (const field of definition.fields) {
    const given = info.spec[field.key]
    values.extras[field.key] = typeof given === 'string' ? given : ''
  }
  if (!auth) values.auth = emptyAuthForm(definition)
  const checked = formSchemaOf(definition).safeParse(values)
  const formIssues = checked.success ? [] : checked.error.issues
  for (const issue of formIssues) {
    const fieldId = apiFieldIdOf(issue.path, definition)
    if (!auth && fieldId.startsWith('spec.auth')) continue
    if (errors.some((error) => error.fieldId === fieldId && error.error === issue.message)) continue
    if (errors.some((error) => error.fieldId === fieldId && error.error.startsWith('Give either'))) continue
    fail(fieldId, issue.message)
  }

  // Secret references, which only the server can resolve.
  if (auth) {
    for (const field of auth.method.fields) {
      const key = field.kind === 'text-or-secret' ? field.refKey : field.key
      const reference = auth.spec[key]
      if (typeof reference !== 'string' || reference === '') continue
      // Both username and usernameRef given: already refused, the reference is not read.
      if (
        errors.some(
          (error) => error.fieldId === `spec.auth.spec.${key}` || error.fieldId === `spec.auth.spec.${field.key}`,
        )
      ) {
        continue
      }
      const problem = (await lookUpSecretReference(store, reference, scope)).error
      if (problem) fail(`spec.auth.spec.${key}`, problem)
    }
  }
  if (errors.length || checked.error) return { errors }

  const connector = toConnectorInfo(definition.type, values, scope)
  const spec = connector.spec
  spec.delegateSelectors = [...new Set((spec.delegateSelectors as string[]).map((selector) => selector.trim()))]
  for (const key of Object.keys(definition.fixedSpec)) {
    if (!absent(info.spec[key])) spec[key] = info.spec[key]
  }
  return { connector }
}

function reservedKeyError({ path, key }: { path: string[]; key: string }): FieldError {
  if (path.length === 2 && path[0] === 'connector' && path[1] === 'tags') {
    return { fieldId: 'tags', error: tagKeyProblem(key) ?? `"${key}" cannot be a tag key.` }
  }
  const where = path.length > 1 ? path.slice(1).join('.') : (path[0] ?? 'the body')
  return {
    fieldId: path.slice(1).join('.') || path[0] || 'body',
    error: `"${key}" cannot be a key (in ${where}): __proto__, constructor and prototype are reserved.`,
  }
}
