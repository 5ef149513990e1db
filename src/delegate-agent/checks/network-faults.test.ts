// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { server as mockNetwork } from '../../demo-backend/node-mock-backend'
import { checkTask, TEST_PASSWORD } from '../../test/registry-servers/check-task'
import { startRedirectServer, startSilentServer, startStatusServer } from '../../test/registry-servers/fault-servers'
import { startHelmRepo } from '../../test/registry-servers/helm-repo-server'
import type { TestHttpServer } from '../../test/registry-servers/http-fixture'
import { closedPort, type TestServer } from '../../test/registry-servers/server-kit'
import { runConnectionCheck } from './run-check'

// Faults on loopback: a closed port, a name that cannot resolve, a server that never answers,
// a 503, a cancel, and a redirect to another host.

const docker = (url: string) => checkTask('DockerRegistry', url, { settings: { providerType: 'Other' } })

describe('network faults', () => {
  let silent: TestServer
  let unavailable: TestHttpServer
  let publicRepo: TestHttpServer
  let redirecting: TestHttpServer

  beforeAll(async () => {
    mockNetwork.close()
    ;[silent, unavailable, publicRepo] = await Promise.all([
      startSilentServer(),
      startStatusServer(503),
      startHelmRepo(),
    ])
    redirecting = await startRedirectServer(publicRepo.url)
  })

  afterAll(() => Promise.all([silent, unavailable, publicRepo, redirecting].map((server) => server?.stop())))

  it('a closed port fails as connection refused in the reachability stage', async () => {
    const port = await closedPort()
    const outcome = await runConnectionCheck(docker(`http://127.0.0.1:${port}`))

    expect(outcome.result).toMatchObject({
      failureKind: 'CONNECTION_REFUSED',
      errorSummary: `Connection Refused (Could not reach Docker Registry at http://127.0.0.1:${port}/v2)`,
    })
    expect(outcome.result.hints).toContain(
      `Check the port (${port}) and that the server is running: nothing accepts connections on 127.0.0.1:${port}.`,
    )
    expect(outcome.stages.at(-1)).toMatchObject({
      title: `Check that http://127.0.0.1:${port} is reachable`,
      status: 'failed',
    })
    expect(outcome.stages.at(-1)?.log[0]).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/v2 \(no credentials\) → connect ECONNREFUSED/,
    )
  })

  it('a host name that cannot resolve fails as unknown host', async () => {
    const outcome = await runConnectionCheck(docker('https://registry.does-not-exist.invalid'), {
      delegateName: 'delegate-east',
    })

    expect(outcome.result).toMatchObject({
      failureKind: 'DNS',
      errorSummary: 'Unknown Host (Could not reach Docker Registry at https://registry.does-not-exist.invalid/v2)',
    })
    expect(outcome.result.hints?.[1]).toBe(
      "Check the host name registry.does-not-exist.invalid: it does not resolve from delegate-east. If it is an internal name, check the delegate's DNS settings.",
    )
    expect(outcome.stages.at(-1)?.log[0]).toContain('ENOTFOUND')
  })

  it('a server that never answers fails as a timeout naming the stage and the request', async () => {
    const outcome = await runConnectionCheck(checkTask('HttpHelmRepo', silent.url), { connectTimeoutMs: 200 })

    expect(outcome.result.failureKind).toBe('TIMEOUT')
    expect(outcome.result.errorSummary).toBe(
      `Connection Timed Out (GET ${silent.url}/index.yaml got no answer within 0.2 s (Validating HTTP Helm repository (helm repo add)))`,
    )
    expect(outcome.result.hints?.join(' ')).toContain('Check firewalls and proxies')
    expect(outcome.stages.map((stage) => stage.status)).toEqual(['passed', 'passed', 'failed'])
  })

  it("the whole test's limit ends a wait that the per-request limit would allow", async () => {
    const outcome = await runConnectionCheck(docker(silent.url), { connectTimeoutMs: 10_000, totalTimeoutMs: 300 })

    expect(outcome.result.failureKind).toBe('TIMEOUT')
    expect(outcome.result.errorSummary).toBe(
      `Connection Timed Out (GET ${silent.url}/v2 got no answer within 0.3 s (Check that ${silent.url} is reachable))`,
    )
    expect(outcome.result.explanations).toContain(
      `The test stopped after 0.3 s, its limit, while "Check that ${silent.url} is reachable" waited for GET ${silent.url}/v2.`,
    )
  })

  it('a 503 passes the reachability check and fails the client call as a server error', async () => {
    const outcome = await runConnectionCheck(docker(unavailable.url))

    expect(outcome.result).toMatchObject({
      failureKind: 'SERVER_ERROR',
      errorSummary: 'Server Error (Server responded with the following error code - 503)',
    })
    expect(outcome.stages.map((stage) => stage.status)).toEqual(['passed', 'passed', 'failed'])
    expect(outcome.stages[1]?.log.join('\n')).toContain(
      // The status and the header that explains it; never the body of a server of unknown kind.
      '503 Service Unavailable, Content-Type: text/html (reachable: this check fails only on 400 or a network error)',
    )
    expect(outcome.result.hints?.join(' ')).toContain('Retry in a few minutes')
  })

  it('cancel aborts the request in flight and rejects with the signal reason', async () => {
    const controller = new AbortController()
    const running = runConnectionCheck(docker(silent.url), {
      connectTimeoutMs: 60_000,
      totalTimeoutMs: 60_000,
      signal: controller.signal,
      onStageStarted: (_index, title) => {
        if (title.startsWith('Check that')) setTimeout(() => controller.abort(), 50)
      },
    })

    await expect(running).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('a redirect to another host drops the credentials, and the log says so', async () => {
    const outcome = await runConnectionCheck(checkTask('HttpHelmRepo', redirecting.url))

    expect(outcome.result).toEqual({ status: 'SUCCESS' })
    const log = outcome.stages[2]?.log ?? []
    expect(log[0]).toMatch(
      new RegExp(
        `^GET ${redirecting.url}/index.yaml \\(Authorization: Basic, user demo\\) → 302 Found, Location: ${publicRepo.url}/index.yaml`,
      ),
    )
    expect(log[1]).toBe(`Redirected to ${publicRepo.url}: credentials not sent`)
    expect(log[2]).toMatch(new RegExp(`^GET ${publicRepo.url}/index.yaml \\(no credentials\\) → 200 OK`))
    expect(redirecting.requests.at(-1)?.authorization).toBe('basic')
    expect(publicRepo.requests.at(-1)).toEqual({ method: 'GET', path: '/index.yaml', authorization: 'none' })
    expect(JSON.stringify(outcome)).not.toContain(TEST_PASSWORD)
  })
})
