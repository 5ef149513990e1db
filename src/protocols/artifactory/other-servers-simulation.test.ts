import { describe, expect, it } from 'vitest'
import { logOf, simulate, visibleText } from '../../backend/simulator/test-fixtures'

// The simulated world says what other-tested servers are as the real checks do
// (other-servers.test.ts): the same request tells it, and the same words say it.

const ARTIFACTORY_BASE = 'the Artifactory base URL, which ends in /artifactory'
const NEXUS_BASE =
  'the base URL of your Nexus server (the server root for Nexus 3, usually ending in /nexus for Nexus 2)'

describe.each([
  ['Artifactory', {}, 'Not an Artifactory server', ARTIFACTORY_BASE],
  ['Nexus', { version: '3.x' }, 'Not a Nexus server', NEXUS_BASE],
  ['Nexus', { version: '2.x' }, 'Not a Nexus server', NEXUS_BASE],
] as const)('%s %j at an HTTP Helm repository', (type, settings, category, base) => {
  it.each([
    ['https://charts.acme.test/stable', 'a public HTTP Helm repository'],
    ['https://charts.acme.test/private', 'a private HTTP Helm repository'],
  ])('%s: says it is a Helm repository, from its index.yaml', (url, name) => {
    const plan = simulate(type, url, { settings })

    expect(plan.result).toMatchObject({ failureKind: 'WRONG_SERVER', errorSummary: `${category} (${url} is ${name})` })
    expect(plan.result.hints?.[0]).toBe(`${url} is ${name}: use an HTTP Helm connector for it, or enter ${base}.`)
    expect(logOf(plan)).toContain(
      `GET ${url}/index.yaml (Authorization: Basic, user demo) → 200 OK, Content-Type: application/x-yaml (a Helm repository index of 4 charts)`,
    )
    expect(plan.result.explanations).toContain(
      `GET ${url}/index.yaml answered 200 OK: a Helm repository index of 4 charts.`,
    )
    expect(visibleText(plan).join('\n')).not.toMatch(
      /Invalid Nexus connector details|Not Found\.\)|Use .*\/artifactory:/,
    )
  })
})

describe('a registry whose 404s name nothing (Quay)', () => {
  it.each([
    ['Artifactory', {}],
    ['Nexus', { version: '3.x' }],
  ] as const)('%s: /v2/ says it is a registry', (type, settings) => {
    const plan = simulate(type, 'https://quay.io', { settings })

    expect(plan.result.failureKind).toBe('WRONG_SERVER')
    expect(plan.result.errorSummary).toMatch(/ \(https:\/\/quay\.io is Quay\)$/)
    expect(logOf(plan)).toContain('GET https://quay.io/index.yaml (Authorization: Basic, user demo) → 404 Not Found')
    expect(logOf(plan)).toContain(
      'GET https://quay.io/v2/ (no credentials) → 401 Unauthorized, Docker-Distribution-Api-Version: registry/2.0',
    )
    expect(plan.result.explanations).toContain(
      'GET https://quay.io/v2/ answered 401 Unauthorized: Docker-Distribution-Api-Version: registry/2.0.',
    )
  })
})

describe('servers whose answers name them need no more requests', () => {
  it.each([
    ['Artifactory', 'https://nexus.acme.test', {}],
    ['Nexus', 'https://acme.jfrog.io/artifactory', { version: '3.x' }],
    ['Artifactory', 'https://registry.acme.test:5000', {}],
  ] as const)('%s at %s', (type, url, settings) => {
    const plan = simulate(type, url, { settings })

    expect(plan.result.failureKind).toBe('WRONG_SERVER')
    expect(logOf(plan)).not.toMatch(/index\.yaml|\/v2\/ \(no credentials\)/)
  })
})
