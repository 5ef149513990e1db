import { connectorInfoSchema } from '../lib/api-types'
import { findAuthMethod, type AuthMethod } from './auth-methods'
import type { ConnectorTypeDefinition } from './connector-type'
import { findConnectorType } from './registry'

/**
 * The keys a connector may have, from the registry: the contract's top-level fields, the type's
 * spec (URL, extra fields, auth, delegateSelectors, fixed and accepted Harness keys), `auth`'s
 * type and spec, and the chosen method's credentials. Anything else is refused with its field
 * id, never dropped: `delegateSelector:` for `delegateSelectors:` would otherwise let any
 * delegate run the test. Tags are a free map. The API (backend/connector-validation.ts) and the
 * import's check (connector-document-check.ts) both apply this, so the YAML editor, the import
 * and any API client are refused the same documents.
 */

/** A key the connector cannot have, by its field id (`spec.delegateSelector`), as the API names fields. */
export type KeyProblem = { fieldId: string; error: string }

const CONNECTOR_KEYS = Object.keys(connectorInfoSchema.shape)
const AUTH_KEYS = ['type', 'spec']
const REFUSED = 'Unknown fields are refused, not ignored.'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function unique(keys: readonly string[]): string[] {
  return [...new Set(keys)]
}

function specKeys(definition: ConnectorTypeDefinition): string[] {
  return unique([
    definition.url.specKey,
    ...definition.fields.map((field) => field.key),
    'auth',
    'delegateSelectors',
    ...Object.keys(definition.fixedSpec),
    ...Object.keys(definition.acceptedSpec ?? {}),
  ])
}

/** The method's credential keys: its fields, and whatever its `spec.auth.spec` is written with. */
function credentialKeys(method: AuthMethod): string[] {
  const written = method.toSpec(method.emptyForm()).spec
  return unique([
    ...method.fields.flatMap((field) => (field.kind === 'text-or-secret' ? [field.key, field.refKey] : [field.key])),
    ...(isRecord(written) ? Object.keys(written) : []),
  ])
}

/** "a, b and c". */
function listed(keys: readonly string[]): string {
  return keys.length < 2 ? (keys[0] ?? '') : `${keys.slice(0, -1).join(', ')} and ${keys.at(-1)}`
}

/** Edit distance with swapped neighbours as one edit, for "did you mean": a typo, a plural, `tpye`. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1)
      }
    }
  }
  return d[a.length]![b.length]!
}

/**
 * The known key closest to `key`, when it is close enough to be a slip; else a key of a level
 * below with the very same name (`delegateSelectors` given at the top: `spec.delegateSelectors`).
 */
function nearest(key: string, known: readonly string[], below: readonly string[]): string | undefined {
  const lower = key.toLowerCase()
  const limit = Math.min(3, Math.max(1, Math.floor(key.length / 4)))
  let best: { key: string; distance: number } | undefined
  for (const candidate of known) {
    const apart = distance(lower, candidate.toLowerCase())
    if (apart <= limit && (!best || apart < best.distance)) best = { key: candidate, distance: apart }
  }
  return best?.key ?? below.find((path) => path.split('.').at(-1)!.toLowerCase() === lower)
}

type Level = {
  /** The field id of the map (`spec.auth`), '' for the connector itself. */
  at: string
  value: Record<string, unknown>
  known: readonly string[]
  /** Keys of the levels below, as paths from this one, for "did you mean spec.…?". */
  below: readonly string[]
  /** "a Docker Registry connector", "spec.auth". */
  where: string
  /** What the level has, in a sentence, for a key that is like none of them. */
  has: string
  /** What is wrong with a known key's value, if this level checks any (Docker's `proxy`). */
  refuseValue?: (key: string, value: unknown) => string | undefined
}

function problemsAt(level: Level): KeyProblem[] {
  const problems: KeyProblem[] = []
  for (const [key, value] of Object.entries(level.value)) {
    const fieldId = level.at ? `${level.at}.${key}` : key
    if (level.known.includes(key)) {
      const refusal = level.refuseValue?.(key, value)
      if (refusal) problems.push({ fieldId, error: refusal })
      continue
    }
    const suggestion = nearest(key, level.known, level.below)
    const error = !level.known.length
      ? `${fieldId} is not used: ${level.has}`
      : suggestion
        ? `${fieldId} is not a field of ${level.where}: did you mean ${suggestion}? ${REFUSED}`
        : `${fieldId} is not a field of ${level.where}. ${level.has} ${REFUSED}`
    problems.push({ fieldId, error })
  }
  return problems
}

/** A Harness key this product accepts with one value only (Docker's `proxy: false`). */
function refusedAcceptedValue(definition: ConnectorTypeDefinition) {
  return (key: string, given: unknown): string | undefined => {
    const accepted = definition.acceptedSpec?.[key]
    if (!accepted || given === undefined || given === null || given === accepted.value) return undefined
    return accepted.refusal
  }
}

/** What is wrong with the keys of a `connector` map (an API body's, a YAML document's); [] when nothing. */
export function connectorKeyProblems(connector: unknown): KeyProblem[] {
  if (!isRecord(connector)) return []
  const definition = typeof connector.type === 'string' ? findConnectorType(connector.type) : undefined
  const spec = isRecord(connector.spec) ? connector.spec : undefined
  const auth = spec && isRecord(spec.auth) ? spec.auth : undefined
  const method = definition && auth ? findAuthMethod(auth.type) : undefined
  const offered = method && definition && (definition.authTypes as readonly string[]).includes(method.id)
  const specHas = definition ? specKeys(definition) : []
  const credentials = method ? credentialKeys(method) : []
  const levels: Level[] = [
    {
      at: '',
      value: connector,
      known: CONNECTOR_KEYS,
      below: specHas.map((key) => `spec.${key}`),
      where: 'a connector',
      has: `A connector has ${listed(CONNECTOR_KEYS)}.`,
    },
  ]
  // An unknown type, or a method the type does not offer, is refused as such: its keys are unknown too.
  if (definition && spec) {
    levels.push({
      at: 'spec',
      value: spec,
      known: specHas,
      below: credentials.map((key) => `auth.spec.${key}`),
      where: `a ${definition.label} connector`,
      has: `Its spec has ${listed(specHas)}.`,
      refuseValue: refusedAcceptedValue(definition),
    })
  }
  if (definition && auth && offered) {
    levels.push({
      at: 'spec.auth',
      value: auth,
      known: AUTH_KEYS,
      below: [],
      where: 'spec.auth',
      has: `It has ${listed(AUTH_KEYS)}.`,
    })
  }
  if (method && offered && isRecord(auth?.spec)) {
    levels.push({
      at: 'spec.auth.spec',
      value: auth.spec,
      known: credentials,
      below: [],
      where: `${method.id} credentials`,
      has: credentials.length
        ? `They are ${listed(credentials)}.`
        : `${method.id} authentication has no credentials. Remove spec.auth.spec, or choose another authentication type.`,
    })
  }
  return levels.flatMap(problemsAt)
}
