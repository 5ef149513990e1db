import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { connectorCaseArb, expectedStored, isValidConnector } from '../test/connector-body-properties'
import { connectorsToYaml, parseConnectorDocuments } from './connector-yaml-documents'

const DOCKER = `connector:
  name: Docker Hub
  identifier: docker_hub
  type: DockerRegistry
  spec:
    dockerRegistryUrl: https://index.docker.io/v2/
    providerType: DockerHub
    auth:
      type: Anonymous
`

const HELM = `connector:
  name: Charts
  identifier: charts
  type: HttpHelmRepo
  spec:
    helmRepoUrl: https://charts.acme.test/stable
    auth:
      type: Anonymous
`

describe('parseConnectorDocuments', () => {
  it('reads each document of a file, in order, with the line it starts on', () => {
    const documents = parseConnectorDocuments(`# exported\n${DOCKER}---\n${HELM}---\n`)
    expect(documents.map((each) => [each.index, each.line, each.connector?.identifier, each.problems])).toEqual([
      [1, 2, 'docker_hub', []],
      [2, 12, 'charts', []],
    ])
  })

  it('skips empty documents and reads a file without any as none', () => {
    expect(parseConnectorDocuments('')).toEqual([])
    expect(parseConnectorDocuments('---\n# nothing\n---\n')).toEqual([])
  })

  it('names the line and the field of what the wizard would refuse', () => {
    const text = `${DOCKER}---\n${HELM.replace('https://charts.acme.test/stable', 'charts.acme.test')}`
    const [docker, helm] = parseConnectorDocuments(text)
    expect(docker?.problems).toEqual([])
    expect(helm?.connector).toBeUndefined()
    expect(helm?.problems).toEqual([
      { line: 16, field: 'spec.helmRepoUrl', message: expect.stringMatching(/https:\/\/charts\.acme\.test/) },
    ])
  })

  it('says what is missing, at the line of the block that should hold it', () => {
    const [document] = parseConnectorDocuments(DOCKER.replace('  name: Docker Hub\n', ''))
    expect(document?.problems).toEqual([{ line: 1, field: 'name', message: 'Name is required.' }])
  })

  it('refuses fields of the wrong kind, unknown types and methods the type does not offer', () => {
    const documents = parseConnectorDocuments(
      [
        DOCKER.replace('identifier: docker_hub', 'identifier: 42'),
        DOCKER.replace('type: DockerRegistry', 'type: Gitea'),
        HELM.replace('HttpHelmRepo', 'OciHelmRepo').replace('helmRepoUrl: https://', 'helmRepoUrl: '),
        DOCKER.replace('dockerRegistryUrl: https://index.docker.io/v2/', 'dockerRegistryUrl: [a, b]'),
      ].join('---\n'),
    )
    expect(documents.map((each) => each.problems.map(({ line, field }) => `${line} ${field}`))).toEqual([
      ['3 identifier'],
      ['14 type'],
      ['28 spec.auth.type'],
      ['35 spec.dockerRegistryUrl'],
    ])
    expect(documents[1]?.problems[0]?.message).toMatch(/Unknown connector type "Gitea"/)
    expect(documents[2]?.problems[0]?.message).toMatch(/Anonymous is not available for OCI Helm Registry/)
  })

  it('reports broken YAML with its line, and keeps reading the documents after it', () => {
    const documents = parseConnectorDocuments(`${DOCKER}---\nconnector:\n  name: [x\n---\n${HELM}`)
    expect(documents).toHaveLength(3)
    expect(documents[1]?.connector).toBeUndefined()
    expect(documents[1]?.problems[0]).toMatchObject({ field: 'YAML' })
    expect(documents[1]?.problems[0]?.line).toBeGreaterThanOrEqual(11)
    expect(documents[2]?.connector?.identifier).toBe('charts')
  })

  it('refuses a second document for the same identifier, duplicate keys and reserved keys', () => {
    const documents = parseConnectorDocuments(
      [
        DOCKER,
        DOCKER,
        DOCKER.replace('  name: Docker Hub\n', '  name: A\n  name: B\n'),
        HELM.replace('spec:', 'spec:\n    __proto__: x'),
      ].join('---\n'),
    )
    expect(documents[1]?.problems).toEqual([
      { line: 13, field: 'identifier', message: 'docker_hub is also the identifier of document 1 in this file.' },
    ])
    expect(documents[2]?.problems[0]).toMatchObject({
      field: 'YAML',
      message: expect.stringMatching(/^The key name appears twice in this map \(first on line \d+\); keep one\.$/),
    })
    expect(documents[3]?.problems[0]).toMatchObject({ field: 'spec.__proto__', line: 37 })
  })

  it('gives the line of a field the server refuses at write time', () => {
    const [document] = parseConnectorDocuments(DOCKER.replace('type: Anonymous', 'type: UsernamePassword'))
    expect(document?.lineOf('spec.auth.type')).toBe(9)
    expect(document?.lineOf('spec.auth.spec.passwordRef')).toBe(8)
  })
})

describe('export, then import', () => {
  it('reads back every exported connector as it was, and flags exactly what the API refuses', () => {
    const bodies = connectorCaseArb().filter(
      (generated) =>
        typeof generated.body === 'object' &&
        generated.body !== null &&
        typeof (generated.body as { connector?: unknown }).connector === 'object' &&
        !generated.broken,
    )
    fc.assert(
      fc.property(fc.array(bodies, { minLength: 1, maxLength: 6 }), (cases) => {
        const connectors = cases.map(({ body }) => (body as { connector: Record<string, unknown> }).connector)
        // What a list holds is what the server stored: export those; and the raw bodies, to
        // check that the import refuses just what the API would.
        // One pass: a list never holds two connectors with one identifier.
        const identifiers = new Set<unknown>()
        const stored = connectors.flatMap((each) => {
          if (!isValidConnector(each) || identifiers.has(each.identifier)) return []
          identifiers.add(each.identifier)
          return [expectedStored(each)]
        })
        const storedDocuments = parseConnectorDocuments(connectorsToYaml(stored as never))
        expect(storedDocuments.map((each) => each.connector ?? each.problems)).toEqual(stored)

        const documents = parseConnectorDocuments(connectorsToYaml(connectors as never))
        expect(documents).toHaveLength(connectors.length)
        const seen = new Set<unknown>()
        documents.forEach((document, index) => {
          const connector = connectors[index]!
          const duplicate = seen.has(connector.identifier)
          seen.add(connector.identifier)
          if (isValidConnector(connector) && !duplicate) expect(document.problems).toEqual([])
          // The import cannot resolve secrets: a valid document may still be refused for them.
          // (An empty reference means none, and stays empty.)
          const withUsableSecrets = JSON.parse(
            JSON.stringify(connector).replace(/"(usernameRef|passwordRef)":"[^"]+"/g, '"$1":"demo_password"'),
          ) as Record<string, unknown>
          if (!document.problems.length) {
            expect(isValidConnector(withUsableSecrets) || connector.identifier === 'harnessSecretManager').toBe(true)
          }
        })
      }),
      { numRuns: 150 },
    )
  })
})
