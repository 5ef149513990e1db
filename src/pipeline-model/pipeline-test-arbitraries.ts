import fc from 'fast-check'
import { ARTIFACT_SOURCE_TYPES, MANIFEST_STORE_TYPES } from './artifact-source-types'
import type { ArtifactSource, DeployStage, HelmChartManifest, OtherStage, Pipeline, Stage } from './pipeline-model'

/**
 * fast-check generators of editor models, for the YAML round-trip property. They produce what
 * the editor can hold: every declared field of a source present (possibly empty), `rest` with
 * keys the editor does not edit, and no value equal to a default the mapping fills in.
 */

export const identifier = fc.stringMatching(/^[a-zA-Z_][0-9a-zA-Z_]{0,15}$/)

/** Text a user might type, including what YAML would misread if it were written unquoted. */
export const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    '1.27',
    '1.10',
    '007',
    '1e3',
    '0x1F',
    'true',
    'no',
    'null',
    '~',
    '',
    ' padded ',
    'a: b',
    '# hash',
    '- dash',
    '<+input>',
    'two\nlines',
    'trailing\n',
    '"quoted"',
    "it's",
    '@at',
    '*star',
    '&amp',
    '!bang',
    '%pct',
    '{x}',
  ),
)

export const connectorRef = fc.oneof(
  identifier,
  identifier.map((id) => `org.${id}`),
  identifier.map((id) => `account.${id}`),
  fc.constantFrom('', '<+input>'),
)

const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
)

/** Plain YAML data: what rest and raw hold. Keys include `__proto__`, which must stay an ordinary key. */
const restKey = fc.oneof(identifier, fc.constantFrom('__proto__', 'x-custom', 'with space', '1'))

export const yamlValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(restKey, tie('value'), { maxKeys: 3, noNullPrototype: true }),
  ),
})).value

const nonEmptyMap = (keys: fc.Arbitrary<string>) =>
  fc.dictionary(keys, yamlValue, { minKeys: 1, maxKeys: 3, noNullPrototype: true })

function optionalRest(arbitrary: fc.Arbitrary<Record<string, unknown>>) {
  return fc.option(arbitrary, { nil: undefined })
}

export function artifactSource(sidecar: boolean): fc.Arbitrary<ArtifactSource> {
  return fc.constantFrom(...ARTIFACT_SOURCE_TYPES).chain((definition) =>
    fc
      .record({
        identifier: sidecar ? identifier : fc.constant('primary'),
        connectorRef,
        values: fc.tuple(...definition.fields.map(() => text)),
        rest: optionalRest(
          fc.oneof(
            fc.record({ spec: fc.record({ digest: text.filter((value) => value !== '') }) }),
            fc.record({ spec: fc.record({ repositoryFormat: fc.constantFrom('npm', 'nuget', 'raw') }) }),
            fc.record({ spec: fc.record({ spec: fc.record({ repositoryPort: fc.constantFrom('8181', '5000') }) }) }),
          ),
        ),
      })
      .map(({ identifier: id, connectorRef: ref, values, rest }) => {
        const source: ArtifactSource = {
          identifier: id,
          type: definition.type,
          connectorRef: ref,
          fields: Object.fromEntries(definition.fields.map((field, index) => [field.key, values[index] ?? ''])),
        }
        if (rest) source.rest = rest
        return source
      }),
  )
}

export const helmChart: fc.Arbitrary<HelmChartManifest> = fc
  .record({
    identifier,
    store: fc.constantFrom(...MANIFEST_STORE_TYPES.map((store) => store.type)),
    connectorRef,
    chartName: text,
    chartVersion: text,
    rest: optionalRest(
      fc.oneof(
        fc.record({ spec: fc.record({ helmVersion: fc.constant('V2') }) }),
        fc.record({
          spec: fc.record({
            valuesPaths: fc.array(text, { minLength: 1, maxLength: 2 }),
            skipResourceVersioning: fc.boolean(),
          }),
        }),
      ),
    ),
  })
  .map(({ rest, ...manifest }) => (rest ? { ...manifest, rest } : manifest))

const deployRest = fc.record(
  {
    description: text,
    spec: fc
      .record(
        {
          infrastructure: yamlValue,
          execution: yamlValue,
          serviceConfig: fc.record({ stageOverrides: nonEmptyMap(identifier) }),
        },
        { requiredKeys: [] },
      )
      .filter((spec) => Object.keys(spec).length > 0),
    failureStrategies: yamlValue,
    when: nonEmptyMap(identifier),
  },
  { requiredKeys: [] },
)

export const deployStage: fc.Arbitrary<DeployStage> = fc.record({
  kind: fc.constant('deploy' as const),
  identifier,
  name: text,
  serviceIdentifier: fc.oneof(identifier, fc.constant('')),
  serviceName: text,
  primaryArtifact: fc.option(artifactSource(false), { nil: null }),
  sidecars: fc.array(artifactSource(true), { maxLength: 3 }),
  manifests: fc.array(helmChart, { maxLength: 3 }),
  rest: deployRest,
})

export const otherStage: fc.Arbitrary<OtherStage> = fc
  .record({
    identifier,
    name: text,
    type: fc.constantFrom('Approval', 'Custom', 'CI', 'Pipeline', 'FeatureFlag'),
    spec: yamlValue,
  })
  .map(({ identifier: id, name, type, spec }) => ({
    kind: 'other',
    identifier: id,
    name,
    type,
    raw: { name, identifier: id, type, spec },
  }))

export const pipeline: fc.Arbitrary<Pipeline> = fc.record({
  name: text,
  identifier,
  description: text,
  orgIdentifier: identifier,
  projectIdentifier: identifier,
  tags: fc.dictionary(fc.oneof(identifier, text), text, { maxKeys: 4, noNullPrototype: true }),
  stages: fc.array(fc.oneof<fc.Arbitrary<Stage>[]>(deployStage, otherStage), { maxLength: 4 }),
  rest: fc.dictionary(
    fc.constantFrom('variables', 'properties', 'allowStageExecutions', 'timeout', '__proto__', 'x-custom'),
    yamlValue,
    {
      maxKeys: 3,
      noNullPrototype: true,
    },
  ),
})
