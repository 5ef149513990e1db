import type { ConnectorInfo } from '../lib/api-types'
import { connectorRequestSchema } from '../lib/api-types'
import { reservedKeyPath } from '../lib/entity-names'
import { emptyAuthForm, findAuthMethod } from './auth-methods'
import { buildConnectorFormSchema } from './connector-form-schema'
import { connectorKeyProblems } from './connector-keys'
import { fromConnectorInfo } from './connector-model'
import type { ConnectorTypeDefinition } from './connector-type'
import { apiFieldIdOf } from './form-field-ids'
import { CONNECTOR_TYPES, findConnectorType } from './registry'

/** A problem of one field, named by its API field id (`spec.auth.type`), as the API names it. */
export type DocumentFieldError = { fieldId: string; error: string }

export type ConnectorDocumentCheck =
  | { connector: ConnectorInfo; errors: readonly [] }
  | { connector?: undefined; errors: DocumentFieldError[] }

/**
 * Checks a parsed `{connector: …}` document (an import's, before anything is written) with the
 * rules the API applies to a body (backend/connector-validation.ts): the contract's shape, then
 * the wizard's own form schema, its issues named by the same field ids. What only the server can
 * know (a secret reference resolving in the target scope, an identifier free there) it checks
 * when the document is written, and the import reports that against the document too.
 */
export function checkConnectorDocument(value: unknown): ConnectorDocumentCheck {
  const reserved = reservedKeyPath(value)
  if (reserved) {
    const fieldId = [...reserved.path.slice(1), reserved.key].join('.')
    const error = `"${reserved.key}" cannot be a key: __proto__, constructor and prototype are reserved.`
    return { errors: [{ fieldId, error }] }
  }
  if (!isRecord(value) || !isRecord(value.connector)) {
    return { errors: [{ fieldId: 'connector', error: 'The document must have a connector: block at the top.' }] }
  }
  // The API's refusal of a key the connector cannot have, word for word (connector-keys.ts).
  const unknownKeys = connectorKeyProblems(value.connector)
  // A field left out reads as empty, so that the form's rule says it is required.
  const input = { name: '', identifier: '', type: '', spec: {}, ...value.connector }
  const parsed = connectorRequestSchema.safeParse({ connector: input })
  if (!parsed.success) {
    return {
      errors: [
        ...parsed.error.issues.map((issue) => {
          const fieldId = issue.path.slice(1).map(String).join('.') || 'connector'
          const wanted = issue.code === 'invalid_type' ? (EXPECTED[issue.expected] ?? issue.expected) : undefined
          return { fieldId, error: wanted ? `${fieldId} must be ${wanted}.` : issue.message }
        }),
        ...unknownKeys,
      ],
    }
  }
  const info = parsed.data.connector
  const definition = findConnectorType(info.type)
  if (!definition) {
    const known = CONNECTOR_TYPES.map((entry) => entry.type).join(', ')
    const error = info.type
      ? `Unknown connector type "${info.type}". Known types: ${known}.`
      : `type is required: ${known}.`
    return { errors: [{ fieldId: 'type', error }, ...unknownKeys] }
  }
  const errors = [...unknownKeys, ...formErrors(info, definition)]
  return errors.length ? { errors } : { connector: info, errors: [] }
}

const EXPECTED: Record<string, string> = { string: 'text', object: 'a map', record: 'a map', array: 'a list' }

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const schemas = new Map<ConnectorTypeDefinition, ReturnType<typeof buildConnectorFormSchema>>()

function formErrors(info: ConnectorInfo, definition: ConnectorTypeDefinition): DocumentFieldError[] {
  const errors: DocumentFieldError[] = []
  for (const key of Object.keys(info.tags)) {
    if (key.includes(':')) {
      errors.push({ fieldId: 'tags', error: `The tag key "${key}" cannot contain ":", which separates key and value.` })
    }
  }
  // What the form cannot see: it reads a spec field that is not text as empty.
  for (const key of [definition.url.specKey, ...definition.fields.map((field) => field.key)]) {
    const given = info.spec[key]
    if (given !== undefined && given !== null && typeof given !== 'string') {
      errors.push({ fieldId: `spec.${key}`, error: `spec.${key} must be text.` })
    }
  }
  const selectors = info.spec.delegateSelectors
  if (selectors != null && (!Array.isArray(selectors) || selectors.some((each) => typeof each !== 'string'))) {
    errors.push({ fieldId: 'spec.delegateSelectors', error: 'delegateSelectors must be a list of delegate tags.' })
  }
  // An authentication method the type does not offer: the form could not even hold it.
  const auth = isRecord(info.spec.auth) ? info.spec.auth : undefined
  const method = findAuthMethod(auth?.type)
  const offered = method !== undefined && (definition.authTypes as readonly string[]).includes(method.id)
  if (!offered) {
    const labels = definition.authTypes.join(' or ')
    const given = typeof auth?.type === 'string' && auth.type ? `${auth.type} is not available` : 'is required'
    errors.push({ fieldId: 'spec.auth.type', error: `Authentication ${given} for ${definition.label}: use ${labels}.` })
  }
  const credentials = offered && isRecord(auth?.spec) ? auth.spec : {}
  for (const field of offered ? method.fields : []) {
    if (field.kind !== 'text-or-secret') continue
    const text = credentials[field.key]
    if (typeof text === 'string' && text.trim() && credentials[field.refKey]) {
      errors.push({
        fieldId: `spec.auth.spec.${field.key}`,
        error: `Give either ${field.key} or ${field.refKey}, not both.`,
      })
    }
  }
  const values = fromConnectorInfo(info)
  // As given: the form would fill in a default that the document does not have.
  for (const field of definition.fields) {
    const given = info.spec[field.key]
    values.extras[field.key] = typeof given === 'string' ? given : ''
  }
  if (!offered) values.auth = emptyAuthForm(definition)
  let schema = schemas.get(definition)
  if (!schema) schemas.set(definition, (schema = buildConnectorFormSchema(definition)))
  const checked = schema.safeParse(values)
  for (const issue of checked.success ? [] : checked.error.issues) {
    const fieldId = apiFieldIdOf(issue.path, definition)
    if (!offered && fieldId.startsWith('spec.auth')) continue
    // One message a field: the first says what to change (text before "required").
    if (!errors.some((error) => error.fieldId === fieldId)) errors.push({ fieldId, error: issue.message })
  }
  return errors
}
