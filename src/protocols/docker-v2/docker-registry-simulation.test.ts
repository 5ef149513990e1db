import { describe, expect, it } from 'vitest'
import { logOf, simulate, stageTitles, WRONG_AUTH } from '../../backend/simulator/test-fixtures'
import { ECR_EXPIRED_TOKEN_SECRET, ECR_TOKEN_SECRET } from '../kit/simulated-servers'

const DOCKER = 'DockerRegistry'
const ECR = 'https://123456789012.dkr.ecr.us-west-2.amazonaws.com'
const docker = (url: string, options: Parameters<typeof simulate>[2] = {}) => simulate(DOCKER, url, options)

describe('Docker Registry against Docker Hub (Bearer token auth)', () => {
  it('succeeds with demo credentials through the 401 challenge, the token and the retried /v2/', () => {
    const plan = docker('https://index.docker.io/v2/')
    expect(plan.result.status).toBe('SUCCESS')
    expect(stageTitles(plan)).toEqual([
      'Assign a delegate',
      'Resolve the password secret',
      'Check that https://index.docker.io/v2/ is reachable',
      'Validating Docker Registry authentication and permissions',
    ])
    const log = logOf(plan)
    expect(log).toContain('Www-Authenticate: Bearer realm="https://auth.docker.io/token",service="registry.docker.io"')
    expect(log).toContain('GET https://auth.docker.io/token?service=registry.docker.io')
    expect(log).toMatch(/GET https:\/\/index\.docker\.io\/v2\/ \(Authorization: Bearer <token>\) → 200 OK/)
  })

  it.each(['https://index.docker.io', 'https://INDEX.docker.io/v2', 'https://index.docker.io/v2//'])(
    'tolerates %s (case, trailing slashes, optional /v2)',
    (url) => {
      expect(docker(url).result.status).toBe('SUCCESS')
    },
  )

  it('allows anonymous pulls and notes the rate limit', () => {
    const plan = docker('https://index.docker.io/v2/', { auth: 'Anonymous' })
    expect(plan.result.status).toBe('SUCCESS')
    expect(stageTitles(plan)).not.toContain('Resolve the password secret')
    expect(logOf(plan)).toContain('rate limited')
  })

  it('fails wrong credentials at the token server with Harness texts', () => {
    const plan = docker('https://index.docker.io/v2/', { auth: WRONG_AUTH })
    expect(plan.result.failureKind).toBe('BAD_CREDENTIALS')
    expect(plan.result.errorSummary).toBe('Authentication Failed (Invalid Docker Registry credentials)')
    expect(plan.result.errors).toEqual([
      { reason: 'Invalid Credentials', message: 'Invalid Docker Registry credentials', code: 470 },
    ])
    expect(plan.result.hints).toContain('Update the username & password')
    expect(logOf(plan)).toContain('incorrect username or password')
  })

  it('rejects another username even with the right password', () => {
    const plan = docker('https://index.docker.io/v2/', { auth: { username: 'Demo', passwordRef: 'demo_password' } })
    expect(plan.result.failureKind).toBe('BAD_CREDENTIALS')
  })
})

describe('Docker Registry against Harbor (anonymous refused)', () => {
  it('with Provider Type Harbor pings /api/v2.0/ping and lists /api/v2.0/projects', () => {
    const plan = docker('https://harbor.acme.test', { settings: { providerType: 'Harbor' } })
    expect(plan.result.status).toBe('SUCCESS')
    const log = logOf(plan)
    expect(log).toContain('GET https://harbor.acme.test/api/v2.0/ping → 200 OK "Pong"')
    expect(log).toContain('GET https://harbor.acme.test/api/v2.0/projects (Authorization: Basic, user demo) → 200 OK')
  })

  it("with another Provider Type goes through GET /v2/ and Harbor's token service", () => {
    const plan = docker('https://harbor.acme.test', { settings: { providerType: 'Other' } })
    expect(plan.result.status).toBe('SUCCESS')
    expect(logOf(plan)).toContain('realm="https://harbor.acme.test/service/token",service="harbor-registry"')
  })

  it('reports an anonymous Harbor connector as a failure, where Harness would only check reachability', () => {
    const plan = docker('https://harbor.acme.test', { auth: 'Anonymous', settings: { providerType: 'Harbor' } })
    expect(plan.result.failureKind).toBe('CREDENTIALS_REQUIRED')
    expect(plan.result.hints).toContain('No Harbor projects found.')
    expect(plan.result.hints?.join(' ')).toContain('Choose Username and Password under Authentication')
  })

  it('fails anonymous GET /v2/ with a hint to use credentials', () => {
    const plan = docker('https://harbor.acme.test', { auth: 'Anonymous', settings: { providerType: 'Other' } })
    expect(plan.result.failureKind).toBe('CREDENTIALS_REQUIRED')
    expect(plan.result.errorSummary).toBe(
      'Authentication Failed (harbor.acme.test requires credentials: anonymous pull denied)',
    )
    expect(plan.result.explanations?.join(' ')).toContain(
      'Harness itself only checks that an anonymous Docker Registry URL is reachable',
    )
  })

  it('fails wrong credentials against Harbor projects', () => {
    const plan = docker('https://harbor.acme.test', { auth: WRONG_AUTH, settings: { providerType: 'Harbor' } })
    expect(plan.result.failureKind).toBe('BAD_CREDENTIALS')
    expect(logOf(plan)).toContain('401 Unauthorized')
  })

  it('says which Provider Type to choose when Harbor is chosen for Docker Hub', () => {
    const plan = docker('https://index.docker.io/v2/', { settings: { providerType: 'Harbor' } })
    expect(plan.result.failureKind).toBe('INVALID_DETAILS')
    expect(plan.result.hints?.[0]).toContain('Choose Provider Type DockerHub')
    expect(logOf(plan)).toContain('GET https://index.docker.io/api/v2.0/ping → 404 Not Found')
  })
})

describe('Docker Registry against Quay and registry:2', () => {
  it('Quay succeeds with credentials and anonymously', () => {
    expect(docker('https://quay.io', { settings: { providerType: 'Quay' } }).result.status).toBe('SUCCESS')
    expect(docker('https://quay.io', { auth: 'Anonymous' }).result.status).toBe('SUCCESS')
    expect(logOf(docker('https://quay.io'))).toContain('realm="https://quay.io/v2/auth",service="quay.io"')
  })

  it('Quay rejects wrong credentials', () => {
    expect(docker('https://quay.io', { auth: WRONG_AUTH }).result.failureKind).toBe('BAD_CREDENTIALS')
  })

  it('registry:2 accepts Basic credentials on the first GET /v2/', () => {
    const plan = docker('https://registry.acme.test:5000', { settings: { providerType: 'Other' } })
    expect(plan.result.status).toBe('SUCCESS')
    expect(logOf(plan)).toMatch(
      /GET https:\/\/registry\.acme\.test:5000\/v2\/ \(Authorization: Basic, user demo\) → 200 OK/,
    )
  })

  it('registry:2 refuses anonymous with a Basic challenge', () => {
    const plan = docker('https://registry.acme.test:5000', { auth: 'Anonymous' })
    expect(plan.result.failureKind).toBe('CREDENTIALS_REQUIRED')
    expect(logOf(plan)).toContain('Www-Authenticate: Basic realm="Registry Realm"')
  })

  it('registry:2 rejects wrong credentials twice (/v2 then /v2/), as Harness retries', () => {
    const plan = docker('https://registry.acme.test:5000', { auth: WRONG_AUTH })
    expect(plan.result.failureKind).toBe('BAD_CREDENTIALS')
    expect(logOf(plan)).toContain('"code":"UNAUTHORIZED","message":"authentication required"')
  })

  it('a path under a registry is not a Docker v2 URL', () => {
    const plan = docker('https://registry.acme.test:5000/charts')
    expect(plan.result.failureKind).toBe('NOT_FOUND')
    expect(plan.result.errorSummary).toBe('Not Found (Invalid Docker Registry URL)')
    expect(plan.result.hints).toContain('Check with your registry provider for a Docker v2 compliant URL')
    expect(plan.result.hints?.join(' ')).toContain('use https://registry.acme.test:5000')
  })
})

describe('Docker Registry against Amazon ECR', () => {
  it('succeeds with username AWS and a token updated less than 12 hours ago', () => {
    const plan = docker(ECR, { auth: { username: 'AWS', passwordRef: ECR_TOKEN_SECRET } })
    expect(plan.result.status).toBe('SUCCESS')
    expect(logOf(plan)).toMatch(/\(Authorization: Basic, user AWS\) → 200 OK/)
  })

  it("fails an expired token with AWS's text and a get-login-password hint", () => {
    const plan = docker(ECR, { auth: { username: 'AWS', passwordRef: ECR_EXPIRED_TOKEN_SECRET } })
    expect(plan.result.failureKind).toBe('EXPIRED_TOKEN')
    expect(plan.result.errorSummary).toBe(
      'Authentication Failed (denied: Your authorization token has expired. Reauthenticate and try again.)',
    )
    expect(plan.result.hints?.[0]).toContain('aws ecr get-login-password --region us-west-2')
    expect(plan.result.hints?.[0]).toContain(ECR_EXPIRED_TOKEN_SECRET)
    expect(plan.result.explanations?.[0]).toContain('13 h ago')
  })

  it('refuses a username other than AWS, even with a fresh token', () => {
    const plan = docker(ECR, { auth: { username: 'demo', passwordRef: ECR_TOKEN_SECRET } })
    expect(plan.result.failureKind).toBe('BAD_CREDENTIALS')
    expect(plan.result.hints?.join(' ')).toContain('Set the username to AWS')
  })

  it("refuses anonymous access with ECR's Basic challenge", () => {
    const plan = docker(ECR, { auth: 'Anonymous' })
    expect(plan.result.failureKind).toBe('CREDENTIALS_REQUIRED')
    expect(logOf(plan)).toContain(`Www-Authenticate: Basic realm="${ECR}/",service="ecr.amazonaws.com"`)
  })
})

describe('Docker Registry against servers of other kinds', () => {
  it.each([
    ['https://nexus.acme.test', 'Sonatype Nexus Repository 3', 'a Nexus connector (Version 3.x)'],
    ['https://acme.jfrog.io/artifactory', 'JFrog Artifactory', 'an Artifactory connector'],
    ['https://charts.acme.test/stable', 'a public HTTP Helm repository', 'an HTTP Helm connector'],
  ])('%s is not a Docker Registry server', (url, name, use) => {
    const plan = docker(url)
    expect(plan.result.failureKind).toBe('WRONG_SERVER')
    expect(plan.result.errorSummary).toBe(`Not a Docker Registry server (${url} is ${name})`)
    expect(plan.result.hints?.[0]).toContain(`use ${use}`)
    expect(plan.result.explanations?.[0]).toContain('/v2/ answered 404 Not Found')
  })
})
