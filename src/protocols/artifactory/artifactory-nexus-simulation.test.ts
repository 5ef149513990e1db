import { describe, expect, it } from 'vitest'
import { logOf, simulate, stageTitles, WRONG_AUTH } from '../../backend/simulator/test-fixtures'

const ARTIFACTORY = 'Artifactory'
const NEXUS = 'Nexus'
const NEXUS_HINT =
  'Check if the Nexus URL & Nexus version are correct. Nexus URLs are different for different Nexus versions'

describe('Artifactory at https://acme.jfrog.io/artifactory', () => {
  it('succeeds with demo credentials after the ping and GET /api/repositories', () => {
    const plan = simulate(ARTIFACTORY, 'https://acme.jfrog.io/artifactory')
    expect(plan.result.status).toBe('SUCCESS')
    expect(stageTitles(plan).at(-1)).toBe('Validating Artifactory Repository authentication and permissions')
    const log = logOf(plan)
    expect(log).toContain('GET https://acme.jfrog.io/artifactory/api/system/ping')
    expect(log).toMatch(
      /GET https:\/\/acme\.jfrog\.io\/artifactory\/api\/repositories \(Authorization: Basic, user demo\) → 200 OK/,
    )
  })

  it('succeeds anonymously with the repositories anonymous users see', () => {
    const plan = simulate(ARTIFACTORY, 'https://acme.jfrog.io/artifactory/', { auth: 'Anonymous' })
    expect(plan.result.status).toBe('SUCCESS')
    expect(logOf(plan)).toContain('visible to anonymous users')
  })

  it('fails wrong credentials with 401 Bad credentials, although the ping passed', () => {
    const plan = simulate(ARTIFACTORY, 'https://acme.jfrog.io/artifactory', { auth: WRONG_AUTH })
    expect(plan.result.failureKind).toBe('BAD_CREDENTIALS')
    expect(plan.result.errorSummary).toBe('Authentication Failed (Request to server failed with status code: 401)')
    expect(plan.result.hints).toContain('The server could have failed authenticate. Please check your credentials')
    expect(plan.result.explanations).toContain(
      'Request to server failed with status code: 401 with message - Bad credentials',
    )
    expect(logOf(plan)).toContain('200 OK "OK" (the ping accepts any caller')
  })
})

describe('Artifactory without its context path', () => {
  it.each(['https://acme.jfrog.io', 'https://acme.jfrog.io/', 'https://acme.jfrog.io/ui'])(
    '%s answers 404 with the hint to append /artifactory',
    (url) => {
      const plan = simulate(ARTIFACTORY, url)
      expect(plan.result.failureKind).toBe('NOT_FOUND')
      expect(plan.result.errorSummary).toBe('Not Found (Artifactory Server responded with Not Found.)')
      expect(plan.result.hints?.[0]).toContain('usually ending in /artifactory')
      expect(plan.result.hints?.join(' ')).toContain('Use https://acme.jfrog.io')
    },
  )

  it('names the exact URL to use', () => {
    const plan = simulate(ARTIFACTORY, 'https://acme.jfrog.io')
    expect(plan.result.hints?.[1]).toContain('Use https://acme.jfrog.io/artifactory')
  })
})

describe('Artifactory against servers of other kinds', () => {
  it.each([
    ['https://index.docker.io/v2/', 'Docker Hub'],
    ['https://nexus2.acme.test/nexus', 'Sonatype Nexus Repository 2'],
  ])('%s is not an Artifactory server', (url, name) => {
    const plan = simulate(ARTIFACTORY, url)
    expect(plan.result.failureKind).toBe('WRONG_SERVER')
    expect(plan.result.errorSummary).toBe(`Not an Artifactory server (${url.replace(/\/$/, '')} is ${name})`)
  })
})

describe('Nexus 3 at https://nexus.acme.test', () => {
  it('succeeds with Version 3.x through GET /service/rest/v1/repositories', () => {
    const plan = simulate(NEXUS, 'https://nexus.acme.test', { settings: { version: '3.x' } })
    expect(plan.result.status).toBe('SUCCESS')
    expect(logOf(plan)).toContain(
      'GET https://nexus.acme.test/service/rest/v1/repositories (Authorization: Basic, user demo) (Accept: application/json) → 200 OK',
    )
  })

  it('succeeds anonymously', () => {
    expect(simulate(NEXUS, 'https://nexus.acme.test', { auth: 'Anonymous' }).result.status).toBe('SUCCESS')
  })

  it("fails wrong credentials with Nexus's BASIC realm and Harness texts", () => {
    const plan = simulate(NEXUS, 'https://nexus.acme.test', { auth: WRONG_AUTH })
    expect(plan.result.failureKind).toBe('BAD_CREDENTIALS')
    expect(plan.result.errorSummary).toBe('Authentication Failed (Invalid Nexus credentials)')
    expect(plan.result.hints).toContain('Update the connector credentials with correct values')
    expect(logOf(plan)).toContain('WWW-Authenticate: BASIC realm="Sonatype Nexus Repository Manager"')
  })

  it('with Version 2.x fails as invalid details and says to choose 3.x', () => {
    const plan = simulate(NEXUS, 'https://nexus.acme.test', { settings: { version: '2.x' } })
    expect(plan.result.failureKind).toBe('INVALID_DETAILS')
    expect(plan.result.errorSummary).toBe('Invalid Connector Details (Invalid Nexus connector details)')
    expect(plan.result.hints?.[0]).toBe(NEXUS_HINT)
    expect(plan.result.hints?.[1]).toContain('choose Version 3.x')
    expect(logOf(plan)).toContain('GET https://nexus.acme.test/service/local/status')
  })

  it('with a /nexus context path says Nexus 3 has none', () => {
    const plan = simulate(NEXUS, 'https://nexus.acme.test/nexus')
    expect(plan.result.failureKind).toBe('INVALID_DETAILS')
    expect(plan.result.hints?.join(' ')).toContain('without a context path: use https://nexus.acme.test')
  })
})

describe('Nexus 2 at https://nexus2.acme.test/nexus', () => {
  it('succeeds with Version 2.x after checking the status is STARTED', () => {
    const plan = simulate(NEXUS, 'https://nexus2.acme.test/nexus', { settings: { version: '2.x' } })
    expect(plan.result.status).toBe('SUCCESS')
    const log = logOf(plan)
    expect(log).toContain('GET https://nexus2.acme.test/nexus/service/local/status')
    expect(log).toContain('"state":"STARTED"')
    expect(log).toContain('GET https://nexus2.acme.test/nexus/service/local/repositories')
  })

  it('succeeds anonymously and rejects wrong credentials', () => {
    expect(
      simulate(NEXUS, 'https://nexus2.acme.test/nexus', { auth: 'Anonymous', settings: { version: '2.x' } }).result
        .status,
    ).toBe('SUCCESS')
    expect(
      simulate(NEXUS, 'https://nexus2.acme.test/nexus', { auth: WRONG_AUTH, settings: { version: '2.x' } }).result
        .failureKind,
    ).toBe('BAD_CREDENTIALS')
  })

  it('with Version 3.x fails as invalid details and says to choose 2.x', () => {
    const plan = simulate(NEXUS, 'https://nexus2.acme.test/nexus', { settings: { version: '3.x' } })
    expect(plan.result.failureKind).toBe('INVALID_DETAILS')
    expect(plan.result.hints?.[0]).toBe(NEXUS_HINT)
    expect(plan.result.hints?.[1]).toContain('choose Version 2.x')
  })

  it('without /nexus fails as invalid details with the context path hint', () => {
    const plan = simulate(NEXUS, 'https://nexus2.acme.test', { settings: { version: '2.x' } })
    expect(plan.result.failureKind).toBe('INVALID_DETAILS')
    expect(plan.result.hints?.join(' ')).toContain('usually /nexus: use https://nexus2.acme.test/nexus')
  })
})

describe('Nexus against servers of other kinds', () => {
  it('a Docker registry is not a Nexus server', () => {
    const plan = simulate(NEXUS, 'https://registry.acme.test:5000')
    expect(plan.result.failureKind).toBe('WRONG_SERVER')
    expect(plan.result.errorSummary).toBe(
      'Not a Nexus server (https://registry.acme.test:5000 is a registry:2 (CNCF Distribution) server)',
    )
    expect(plan.result.hints?.[0]).toContain('use a Docker Registry connector or an OCI Helm Registry connector')
  })

  it('Artifactory is not a Nexus server', () => {
    expect(simulate(NEXUS, 'https://acme.jfrog.io/artifactory').result.failureKind).toBe('WRONG_SERVER')
  })
})
