import { describe, expect, it } from 'vitest'
import { logOf, simulate, stageTitles, WRONG_AUTH } from '../../backend/simulator/test-fixtures'
import { ECR_EXPIRED_TOKEN_SECRET, ECR_TOKEN_SECRET } from '../kit/simulated-servers'

const HTTP = 'HttpHelmRepo'
const OCI = 'OciHelmRepo'
const ECR_HOST = '123456789012.dkr.ecr.us-west-2.amazonaws.com'

describe('HTTP Helm against the public repository /stable', () => {
  it('adds the repository with helm repo add and GET index.yaml', () => {
    const plan = simulate(HTTP, 'https://charts.acme.test/stable')
    expect(plan.result.status).toBe('SUCCESS')
    expect(stageTitles(plan)).toEqual([
      'Assign a delegate',
      'Resolve the password secret',
      'Check that https://charts.acme.test/stable is reachable',
      'Validating HTTP Helm repository (helm repo add)',
    ])
    const log = logOf(plan)
    expect(log).toMatch(
      /\$ helm repo add [0-9a-f-]{36} https:\/\/charts\.acme\.test\/stable --username demo --password \*+/,
    )
    expect(log).toContain('GET https://charts.acme.test/stable/index.yaml (Authorization: Basic, user demo) → 200 OK')
  })

  it('succeeds anonymously', () => {
    expect(simulate(HTTP, 'https://charts.acme.test/stable', { auth: 'Anonymous' }).result.status).toBe('SUCCESS')
  })

  it('succeeds with wrong credentials, because a static public server ignores them, and says so', () => {
    const plan = simulate(HTTP, 'https://charts.acme.test/stable/', { auth: WRONG_AUTH })
    expect(plan.result.status).toBe('SUCCESS')
    expect(logOf(plan)).toContain('does not check credentials')
  })

  it('answers 404 for a path that holds no index.yaml, and lists the repositories on the host', () => {
    const plan = simulate(HTTP, 'https://charts.acme.test/incubator')
    expect(plan.result.failureKind).toBe('NOT_FOUND')
    expect(plan.result.errorSummary).toBe(
      'Not Found (failed to fetch https://charts.acme.test/incubator/index.yaml : 404 Not Found)',
    )
    expect(plan.result.explanations).toContain('No Index.yaml file found')
    expect(plan.result.hints?.join(' ')).toContain('https://charts.acme.test/stable, https://charts.acme.test/private')
  })
})

describe('HTTP Helm against the private repository /private', () => {
  it('succeeds with demo credentials', () => {
    expect(simulate(HTTP, 'https://charts.acme.test/private').result.status).toBe('SUCCESS')
  })

  it("fails wrong credentials with Harness's helm repo add message", () => {
    const plan = simulate(HTTP, 'https://charts.acme.test/private', { auth: WRONG_AUTH })
    expect(plan.result.failureKind).toBe('BAD_CREDENTIALS')
    expect(plan.result.errorSummary).toBe(
      'Authentication Failed (failed to fetch https://charts.acme.test/private/index.yaml : 401 Unauthorized)',
    )
    expect(plan.result.errors?.[0]?.message).toMatch(
      /^Failed to add helm repo\. Exit Code = \[1\]\. Executed command = \[helm repo add /,
    )
    expect(plan.result.errors?.[0]?.code).toBe(490)
    expect(plan.result.hints).toContain('Provide valid username/password for the helm repo')
  })

  it('fails anonymously as credentials required', () => {
    const plan = simulate(HTTP, 'https://charts.acme.test/private', { auth: 'Anonymous' })
    expect(plan.result.failureKind).toBe('CREDENTIALS_REQUIRED')
    expect(plan.result.hints?.join(' ')).toContain('refuses anonymous access')
  })
})

describe('HTTP Helm against servers of other kinds', () => {
  it('an OCI registry is not a chart repository and the hint points to OCI Helm', () => {
    const plan = simulate(HTTP, 'https://registry.acme.test:5000')
    expect(plan.result.failureKind).toBe('WRONG_SERVER')
    expect(plan.result.errorSummary).toMatch(/^Not a Helm chart repository \(/)
    expect(plan.result.hints?.join(' ')).toContain('OCI Helm Registry connector')
  })

  it('Nexus 3 is not a chart repository at its root', () => {
    const plan = simulate(HTTP, 'https://nexus.acme.test')
    expect(plan.result.failureKind).toBe('WRONG_SERVER')
    expect(plan.result.hints?.[0]).toContain('use a Nexus connector (Version 3.x)')
  })
})

describe('OCI Helm Registry against registry.acme.test:5000/charts', () => {
  it.each([
    'registry.acme.test:5000/charts',
    'oci://registry.acme.test:5000/charts',
    'OCI://Registry.Acme.Test:5000/charts/',
  ])('logs in with only the host for %s', (url) => {
    const plan = simulate(OCI, url)
    expect(plan.result.status).toBe('SUCCESS')
    expect(stageTitles(plan)).toContain('Check that registry.acme.test:5000 is reachable')
    const log = logOf(plan)
    expect(log).toMatch(/\$ helm registry login registry\.acme\.test:5000 --username demo --password \*+/)
    expect(log).toContain('GET https://registry.acme.test:5000/v2/ (no credentials) → 401 Unauthorized')
    expect(log).toContain('Login Succeeded')
  })

  it('fails wrong credentials with the helm registry login output', () => {
    const plan = simulate(OCI, 'oci://registry.acme.test:5000/charts', { auth: WRONG_AUTH })
    expect(plan.result.failureKind).toBe('BAD_CREDENTIALS')
    expect(plan.result.errorSummary).toBe(
      'Authentication Failed (login attempt to https://registry.acme.test:5000/v2/ failed with status: 401 Unauthorized)',
    )
    expect(plan.result.errors?.[0]?.message).toMatch(/^Failed to login to the helm OCI Registry repo\./)
  })

  it('fails an anonymous connector (possible through the API) as credentials required', () => {
    const plan = simulate(OCI, 'registry.acme.test:5000/charts', { auth: 'Anonymous' })
    expect(plan.result.failureKind).toBe('CREDENTIALS_REQUIRED')
  })
})

describe('OCI Helm Registry against other Docker v2 registries', () => {
  it.each([
    ['index.docker.io', 'auth.docker.io/token'],
    ['harbor.acme.test', 'harbor.acme.test/service/token'],
    ['quay.io', 'quay.io/v2/auth'],
  ])('logs in to %s through its Bearer token service', (host, realm) => {
    const plan = simulate(OCI, host)
    expect(plan.result.status).toBe('SUCCESS')
    expect(logOf(plan)).toContain(realm)
  })

  it('logs in to ECR with username AWS and a fresh token', () => {
    const plan = simulate(OCI, `oci://${ECR_HOST}`, { auth: { username: 'AWS', passwordRef: ECR_TOKEN_SECRET } })
    expect(plan.result.status).toBe('SUCCESS')
  })

  it('fails ECR with an expired token and tells how to renew it', () => {
    const plan = simulate(OCI, ECR_HOST, { auth: { username: 'AWS', passwordRef: ECR_EXPIRED_TOKEN_SECRET } })
    expect(plan.result.failureKind).toBe('EXPIRED_TOKEN')
    expect(plan.result.errorSummary).toBe(
      'Authentication Failed (denied: Your authorization token has expired. Reauthenticate and try again.)',
    )
    expect(plan.result.hints?.[0]).toContain('aws ecr get-login-password --region us-west-2')
  })

  it('Docker Hub rejects wrong credentials at its token server', () => {
    const plan = simulate(OCI, 'index.docker.io', { auth: WRONG_AUTH })
    expect(plan.result.failureKind).toBe('BAD_CREDENTIALS')
    expect(plan.result.errorSummary).toContain('unauthorized: incorrect username or password')
  })

  it.each([
    ['nexus.acme.test', 'Sonatype Nexus Repository 3'],
    ['charts.acme.test/stable', 'a public HTTP Helm repository'],
  ])('%s is not an OCI registry', (url, name) => {
    const plan = simulate(OCI, url)
    expect(plan.result.failureKind).toBe('WRONG_SERVER')
    expect(plan.result.errorSummary).toBe(`Not an OCI registry (${url.split('/')[0]} is ${name})`)
    expect(logOf(plan)).toContain('failed with status: 404 Not Found')
  })
})
