import { beforeEach, describe, expect, it } from 'vitest'
import type { ConnectorResponse, ErrorEnvelope, PageResponse, SecretResponse } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { ACCOUNT, ORG, PAYMENTS, apiUrl, call, dockerConnector } from './api-test-helpers'

/**
 * Bad input, endpoint by endpoint, against the MSW-hosted API: every case answers 400 (or 404
 * for an identifier in the path that names nothing) with a message in words, and leaves the
 * store exactly as it was. The Node server's body limit (413) is tested with the server
 * (src/server/api-properties.test.ts).
 */

const CONNECTORS = '/ng/api/connectors'
const SECRETS = '/ng/api/v2/secrets'
const PIPELINES = '/pipeline/api/pipelines'

type Answer = { status: number; error: ErrorEnvelope; text: string }

/** A request with a body sent exactly as given (not JSON.stringify'd), as a hostile client would. */
async function send(
  method: string,
  path: string,
  raw: string | undefined,
  { scope = PAYMENTS, contentType = 'application/json' }: { scope?: Scope; contentType?: string } = {},
): Promise<Answer> {
  const response = await fetch(apiUrl(path, { scope }), {
    method,
    headers: { Accept: 'application/json', ...(raw === undefined ? {} : { 'Content-Type': contentType }) },
    body: raw,
  })
  const text = await response.text()
  return { status: response.status, error: JSON.parse(text) as ErrorEnvelope, text }
}

/** Everything the API would show of the store: connectors and secrets at three scopes, pipelines. */
async function snapshot(): Promise<unknown> {
  const state: Record<string, unknown> = {}
  for (const [label, scope] of [
    ['project', PAYMENTS],
    ['org', ORG],
    ['account', ACCOUNT],
  ] as const) {
    const connectors = await call<PageResponse<ConnectorResponse>>('POST', `${CONNECTORS}/listV2`, {
      scope,
      query: { pageSize: '200' },
      body: { filterType: 'Connector' },
    })
    const secrets = await call<PageResponse<SecretResponse>>('GET', SECRETS, { scope, query: { pageSize: '200' } })
    state[`connectors of ${label}`] = connectors.data
    state[`secrets of ${label}`] = secrets.data
  }
  state.pipelines = (await call('POST', `${PIPELINES}/list`, { scope: PAYMENTS, query: { size: '200' } })).data
  return state
}

/** The message of a refusal: the FailureDTO's field errors, or the ErrorDTO's message. */
function words(error: ErrorEnvelope): string {
  return error.errors?.length
    ? error.errors.map((entry) => `${entry.fieldId}: ${entry.error}`).join('\n')
    : error.message
}

function expectRefusal(answer: Answer, status: number, message: RegExp) {
  expect(answer.status, answer.text).toBe(status)
  expect(['ERROR', 'FAILURE']).toContain(answer.error.status)
  expect(answer.error.message).toMatch(/\w+ \w+/)
  expect(words(answer.error)).toMatch(message)
  // Never a stack trace or a JavaScript error's own words.
  expect(answer.text).not.toMatch(/\bat \S+\.(ts|js):\d+|TypeError|RangeError|SyntaxError|undefined is not/)
}

let before: unknown
beforeEach(async () => {
  before = await snapshot()
})

async function expectStoreUnchanged() {
  expect(await snapshot()).toEqual(before)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(Object.prototype).not.toHaveProperty('polluted')
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('isAdmin')
}

/** A valid connector body as JSON text, with `patch` applied to the connector (JSON text, spliced in). */
function connectorJson(identifier: string, patch: (connector: Record<string, unknown>) => void = () => {}): string {
  const connector = dockerConnector(PAYMENTS, identifier) as unknown as Record<string, unknown>
  patch(connector)
  return JSON.stringify({ connector })
}

const spec = (connector: Record<string, unknown>) => connector.spec as Record<string, unknown>
const long = (length: number, char = 'a') => char.repeat(length)

describe('connector bodies (POST and PUT /ng/api/connectors)', () => {
  const valid = connectorJson('fresh_one')
  const cases: [string, string, RegExp][] = [
    ['malformed JSON', '{"connector": {"name": "x",', /must be JSON of the form \{"connector": \{\.\.\.\}\}/],
    ['an empty body', '', /must be JSON/],
    ['a JSON array', '[{"connector": {}}]', /body must be \{"connector": \{\.\.\.\}\}/],
    ['a JSON string', '"connector"', /body must be \{"connector"/],
    ['JSON null', 'null', /body must be \{"connector"/],
    ['a number', '42', /body must be \{"connector"/],
    ['a connector that is a list', '{"connector": []}', /body must be \{"connector"/],
    ['a name that is a number', connectorJson('x1', (c) => (c.name = 42)), /^name: name must be text, not a number/],
    ['a null identifier', connectorJson('x1', (c) => (c.identifier = null)), /identifier must be text, not null/],
    ['a type that is a map', connectorJson('x1', (c) => (c.type = {})), /type must be text, not a map/],
    ['a description that is a list', connectorJson('x1', (c) => (c.description = ['a'])), /description must be text/],
    ['tags that are a list', connectorJson('x1', (c) => (c.tags = ['team:a'])), /tags must be a map of key to value/],
    ['a tag value that is a number', connectorJson('x1', (c) => (c.tags = { team: 7 })), /tag "team" must be text/],
    ['a spec that is text', connectorJson('x1', (c) => (c.spec = 'https://x')), /spec must be a map, not text/],
    [
      'a URL that is a number',
      connectorJson('x1', (c) => (spec(c).dockerRegistryUrl = 5)),
      /spec\.dockerRegistryUrl must be text, not a number/,
    ],
    [
      'auth that is text',
      connectorJson('x1', (c) => (spec(c).auth = 'Anonymous')),
      /spec\.auth must be a map such as \{"type": "Anonymous"\}/,
    ],
    [
      'a username that is a number',
      connectorJson(
        'x1',
        (c) => (spec(c).auth = { type: 'UsernamePassword', spec: { username: 1, passwordRef: 'demo_password' } }),
      ),
      /spec\.auth\.spec\.username must be text, not a number/,
    ],
    [
      'delegate selectors that are text',
      connectorJson('x1', (c) => (spec(c).delegateSelectors = 'east')),
      /delegateSelectors must be a list of delegate tags/,
    ],
    [
      'a delegate selector with a comma, which no delegate can carry (the wizard refuses it too)',
      connectorJson('x1', (c) => (spec(c).delegateSelectors = ['east,west'])),
      /A delegate tag cannot contain a comma/,
    ],
    [
      'a delegate selector longer than a delegate tag can be',
      connectorJson('x1', (c) => (spec(c).delegateSelectors = ['t'.repeat(65)])),
      /A delegate tag can be at most 64 characters; this one has 65/,
    ],
    [
      'more delegate selectors than a delegate can have tags',
      connectorJson('x1', (c) => (spec(c).delegateSelectors = Array.from({ length: 51 }, (_, i) => `tag${i}`))),
      /at most 50 delegate tags/,
    ],
    [
      'a fixed spec key of the wrong type',
      connectorJson('x1', (c) => (spec(c).executeOnDelegate = 'yes')),
      /executeOnDelegate must be a boolean/,
    ],
    [
      'a provider type that is not one of the options',
      connectorJson('x1', (c) => (spec(c).providerType = 'Gitea')),
      /"Gitea" is not a valid Provider Type: choose one of DockerHub, Harbor, Quay, Other/,
    ],
    [
      'a name of 129 characters',
      connectorJson('x1', (c) => (c.name = long(129))),
      /Name can be at most 128 characters \(now 129\)/,
    ],
    [
      'a description of 1025 characters',
      connectorJson('x1', (c) => (c.description = long(1025))),
      /Description can be at most 1024 characters \(now 1025\)/,
    ],
    [
      'a huge tag value',
      connectorJson('x1', (c) => (c.tags = { team: long(100_000) })),
      /A tag can be at most 256 characters, key and value together \(now 100005\)/,
    ],
    [
      '51 tags',
      connectorJson('x1', (c) => (c.tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, ''])))),
      /A connector can have at most 50 tags \(now 51\)/,
    ],
    [
      'a tag with an empty key',
      connectorJson('x1', (c) => (c.tags = { '': 'x' })),
      /tags: The tag ":x" needs a key before the colon/,
    ],
    [
      'a tag key with a colon',
      connectorJson('x1', (c) => (c.tags = { 'team:a': 'b' })),
      /The tag key "team:a" cannot contain ":"/,
    ],
    [
      'two tag keys that are the same once trimmed',
      connectorJson('x1', (c) => (c.tags = { team: 'a', ' team ': 'b' })),
      /The tag key "team" is used twice/,
    ],
    [
      'a URL of 2100 characters',
      connectorJson('x1', (c) => (spec(c).dockerRegistryUrl = `https://registry.acme.test/${long(2073)}`)),
      /Docker Registry URL can be at most 2048 characters \(now 2100\)/,
    ],
    ['an identifier with ../', connectorJson('../x'), /identifier: Identifier can only contain letters, digits and _/],
    ['an identifier with a slash', connectorJson('a/b'), /identifier: Identifier can only contain/],
    ['an identifier with %2F', connectorJson('a%2Fb'), /identifier: Identifier can only contain/],
    ['an identifier with a space', connectorJson('a b'), /identifier: Identifier can only contain/],
    ['an identifier in unicode', connectorJson('dépôt'), /identifier: Identifier can only contain/],
    ['an identifier of 129 characters', connectorJson(long(129)), /Identifier can be at most 128 characters/],
    [
      'a name with a slash',
      connectorJson('x1', (c) => (c.name = 'a/../b')),
      /Name can only contain letters, digits, spaces/,
    ],
    ['an unknown type', connectorJson('x1', (c) => (c.type = 'Jenkins')), /Unknown connector type "Jenkins"/],
    [
      'an unknown authentication method',
      connectorJson('x1', (c) => (spec(c).auth = { type: 'Token' })),
      /"Token" authentication is not available for Docker Registry connectors/,
    ],
    [
      'a password secret that does not exist',
      connectorJson(
        'x1',
        (c) => (spec(c).auth = { type: 'UsernamePassword', spec: { username: 'u', passwordRef: '../etc' } }),
      ),
      /spec\.auth\.spec\.passwordRef: /,
    ],
  ]

  const pollution: [string, string, RegExp][] = [
    [
      '__proto__ at the top',
      valid.replace(/^\{/, '{"__proto__": {"polluted": "yes"},'),
      /^body: "__proto__" cannot be a key \(in the body\)/,
    ],
    [
      '__proto__ in the connector',
      valid.replace('{"connector":{', '{"connector":{"__proto__":{"polluted":"yes"},'),
      /^connector: "__proto__" cannot be a key \(in connector\)/,
    ],
    [
      '__proto__ in spec',
      valid.replace('"spec":{', '"spec":{"__proto__":{"polluted":"yes","isAdmin":true},'),
      /^spec: "__proto__" cannot be a key \(in spec\)/,
    ],
    [
      'constructor.prototype in the auth spec',
      valid.replace('"spec":{"username"', '"spec":{"constructor":{"prototype":{"polluted":"yes"}},"username"'),
      /"constructor" cannot be a key \(in spec\.auth\.spec\)/,
    ],
    [
      'a __proto__ tag',
      valid.replace('"tags":{}', '"tags":{"__proto__":"x"}'),
      /^tags: "__proto__" cannot be a tag key/,
    ],
    [
      'a constructor tag',
      valid.replace('"tags":{}', '"tags":{"constructor":""}'),
      /^tags: "constructor" cannot be a tag key/,
    ],
    [
      'a prototype tag',
      valid.replace('"tags":{}', '"tags":{"prototype":"p"}'),
      /^tags: "prototype" cannot be a tag key/,
    ],
  ]

  it.each([...cases, ...pollution])('refuses %s on create, in words, storing nothing', async (_, body, message) => {
    expectRefusal(await send('POST', CONNECTORS, body), 400, message)
    await expectStoreUnchanged()
    expect((await call('GET', `${CONNECTORS}/x1`, { scope: PAYMENTS })).status).toBe(404)
  })

  it.each([...cases, ...pollution])('refuses %s on update, in words, changing nothing', async (_, body, message) => {
    // The same body, aimed at a connector that exists.
    const update = body.replace(/"identifier":"x1"/, '"identifier":"docker_hub_public"')
    const answer = await send('PUT', CONNECTORS, update)
    if (answer.status === 404) expect(update).not.toContain('docker_hub_public')
    else expectRefusal(answer, 400, message)
    await expectStoreUnchanged()
  })

  it('refuses keys a connector cannot have, each by its field, and stores nothing', async () => {
    const body = JSON.parse(connectorJson('with_extras')) as { connector: Record<string, unknown> }
    body.connector.favouriteColour = 'blue'
    spec(body.connector).proxy = { host: 'evil.test' }
    ;(spec(body.connector).auth as Record<string, unknown>).token = 'abc'
    const refused = await call<ConnectorResponse>('POST', CONNECTORS, { scope: PAYMENTS, body })
    expect(refused.status).toBe(400)
    expect(refused.error.errors?.map((error) => error.fieldId)).toEqual([
      'favouriteColour',
      'spec.proxy',
      'spec.auth.token',
    ])
    expect((await call('GET', `${CONNECTORS}/with_extras`, { scope: PAYMENTS })).status).toBe(404)
    await expectStoreUnchanged()
  })
})

describe('connector identifiers in the URL path', () => {
  const paths = ['..%2Fsecret', '..%2F..%2Fv2%2Fsecrets%2Fdemo_password', 'a%20b', '%C3%A9t%C3%A9', 'a%2Fb', '%2F']

  it.each(paths)('GET, DELETE and test %s answer 404 in words and change nothing', async (path) => {
    for (const method of ['GET', 'DELETE']) {
      expectRefusal(
        await send(method, `${CONNECTORS}/${path}`, undefined),
        404,
        /^Connector with identifier \[.+\] in project payments in organization default not found$/,
      )
    }
    const tested = await send('POST', `${CONNECTORS}/testConnection/${path}`, undefined)
    expect(tested.status).toBe(404)
    await expectStoreUnchanged()
  })

  it('never lets a path leave the collection', async () => {
    const answer = await send('GET', `${CONNECTORS}/..%2F..%2Fv2%2Fsecrets%2Fdemo_password`, undefined)
    expect(answer.text).not.toContain('"secret"')
  })
})

describe('secret bodies (POST /ng/api/v2/secrets)', () => {
  const secret = (patch: (secret: Record<string, unknown>) => void = () => {}) => {
    const body: Record<string, unknown> = {
      type: 'SecretText',
      name: 'New secret',
      identifier: 'x1',
      tags: {},
      spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value: 'v' },
    }
    patch(body)
    return JSON.stringify({ secret: body })
  }
  const secretSpec = (body: Record<string, unknown>) => body.spec as Record<string, unknown>
  const valid = secret()

  const cases: [string, string, RegExp][] = [
    ['malformed JSON', '{"secret": ', /must be JSON of the form \{"secret": \{\.\.\.\}\}/],
    ['a JSON array', '[]', /The body must be \{"secret": \{\.\.\.\}\}/],
    ['a JSON string', '"secret"', /The body must be \{"secret"/],
    ['JSON null', 'null', /The body must be \{"secret"/],
    ['a name that is a number', secret((s) => (s.name = 1)), /^name: name must be text, not a number/],
    ['an identifier that is a list', secret((s) => (s.identifier = ['x1'])), /identifier must be text, not a list/],
    ['a value that is a number', secret((s) => (secretSpec(s).value = 123)), /spec\.value must be text, not a number/],
    ['a spec that is text', secret((s) => (s.spec = 'v')), /spec must be a map, not text/],
    ['tags that are a list', secret((s) => (s.tags = ['a'])), /tags must be a map of key to value/],
    ['a tag value that is a map', secret((s) => (s.tags = { a: {} })), /The value of tag "a" must be text, not a map/],
    ['another type of secret', secret((s) => (s.type = 'SecretFile')), /Only text secrets \(type SecretText\)/],
    ['a reference value', secret((s) => (secretSpec(s).valueType = 'Reference')), /Only Inline values are supported/],
    ['no value', secret((s) => (secretSpec(s).value = '')), /^spec\.value: A secret needs a value\.$/],
    ['a name of 129 characters', secret((s) => (s.name = long(129))), /Name can be at most 128 characters \(now 129\)/],
    [
      'a description of 1025 characters',
      secret((s) => (s.description = long(1025))),
      /Description can be at most 1024 characters \(now 1025\)/,
    ],
    ['a huge tag value', secret((s) => (s.tags = { a: long(300) })), /A tag can be at most 256 characters/],
    [
      '51 tags',
      secret((s) => (s.tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])))),
      /A secret can have at most 50 tags \(now 51\)/,
    ],
    ['a tag key with a colon', secret((s) => (s.tags = { 'a:b': '' })), /The tag key "a:b" cannot contain ":"/],
    ['an identifier with ../', secret((s) => (s.identifier = '../x')), /identifier: Identifier can only contain/],
    ['an identifier with a slash', secret((s) => (s.identifier = 'a/b')), /identifier: Identifier can only contain/],
    ['an identifier with %2F', secret((s) => (s.identifier = '%2F')), /identifier: Identifier can only contain/],
    ['an identifier with a space', secret((s) => (s.identifier = 'a b')), /identifier: Identifier can only contain/],
    ['an identifier in unicode', secret((s) => (s.identifier = 'clé')), /identifier: Identifier can only contain/],
    [
      '__proto__ in the secret',
      valid.replace('{"secret":{', '{"secret":{"__proto__":{"polluted":"yes"},'),
      /"__proto__" cannot be a key \(in secret\)/,
    ],
    [
      '__proto__ in spec',
      valid.replace('"spec":{', '"spec":{"__proto__":{"polluted":"yes"},'),
      /"__proto__" cannot be a key \(in spec\)/,
    ],
    [
      'a __proto__ tag',
      valid.replace('"tags":{}', '"tags":{"__proto__":"x"}'),
      /^tags: "__proto__" cannot be a tag key/,
    ],
    [
      'a constructor tag',
      valid.replace('"tags":{}', '"tags":{"constructor":"x"}'),
      /^tags: "constructor" cannot be a tag key/,
    ],
  ]

  it.each(cases)('refuses %s, in words, storing nothing', async (_, body, message) => {
    const answer = await send('POST', SECRETS, body)
    expectRefusal(answer, 400, message)
    expect(answer.text).not.toContain('"v"')
    await expectStoreUnchanged()
    expect((await call('GET', `${SECRETS}/x1`, { scope: PAYMENTS })).status).toBe(404)
  })

  it.each(['..%2Fdemo_password', 'a%2Fb', '%C3%A9', 'a%20b'])('answers 404 for the path %s', async (path) => {
    expectRefusal(
      await send('GET', `${SECRETS}/${path}`, undefined),
      404,
      /^Secret with identifier \[.+\] in .+ not found$/,
    )
    await expectStoreUnchanged()
  })
})

describe('pipeline bodies (YAML, POST and PUT /pipeline/api/pipelines)', () => {
  const pipeline = (fields: string) =>
    `pipeline:\n  projectIdentifier: payments\n  orgIdentifier: default\n${fields}  stages: []\n`
  const valid = pipeline('  name: New pipeline\n  identifier: x1\n')
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
  const aliases = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefghi'.split('').map((name, index) => {
      const previous = 'abcdefghi'[index]!
      return `${name}: &${name} [*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous}]`
    }),
    `pipeline:\n  name: Bomb\n  identifier: x1\n  projectIdentifier: payments\n  orgIdentifier: default\n  description: *i`,
  ].join('\n')

  const cases: [string, string, RegExp][] = [
    ['an empty body', '   ', /The body must be the pipeline YAML/],
    ['text that is not YAML', 'pipeline: {name: [unclosed', /Invalid YAML at line \d+, column \d+/],
    ['a tab-indented document', 'pipeline:\n\tname: x', /Invalid YAML/],
    ['a YAML list', '- a\n- b\n', /must be a map with a pipeline: key/],
    ['a YAML string', 'just words\n', /must be a map with a pipeline: key/],
    ['JSON of the wrong shape', '{"connector": {}}', /must be a map with a pipeline: key/],
    ['a pipeline that is a number', 'pipeline: 5\n', /must be a map with a pipeline: key/],
    ['a name that is a map', pipeline('  name: {a: 1}\n  identifier: x1\n'), /pipeline\.name must be text, not a map/],
    [
      'a name of 129 characters',
      pipeline(`  name: ${long(129)}\n  identifier: x1\n`),
      /Name can be at most 128 characters/,
    ],
    [
      'an identifier with ../',
      pipeline('  name: P\n  identifier: ../x\n'),
      /^pipeline\.identifier: Identifier can only contain/,
    ],
    [
      'an identifier with a slash',
      pipeline('  name: P\n  identifier: a/b\n'),
      /^pipeline\.identifier: Identifier can only contain/,
    ],
    [
      'an identifier in unicode',
      pipeline('  name: P\n  identifier: étape\n'),
      /^pipeline\.identifier: Identifier can only contain/,
    ],
    ['a billion laughs', aliases, /The YAML cannot be read: .*alias/i],
    ['10,000 nested lists', `pipeline:\n  name: P\n  identifier: x1\n  deep: ${nested(10_000)}\n`, /YAML|nest|deep/i],
    [
      'stages that are a map',
      pipeline('  name: P\n  identifier: x1\n').replace('stages: []', 'stages: {a: 1}'),
      /stages must be a list/,
    ],
    ['a __proto__ key', valid.replace('pipeline:\n', 'pipeline:\n  __proto__: {polluted: yes}\n'), /__proto__/],
    [
      'a __proto__ tag',
      valid.replace('pipeline:\n', 'pipeline:\n  tags: {__proto__: x}\n'),
      /"__proto__" cannot be a key \(in pipeline\.tags\)/,
    ],
  ]

  it.each(cases)('refuses %s on create, in words, storing nothing', async (_, yaml, message) => {
    expectRefusal(await send('POST', PIPELINES, yaml, { contentType: 'application/yaml' }), 400, message)
    await expectStoreUnchanged()
    expect((await call('GET', `${PIPELINES}/x1`, { scope: PAYMENTS })).status).toBe(404)
  })

  it.each(cases)('refuses %s on update, in words, changing nothing', async (_, yaml, message) => {
    const update = yaml.replace('identifier: x1', 'identifier: nightly_checks')
    const answer = await send('PUT', `${PIPELINES}/nightly_checks`, update, { contentType: 'application/yaml' })
    if (answer.status === 400 && /match the one in the URL/.test(words(answer.error))) return
    expectRefusal(answer, 400, message)
    await expectStoreUnchanged()
  })

  it.each(['..%2Fdeploy_payments_api', 'a%2Fb', '%C3%A9', 'a%20b'])('answers 404 for the path %s', async (path) => {
    expectRefusal(await send('GET', `${PIPELINES}/${path}`, undefined), 404, /Pipeline \[.+\] under .+ doesn't exist/)
    const put = await send('PUT', `${PIPELINES}/${path}`, valid, { contentType: 'application/yaml' })
    expect(put.status).toBe(404)
    await expectStoreUnchanged()
  })

  it('accepts the valid body these cases start from (so each refusal is about its one change)', async () => {
    expect((await send('POST', PIPELINES, valid, { contentType: 'application/yaml' })).status).toBe(200)
    expect(
      (
        await send(
          'POST',
          SECRETS,
          JSON.stringify({ secret: { type: 'SecretText', name: 'S', identifier: 'x2', spec: { value: 'v' } } }),
        )
      ).status,
    ).toBe(200)
    expect((await send('POST', CONNECTORS, connectorJson('x3'))).status).toBe(200)
  })
})
