// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runConnectionCheck } from '../../delegate-agent/checks/run-check'
import { server as mockNetwork } from '../../demo-backend/node-mock-backend'
import { checkTask, TEST_PASSWORD, TEST_USERNAME } from '../../test/registry-servers/check-task'
import { pushDemoChart } from '../../test/registry-servers/oci-push'
import { registrySuiteTitle, startRegistry, type TestRegistry } from '../../test/registry-servers/registry-server'
import { startTokenServer, type TestTokenServer } from '../../test/registry-servers/token-server'

// A real docker-registry with token auth and a Node token server (docs/reference/live-servers.md §3), holding
// a Helm chart pushed through the distribution API (§5).

const CHART_PATH = 'charts/demo-chart'

describe(registrySuiteTitle('Bearer token and OCI Helm checks against docker-registry with token auth'), () => {
  let tokens: TestTokenServer
  let registry: TestRegistry
  let host: string

  beforeAll(async () => {
    mockNetwork.close()
    tokens = await startTokenServer({ username: TEST_USERNAME, password: TEST_PASSWORD })
    registry = await startRegistry({
      auth: {
        token: {
          realm: tokens.realm,
          service: tokens.service,
          issuer: tokens.issuer,
          rootCertBundle: tokens.rootCertBundle,
        },
      },
    })
    host = `127.0.0.1:${registry.port}`
    await pushDemoChart({
      registry: registry.url,
      repository: CHART_PATH,
      authorization: `Bearer ${tokens.issue(`repository:${CHART_PATH}:pull,push`)}`,
    })
  })

  afterAll(async () => {
    await registry?.stop()
    await tokens?.stop()
  })

  it('follows the Bearer challenge: token from the realm with the credentials, then /v2/ with the token', async () => {
    const outcome = await runConnectionCheck(
      checkTask('DockerRegistry', registry.url, { settings: { providerType: 'Other' } }),
    )

    expect(outcome.result).toEqual({ status: 'SUCCESS' })
    const log = outcome.stages[2]?.log.join('\n') ?? ''
    expect(log).toContain(`GET ${registry.url}/v2/ (Authorization: Basic, user demo) → 401 Unauthorized`)
    expect(log).toContain(`Www-Authenticate: Bearer realm="${tokens.realm}",service="${tokens.service}"`)
    expect(log).toMatch(
      new RegExp(
        `GET ${tokens.realm}\\?service=${tokens.service} \\(Authorization: Basic, user demo\\) → 200 OK \\(token received, expires in 300 s\\)`,
      ),
    )
    expect(log).toContain(`GET ${registry.url}/v2/ (Authorization: Bearer <token>) → 200 OK`)
    expect(log).not.toMatch(/eyJ[\w-]+\.[\w-]+/)
    expect(JSON.stringify(outcome)).not.toContain(TEST_PASSWORD)
  })

  it('fails as bad credentials when the token server refuses the password', async () => {
    const outcome = await runConnectionCheck(
      checkTask('DockerRegistry', registry.url, { settings: { providerType: 'Other' }, password: 'wrong-one' }),
    )

    expect(outcome.result).toMatchObject({
      failureKind: 'BAD_CREDENTIALS',
      errorSummary: 'Authentication Failed (Invalid Docker Registry credentials)',
    })
    expect(outcome.stages[2]?.log.join('\n')).toMatch(
      /GET \S+\/token\?service=\S+ \(Authorization: Basic, user demo\) → 401 Unauthorized/,
    )
  })

  it('passes the OCI Helm check for the pushed chart, asking a pull token for its path', async () => {
    const outcome = await runConnectionCheck(checkTask('OciHelmRepo', `oci://${host}/${CHART_PATH}`))

    expect(outcome.result).toEqual({ status: 'SUCCESS' })
    expect(outcome.stages.map((stage) => stage.title)).toEqual([
      'Resolve the password secret',
      `Check that ${host} is reachable`,
      'Validating OCI Helm registry (helm registry login)',
    ])
    const log = outcome.stages[2]?.log.join('\n') ?? ''
    // Loopback registries may speak plain HTTP, as docker and helm allow.
    expect(log).toContain(`GET https://${host}/v2/ (no credentials) → `)
    expect(log).toContain(`GET http://${host}/v2/ (no credentials) → 401 Unauthorized`)
    expect(log).toContain(`scope=${encodeURIComponent(`repository:${CHART_PATH}:pull`)}`)
    expect(log).toContain('Login Succeeded')
  })

  it('passes for a chart path with nothing in it: helm registry login checks the host only', async () => {
    const outcome = await runConnectionCheck(checkTask('OciHelmRepo', `${host}/charts/not-pushed`))

    expect(outcome.result).toEqual({ status: 'SUCCESS' })
    expect(outcome.stages[2]?.log).toContain(
      `helm registry login uses only the host ${host}; charts will be pulled from oci://${host}/charts/not-pushed`,
    )
  })

  it('fails the OCI Helm check as bad credentials with helm login error text', async () => {
    const outcome = await runConnectionCheck(
      checkTask('OciHelmRepo', `${host}/${CHART_PATH}`, { password: 'nope-nope' }),
    )

    expect(outcome.result).toMatchObject({
      failureKind: 'BAD_CREDENTIALS',
      errorSummary: `Authentication Failed (Get "http://${host}/v2/": unauthorized: invalid credentials)`,
    })
    expect(outcome.result.hints?.[0]).toBe('Update the username & password')
  })
})
