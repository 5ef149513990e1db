import fc from 'fast-check'
import { expect } from 'vitest'
import { buildConnectorFormSchema } from '../connector-types/connector-form-schema'
import { fromConnectorInfo } from '../connector-types/connector-model'
import type { ConnectorTypeDefinition } from '../connector-types/connector-type'
import { CONNECTOR_TYPES, findConnectorType } from '../connector-types/registry'
import type { ConnectorInfo } from '../lib/api-types'

/**
 * A property of the connector API, for any host of it: random bodies, derived from the
 * registry's types and mixed with corruption, are POSTed to /ng/api/connectors. The API never
 * answers 5xx; it answers 200 exactly when the body is valid by the wizard's own form schema
 * (plus what only a server can check: secret references, unique identifiers) and has no key a
 * connector cannot have; and a connector it took reads back as sent, modulo the server's
 * normalisation (trimmed name, description and tags, the URL as the type normalises it, e.g.
 * without oci://).
 */

/** How a test reaches the API: a request to `path` (with query), JSON text as the body. */
export type ApiCall = (method: string, path: string, body?: string) => Promise<{ status: number; json: unknown }>

const SCOPE_QUERY = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'

/** Secrets a payments connector may use, in every seed of the simulated world. */
const USABLE_SECRETS = ['demo_password', 'org.org_demo_password', 'account.account_demo_password']

/** A body as sent: usually `{"connector": {...}}`, sometimes anything JSON can be. */
type Body = unknown

/** A generated body, and whether a corruption made it structurally wrong (so certainly refused). */
type Case = {
  body: Body
  broken: boolean
  /** Which corruption, for the message of a failure. */
  what?: string
}

const validName = fc.stringMatching(/^[A-Za-z0-9_.-][A-Za-z0-9 _.-]{0,30}$/)
const nameArb = fc.oneof(
  { weight: 25, arbitrary: validName },
  fc.constantFrom('', ' leading', 'trailing  ', 'a/b', 'ünïcode', 'x'.repeat(128), 'x'.repeat(129)),
  fc.string({ maxLength: 20 }),
)
const identifierArb = fc.oneof(
  { weight: 25, arbitrary: fc.stringMatching(/^[a-zA-Z_][0-9a-zA-Z_]{0,20}$/) },
  fc.constantFrom(
    'true',
    'account',
    'harnessSecretManager',
    '../x',
    'a/b',
    '%2F',
    'a b',
    'ü',
    '',
    '9lives',
    'x'.repeat(129),
  ),
  fc.string({ maxLength: 12 }),
)
const descriptionArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 10, arbitrary: fc.string({ maxLength: 40 }) },
  fc.constantFrom('  padded  ', 'd'.repeat(1024), 'd'.repeat(1025)),
)
const tagKeyArb = fc.oneof(
  { weight: 40, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/) },
  fc.constantFrom('', ' spaced ', 'a:b', 'constructor', 'prototype'),
)
const tagValueArb = fc.oneof(
  { weight: 30, arbitrary: fc.string({ maxLength: 12 }) },
  fc.constantFrom('', ' padded ', 'v'.repeat(240), 'v'.repeat(300)),
)
const tagsArb = fc.oneof(
  { weight: 30, arbitrary: fc.dictionary(tagKeyArb, tagValueArb, { maxKeys: 4, noNullPrototype: true }) },
  fc.constant(Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`k${index}`, 'v']))),
  fc.constant(Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`k${index}`, 'v']))),
)

function urlArb(definition: ConnectorTypeDefinition) {
  const example = definition.example.url
  return fc.oneof(
    { weight: 30, arbitrary: fc.constant(example) },
    { weight: 3, arbitrary: fc.webUrl({ validSchemes: ['https', 'http'] }) },
    fc.constantFrom(
      `  ${example}  `,
      '',
      'ftp://files.example.com',
      'https://exa mple.com',
      'https://user:pw@registry.acme.test',
      'oci://registry.acme.test:5000/charts',
      'registry.acme.test:5000/charts',
      `${example.replace(/\/$/, '')}/${'a'.repeat(2100)}`,
      `${example.replace(/\/$/, '')}/${'a'.repeat(1900)}`,
    ),
    fc.string({ maxLength: 30 }),
  )
}

function authArb(definition: ConnectorTypeDefinition) {
  const secretRef = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...USABLE_SECRETS) },
    fc.constantFrom('missing_secret', ''),
  )
  const usernamePassword = fc.record({
    type: fc.constant('UsernamePassword'),
    spec: fc.oneof(
      {
        weight: 8,
        arbitrary: fc.record({
          username: fc.oneof(
            { weight: 4, arbitrary: fc.constant('demo') },
            fc.constantFrom('', ' demo ', '_json_key', 'AWS'),
            fc.string({ maxLength: 10 }),
          ),
          passwordRef: secretRef,
        }),
      },
      fc.record({ usernameRef: secretRef, passwordRef: secretRef }),
      fc.record({ username: fc.constant('demo'), usernameRef: secretRef, passwordRef: secretRef }),
    ),
  })
  const methods = definition.authTypes.map((id) =>
    id === 'Anonymous'
      ? fc.constant({ type: 'Anonymous' })
      : (usernamePassword as fc.Arbitrary<Record<string, unknown>>),
  )
  return fc.oneof(...methods, fc.constant({ type: 'Token' }), fc.constant({ type: 'Anonymous' }))
}

function connectorArb(definition: ConnectorTypeDefinition): fc.Arbitrary<Record<string, unknown>> {
  const extras = fc.record(
    Object.fromEntries(
      definition.fields.map((field) => [
        field.key,
        fc.oneof(
          { weight: 20, arbitrary: fc.constantFrom(...field.options.map((option) => option.value)) },
          fc.constantFrom('Gitea', ''),
        ),
      ]),
    ),
  )
  return fc
    .record({
      name: nameArb,
      identifier: identifierArb,
      description: descriptionArb,
      tags: tagsArb,
      url: urlArb(definition),
      extras,
      auth: authArb(definition),
      delegateSelectors: fc.oneof({ weight: 20, arbitrary: fc.subarray(['east', 'west', 'k8s']) }, fc.constant([' '])),
    })
    .map(({ name, identifier, description, tags, url, extras: chosen, auth, delegateSelectors }) => {
      const connector: Record<string, unknown> = {
        name,
        identifier,
        tags,
        type: definition.type,
        spec: {
          [definition.url.specKey]: url,
          ...chosen,
          auth,
          delegateSelectors,
          ...definition.fixedSpec,
        },
      }
      if (description !== undefined) connector.description = description
      return connector
    })
}

const WRONG_FOR_TEXT = [42, true, ['x'], { k: 'v' }, null]
const WRONG_FOR_MAP = [42, true, ['x'], 'text']

type Corruption = (connector: Record<string, unknown>, pick: number) => Omit<Case, 'body'> & { body?: Body }

function specOf(connector: Record<string, unknown>) {
  return connector.spec as Record<string, unknown>
}

function urlKeyOf(connector: Record<string, unknown>) {
  return findConnectorType(String(connector.type))?.url.specKey ?? 'url'
}

const ok = { broken: false }
const broken = { broken: true }

/** Each changes the connector in place; `broken` when it is certainly refused. */
const CORRUPTIONS: Corruption[] = [
  () => ok,
  // A key no connector has is refused, never dropped (connector-keys.ts).
  (connector, pick) => {
    const at = (['connector', 'spec', 'auth'] as const)[pick % 3]!
    const key = `unknown_${pick % 7}`
    const target = at === 'connector' ? connector : at === 'spec' ? specOf(connector) : specOf(connector).auth
    if (typeof target !== 'object' || target === null || Array.isArray(target)) return ok
    ;(target as Record<string, unknown>)[key] = pick % 2 ? 'extra' : { nested: [1, 2] }
    return broken
  },
  // Optional fields left out: still judged by the form.
  (connector, pick) => {
    const optional = ['description', 'tags', 'spec.delegateSelectors', 'spec.executeOnDelegate'][pick % 4]!
    if (optional.startsWith('spec.')) delete specOf(connector)[optional.slice(5)]
    else delete connector[optional]
    return ok
  },
  // Required fields left out: the form says they are required.
  (connector, pick) => {
    const required = ['name', 'identifier', 'type', 'spec', 'url', 'auth'][pick % 6]!
    if (required === 'url') delete specOf(connector)[urlKeyOf(connector)]
    else if (required === 'auth') delete specOf(connector).auth
    else delete connector[required]
    return broken
  },
  // A field of the wrong type.
  (connector, pick) => {
    const field = ['name', 'identifier', 'type', 'description', 'tags', 'spec', 'url', 'auth', 'selectors'][pick % 9]!
    const wrongText = WRONG_FOR_TEXT[pick % WRONG_FOR_TEXT.length]
    const wrongMap = WRONG_FOR_MAP[pick % WRONG_FOR_MAP.length]
    const spec = specOf(connector)
    if (field === 'url') spec[urlKeyOf(connector)] = wrongText
    else if (field === 'auth') spec.auth = wrongMap
    else if (field === 'selectors') spec.delegateSelectors = [42, 'east', { k: 'v' }][pick % 3]
    else if (field === 'tags' || field === 'spec') connector[field] = wrongMap
    // null is "absent" for an optional field, and the form reads an absent description as empty.
    else if (field === 'description') connector.description = wrongText ?? 42
    else connector[field] = wrongText
    return broken
  },
  // Not a connector body at all.
  (connector, pick) => ({ ...broken, body: [null, [], 'connector', 42, { connector: [connector] }][pick % 5] }),
]

export function connectorCaseArb(): fc.Arbitrary<Case> {
  return fc
    .tuple(
      fc.constantFrom(...CONNECTOR_TYPES).chain(connectorArb),
      // Mostly bodies that the corruption leaves for the form to judge, so that many are taken
      // (0 and 2; an unknown key, 1, is refused since connector keys are checked).
      fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0, 2) }, fc.constantFrom(1, 3, 4, 5)),
      fc.nat({ max: 1000 }),
      fc.oneof({ weight: 25, arbitrary: fc.constant(undefined) }, fc.jsonValue({ maxDepth: 3 })),
    )
    .map(([generated, which, pick, randomJson]) => {
      let connector = generated
      if (randomJson !== undefined) return { body: randomJson, broken: true }
      // A copy: fast-check reuses generated values while shrinking, and corruptions change theirs.
      const changed = CORRUPTIONS[which]!((connector = structuredClone(connector)), pick)
      return {
        body: 'body' in changed ? changed.body : { connector },
        broken: changed.broken,
        what: `corruption ${which}, pick ${pick}`,
      }
    })
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/**
 * Whether the API must take the connector: the wizard's form schema on the connector read into
 * the form, and what only the server sees (API-only rules, secrets that resolve).
 */
export function isValidConnector(connector: Record<string, unknown>): boolean {
  const definition = findConnectorType(text(connector.type))
  if (!definition) return false
  const spec = { ...specOf(connector) }
  const auth = { ...(spec.auth as Record<string, unknown>) }
  if (!definition.authTypes.includes(auth.type as never)) return false
  const credentials = (auth.spec ?? {}) as Record<string, string>
  if (credentials.username?.trim() && credentials.usernameRef) return false
  for (const reference of [credentials.usernameRef, credentials.passwordRef]) {
    if (auth.type === 'UsernamePassword' && reference && !USABLE_SECRETS.includes(reference)) return false
  }
  const tags = (connector.tags ?? {}) as Record<string, string>
  if (Object.keys(tags).some((key) => key.includes(':'))) return false
  if (connector.identifier === 'harnessSecretManager') return false
  const info = { ...connector, spec: { ...spec, auth } } as unknown as ConnectorInfo
  const values = fromConnectorInfo({ ...info, tags })
  for (const field of definition.fields) values.extras[field.key] = text(spec[field.key])
  return buildConnectorFormSchema(definition).safeParse(values).success
}

/** The connector as the server stores it: what was sent, normalised. */
export function expectedStored(connector: Record<string, unknown>): Record<string, unknown> {
  const definition = findConnectorType(text(connector.type))!
  const sent = specOf(connector)
  const auth = sent.auth as { type: string; spec?: Record<string, string> }
  const credentials = auth.spec ?? {}
  const spec: Record<string, unknown> = {
    [definition.url.specKey]: definition.url.normalize(text(sent[definition.url.specKey])),
    ...Object.fromEntries(definition.fields.map((field) => [field.key, sent[field.key]])),
    auth:
      auth.type === 'Anonymous'
        ? { type: 'Anonymous' }
        : {
            type: auth.type,
            spec: credentials.usernameRef
              ? { usernameRef: credentials.usernameRef, passwordRef: credentials.passwordRef }
              : { username: text(credentials.username).trim(), passwordRef: credentials.passwordRef },
          },
    delegateSelectors: sent.delegateSelectors ?? [],
    ...definition.fixedSpec,
  }
  return {
    name: text(connector.name).trim(),
    identifier: connector.identifier,
    description: text(connector.description).trim(),
    tags: Object.fromEntries(
      Object.entries((connector.tags ?? {}) as Record<string, string>).map(([key, value]) => [
        key.trim(),
        value.trim(),
      ]),
    ),
    type: connector.type,
    spec,
    orgIdentifier: 'default',
    projectIdentifier: 'payments',
  }
}

/** Runs the property against a host; `numRuns` bodies, each POSTed once. */
export async function checkConnectorBodies(
  api: ApiCall,
  numRuns = 150,
): Promise<{ accepted: number; refused: number }> {
  const created = new Set<string>()
  const answered = { accepted: 0, refused: 0 }
  await fc.assert(
    fc.asyncProperty(connectorCaseArb(), async ({ body, broken }) => {
      const answer = await api('POST', `/ng/api/connectors?${SCOPE_QUERY}`, JSON.stringify(body))
      expect(answer.status, JSON.stringify(answer.json)).toBeLessThan(500)
      const connector = (body as { connector?: Record<string, unknown> } | null)?.connector
      const valid = !broken && connector !== undefined && isValidConnector(connector)
      const identifier = text(connector?.identifier)
      const duplicate = valid && created.has(identifier)
      const message = (answer.json as { message?: string }).message
      if (!valid || duplicate) {
        expect(answer.status, `${JSON.stringify(body).slice(0, 600)} → ${JSON.stringify(answer.json)}`).toBe(400)
        expect(message).toMatch(/\w+ \w+/)
        if (duplicate) expect(message).toMatch(/already exists/)
        answered.refused++
        return
      }
      expect(answer.status, `${JSON.stringify(body).slice(0, 600)} → ${JSON.stringify(answer.json)}`).toBe(200)
      created.add(identifier)
      answered.accepted++
      const read = await api('GET', `/ng/api/connectors/${encodeURIComponent(identifier)}?${SCOPE_QUERY}`)
      expect(read.status).toBe(200)
      expect((read.json as { data: { connector: unknown } }).data.connector).toEqual(expectedStored(connector))
    }),
    { numRuns },
  )
  // The mix tests both answers, not mostly one of them.
  expect(answered.accepted).toBeGreaterThan(numRuns / 6)
  expect(answered.refused).toBeGreaterThan(numRuns / 6)
  return answered
}
