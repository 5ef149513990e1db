import fc from 'fast-check'
import { expect, it } from 'vitest'
import { stringify } from 'yaml'
import { checkConnectorDocument } from '../connector-types/connector-document-check'
import type { ConnectorTypeDefinition } from '../connector-types/connector-type'
import { readConnectorYaml } from '../connector-types/connector-yaml-document'
import { parseConnectorDocuments } from '../connector-types/connector-yaml-documents'
import { CONNECTOR_TYPES } from '../connector-types/registry'
import { describeOnBothHosts } from '../test/both-hosts'
import { PAYMENTS, call } from './api-test-helpers'

/**
 * A connector document with a key no connector has is refused, with the key's line, wherever it
 * comes from: the YAML editor (which reads the document and sends it to the API), the import's
 * own check, and the API on both hosts. Pipelines keep unknown keys, by design: not tested here.
 */

type Connector = Record<string, unknown>

/** Every key some level of some connector knows, so a generated key is never one of them. */
const KNOWN = new Set([
  ...['name', 'identifier', 'description', 'orgIdentifier', 'projectIdentifier', 'tags', 'type', 'spec'],
  ...['auth', 'delegateSelectors', 'executeOnDelegate', 'proxy', 'username', 'usernameRef', 'passwordRef'],
  ...CONNECTOR_TYPES.flatMap((type) => [type.url.specKey, ...type.fields.map((field) => field.key)]),
  ...['__proto__', 'constructor', 'prototype'],
])

function validConnector(definition: ConnectorTypeDefinition): fc.Arbitrary<Connector> {
  const auth = fc
    .constantFrom(...definition.authTypes)
    .chain((type) =>
      type === 'Anonymous'
        ? fc.constant<Connector>({ type })
        : fc.constantFrom<Connector>(
            { type, spec: { username: 'demo', passwordRef: 'demo_password' } },
            { type, spec: { usernameRef: 'demo_password', passwordRef: 'account.account_demo_password' } },
          ),
    )
  return fc
    .record({
      name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _.-]{0,20}[A-Za-z0-9]$/),
      description: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,20}$/), { nil: undefined }),
      tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), fc.stringMatching(/^[a-z0-9]{0,6}$/), {
        maxKeys: 3,
        noNullPrototype: true,
      }),
      extras: fc.record(
        Object.fromEntries(
          definition.fields.map((field) => [
            field.key,
            fc.constantFrom(...field.options.map((option) => option.value)),
          ]),
        ),
      ),
      auth,
      delegateSelectors: fc.subarray(['east', 'west', 'k8s']),
      scoped: fc.boolean(),
    })
    .map(({ name, description, tags, extras, auth: chosen, delegateSelectors, scoped }) => ({
      name,
      identifier: 'replaced_per_run',
      ...(description === undefined ? {} : { description }),
      ...(scoped ? { orgIdentifier: 'default', projectIdentifier: 'payments' } : {}),
      tags,
      type: definition.type,
      spec: {
        [definition.url.specKey]: definition.example.url,
        ...extras,
        auth: chosen,
        delegateSelectors,
        ...definition.fixedSpec,
      },
    }))
}

/** The maps of a connector where a key can be misplaced (tags are free: any key is a tag). */
function levelsOf(connector: Connector): { at: string; map: Connector }[] {
  const spec = connector.spec as Connector
  const auth = spec.auth as Connector
  const levels = [
    { at: '', map: connector },
    { at: 'spec', map: spec },
    { at: 'spec.auth', map: auth },
  ]
  if (auth.spec && typeof auth.spec === 'object') levels.push({ at: 'spec.auth.spec', map: auth.spec as Connector })
  return levels
}

const unknownKey = fc
  .oneof(
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,14}$/),
    fc.constantFrom('delegateSelector', 'DelegateSelectors', 'passwordref', 'identifer', 'Type', 'specs', 'url'),
  )
  .filter((key) => !KNOWN.has(key))

const extraValue = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{0,8}$/),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.stringMatching(/^[a-z]{1,5}$/), { maxLength: 2 }),
  fc.constant({ nested: 'map' }),
)

/** The map with `key` inserted at `position` among its keys. */
function withKey(map: Connector, key: string, value: unknown, position: number): Connector {
  const entries = Object.entries(map)
  entries.splice(position % (entries.length + 1), 0, [key, value])
  return Object.fromEntries(entries)
}

let serial = 0

describeOnBothHosts('connector YAML with an unknown key', () => {
  it('refuses delegateSelector (for delegateSelectors) at its line, suggesting the key, and creates nothing', async () => {
    const text = [
      'connector:',
      '  name: Team registry',
      '  identifier: team_registry',
      '  type: DockerRegistry',
      '  spec:',
      '    dockerRegistryUrl: https://registry.acme.test:5000',
      '    providerType: Other',
      '    auth:',
      '      type: Anonymous',
      '    delegateSelector:',
      '      - east',
      '',
    ].join('\n')
    const read = readConnectorYaml(text)
    const { status, error } = await call('POST', '/ng/api/connectors', {
      scope: PAYMENTS,
      body: { connector: read.document!.connector },
    })

    expect(status).toBe(400)
    expect(error.errors).toEqual([
      {
        fieldId: 'spec.delegateSelector',
        error:
          'spec.delegateSelector is not a field of a Docker Registry connector: did you mean delegateSelectors? Unknown fields are refused, not ignored.',
      },
    ])
    expect(read.document!.lineOf('spec.delegateSelector')).toBe(10)
    expect(parseConnectorDocuments(text)[0]?.problems).toEqual([
      { line: 10, field: 'spec.delegateSelector', message: error.errors![0]!.error },
    ])
    const after = await call('GET', '/ng/api/connectors/team_registry', { scope: PAYMENTS })
    expect(after.status).toBe(404)
  })

  it('refuses any valid connector with one unknown key at any level, at that key’s line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CONNECTOR_TYPES).chain(validConnector),
        fc.nat(),
        unknownKey,
        extraValue,
        fc.nat(),
        async (generated, levelPick, key, value, position) => {
          const valid = structuredClone(generated)
          valid.identifier = `unknown_key_${(serial += 1)}`
          const levels = levelsOf(valid)
          const level = levels[levelPick % levels.length]!
          // The document with the key, built again around the changed map.
          const changed = structuredClone(valid)
          const path = level.at ? level.at.split('.') : []
          const parent = path.slice(0, -1).reduce<Connector>((map, part) => map[part] as Connector, changed)
          const target = path.reduce<Connector>((map, part) => map[part] as Connector, changed)
          const inserted = withKey(target, key, value, position)
          const document = path.length ? ((parent[path.at(-1)!] = inserted), changed) : inserted
          const text = stringify({ connector: document })
          const keyLines = text
            .split('\n')
            .flatMap((line, index) => (new RegExp(`^\\s*(- )?["']?${key}["']?:`).test(line) ? [index + 1] : []))
          fc.pre(keyLines.length === 1)
          const line = keyLines[0]!
          const fieldId = level.at ? `${level.at}.${key}` : key

          // What the same document without the key is: taken by the import's check and by the API.
          expect(checkConnectorDocument({ connector: valid }).errors).toEqual([])

          const read = readConnectorYaml(text)
          expect(read.problems).toBeUndefined()
          const refused = await call('POST', '/ng/api/connectors', {
            scope: PAYMENTS,
            body: { connector: read.document!.connector },
          })
          expect(refused.status, refused.text).toBe(400)
          const named = refused.error.errors?.find((each) => each.fieldId === fieldId)
          expect(named, refused.text).toBeDefined()
          expect(named!.error).toContain(key)
          expect(read.document!.lineOf(fieldId)).toBe(line)

          const imported = parseConnectorDocuments(text)[0]!
          expect(imported.connector).toBeUndefined()
          expect(imported.problems).toContainEqual({ line, field: fieldId, message: named!.error })

          const taken = await call('POST', '/ng/api/connectors', { scope: PAYMENTS, body: { connector: valid } })
          expect(taken.status, taken.text).toBe(200)
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
    )
  }, 120_000)
})
