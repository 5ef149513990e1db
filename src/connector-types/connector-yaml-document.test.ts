import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { connectorCaseArb } from '../test/connector-body-properties'
import { connectorToYaml } from './connector-yaml'
import { problemText, readConnectorYaml } from './connector-yaml-document'

const DOCKER = `connector:
  name: Docker mirror
  identifier: docker_mirror
  type: DockerRegistry
  spec:
    providerType: Other
    dockerRegistryUrl: https://registry.acme.test
    auth:
      type: UsernamePassword
      spec:
        username: demo
        passwordRef: demo_password
    delegateSelectors:
      - east
      - west
`

function read(text: string) {
  const result = readConnectorYaml(text)
  if (result.problems) throw new Error(result.problems.map(problemText).join('\n'))
  return result.document
}

function problems(text: string) {
  return (readConnectorYaml(text).problems ?? []).map(problemText)
}

/** Every path to a value (not a map) in `value`, as API field ids: `spec.auth.type`, `spec.delegateSelectors.1`. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return prefix ? [prefix] : []
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value)
  if (!entries.length) return prefix ? [prefix] : []
  return entries.flatMap(([key, item]) => leafPaths(item, prefix ? `${prefix}.${key}` : key))
}

describe('reading connector YAML with its lines', () => {
  it('finds the line of each field, and of the nearest parent of one that is missing', () => {
    const document = read(DOCKER)
    expect(document.connector).toMatchObject({ identifier: 'docker_mirror', type: 'DockerRegistry' })
    expect(document.lineOf('name')).toBe(2)
    expect(document.lineOf('spec.dockerRegistryUrl')).toBe(7)
    expect(document.lineOf('spec.auth.spec.passwordRef')).toBe(12)
    expect(document.lineOf('spec.delegateSelectors.1')).toBe(15)
    expect(document.has('spec.auth.spec.usernameRef')).toBe(false)
    expect(document.lineOf('spec.auth.spec.usernameRef')).toBe(10)
    expect(document.lineOf('description')).toBe(1)
  })

  it('names the line of a syntax error, a repeated key and a second document', () => {
    expect(problems('connector:\n  name: "unclosed\n  type: Nexus\n')).toEqual([
      expect.stringMatching(/^Line 2: Missing closing "quote\.$/),
    ])
    expect(problems('connector:\n  name: a\n  identifier: b\n  name: c\n')).toEqual([
      'Line 4: The key name appears twice in this map (first on line 2); keep one.',
    ])
    expect(problems(`${DOCKER}---\n${DOCKER}`)).toEqual([
      'Line 16: This is a second document (after ---): give one connector at a time.',
    ])
  })

  it('asks for a connector: map at the top', () => {
    expect(problems('')).toEqual(['The YAML is empty: paste or upload a connector, starting with connector:'])
    expect(problems('name: x\ntype: Nexus\n')).toEqual(['Line 1: The YAML must have a connector: block at the top.'])
    expect(problems('# a comment\nconnector: Nexus\n')).toEqual(['Line 2: connector must be a map of fields.'])
    expect(problems('connector:\n  name: *missing\n')).toHaveLength(1)
  })

  it('says a problem with its line and field once', () => {
    expect(problemText({ line: 7, field: 'spec.url', message: 'URL is required.' })).toBe(
      'Line 7, spec.url: URL is required.',
    )
    expect(problemText({ line: 7, field: 'name', message: 'name must be text, not a number.' })).toBe(
      'Line 7: name must be text, not a number.',
    )
    expect(problemText({ message: 'The server could not be reached.' })).toBe('The server could not be reached.')
  })
})

describe('connectorToYaml → readConnectorYaml', () => {
  it('reads back the same connector, with a line for each of its fields', () => {
    const connectors = connectorCaseArb()
      .map(({ body }) => (body as { connector?: unknown } | null)?.connector)
      .filter(
        (connector): connector is Record<string, unknown> =>
          typeof connector === 'object' && connector !== null && !Array.isArray(connector),
      )
    fc.assert(
      fc.property(connectors, (connector) => {
        const text = connectorToYaml(connector as never)
        const document = read(text)
        expect(document.connector).toEqual(connector)
        const lines = text.split('\n')
        for (const path of leafPaths(connector)) {
          expect(document.has(path), path).toBe(true)
          const key = path.split('.').at(-1)!
          const line = lines[document.lineOf(path) - 1] ?? ''
          // A map's key is on its line; a list item's line starts with "-".
          expect(/^\d+$/.test(key) ? line.trimStart().startsWith('-') : line.includes(key.slice(0, 20)), path).toBe(
            true,
          )
        }
      }),
      { numRuns: 200 },
    )
  })
})
