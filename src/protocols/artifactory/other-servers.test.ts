// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runConnectionCheck } from '../../delegate-agent/checks/run-check'
import { server as mockNetwork } from '../../demo-backend/node-mock-backend'
import { startArtifactoryFixture } from '../../test/registry-servers/artifactory-fixture'
import { checkTask, TEST_PASSWORD, TEST_USERNAME } from '../../test/registry-servers/check-task'
import { startStatusServer } from '../../test/registry-servers/fault-servers'
import { startHelmRepo } from '../../test/registry-servers/helm-repo-server'
import { htmlPage, startHttpFixture, type TestHttpServer } from '../../test/registry-servers/http-fixture'
import { startNexusFixture } from '../../test/registry-servers/nexus-fixture'

// An Artifactory or Nexus connector pointed at another kind of server says what the server is,
// from what it answers: a Helm repository's index.yaml, a registry's /v2/, the other product's
// status API. Static Helm repositories are real Node servers; Artifactory and Nexus are fixtures
// (src/test/registry-servers), and so is a registry behind a front server that names nothing.

const credentials = { username: TEST_USERNAME, password: TEST_PASSWORD }
const NEXUS_3 = { settings: { version: '3.x' } }
const NEXUS_2 = { settings: { version: '2.x' } }

/** A registry behind a front server (Harbor's nginx): only /v2/ says what it is. */
function startRegistryBehindFront(): Promise<TestHttpServer> {
  return startHttpFixture((request, response) => {
    if (new URL(request.url ?? '/', 'http://front').pathname === '/v2/') {
      response.writeHead(401, {
        'Docker-Distribution-Api-Version': 'registry/2.0',
        'WWW-Authenticate': 'Bearer realm="http://127.0.0.1/service/token",service="harbor-registry"',
        'Content-Type': 'application/json',
      })
      return void response.end('{"errors":[{"code":"UNAUTHORIZED","message":"unauthorized to access repository"}]}')
    }
    htmlPage(response, 404, { Server: 'nginx' })
  })
}

describe('Artifactory and Nexus connectors pointed at other servers', () => {
  let publicHelm: TestHttpServer
  let privateHelm: TestHttpServer
  let registry: TestHttpServer
  let artifactoryWithHelm: TestHttpServer
  let anonymousArtifactory: TestHttpServer
  let anonymousNexus: TestHttpServer
  let nothing: TestHttpServer

  beforeAll(async () => {
    mockNetwork.close()
    ;[publicHelm, privateHelm, registry, artifactoryWithHelm, anonymousArtifactory, anonymousNexus, nothing] =
      await Promise.all([
        startHelmRepo(),
        startHelmRepo({ credentials }),
        startRegistryBehindFront(),
        startArtifactoryFixture({ credentials, helmRepository: 'charts' }),
        startArtifactoryFixture({ credentials, productHeaders: false }),
        startNexusFixture({ version: 3, credentials, serverHeader: false }),
        startStatusServer(404),
      ])
  })

  afterAll(() =>
    Promise.all(
      [publicHelm, privateHelm, registry, artifactoryWithHelm, anonymousArtifactory, anonymousNexus, nothing].map(
        (server) => server?.stop(),
      ),
    ),
  )

  it.each([
    ['public', () => publicHelm],
    ['private', () => privateHelm],
  ])('Artifactory at a %s HTTP Helm repository says it is one, and what to do', async (_, repo) => {
    const { url } = repo()
    const outcome = await runConnectionCheck(checkTask('Artifactory', url))

    expect(outcome.result).toMatchObject({
      failureKind: 'WRONG_SERVER',
      errorSummary: `Not an Artifactory server (${url} is an HTTP Helm repository)`,
    })
    expect(outcome.result.hints?.[0]).toBe(
      `${url} is an HTTP Helm repository: use an HTTP Helm connector for it, or enter the Artifactory base URL, which ends in /artifactory.`,
    )
    expect(outcome.result.explanations).toContain(
      `GET ${url}/index.yaml answered 200 OK: a Helm repository index of 1 chart.`,
    )
    expect(JSON.stringify(outcome.result)).not.toMatch(/responded with Not Found|Use .*\/artifactory:/)
    expect(outcome.stages.at(-1)?.log.join('\n')).toContain(
      `GET ${url}/index.yaml (Authorization: Basic, user demo) → 200 OK`,
    )
  })

  it.each([
    ['3.x', NEXUS_3, 'public', () => publicHelm],
    ['2.x', NEXUS_2, 'public', () => publicHelm],
    ['3.x', NEXUS_3, 'private', () => privateHelm],
  ] as const)('Nexus (Version %s) at a %s HTTP Helm repository says it is one', async (_, options, __, repo) => {
    const { url } = repo()
    const outcome = await runConnectionCheck(checkTask('Nexus', url, options))

    expect(outcome.result).toMatchObject({
      failureKind: 'WRONG_SERVER',
      errorSummary: `Not a Nexus server (${url} is an HTTP Helm repository)`,
    })
    expect(outcome.result.hints?.[0]).toBe(
      `${url} is an HTTP Helm repository: use an HTTP Helm connector for it, or enter the base URL of your Nexus server (the server root for Nexus 3, usually ending in /nexus for Nexus 2).`,
    )
    expect(JSON.stringify(outcome.result)).not.toMatch(/Invalid Nexus connector details|Nexus responded with/)
  })

  it.each([
    ['Artifactory', {}, 'Not an Artifactory server'],
    ['Nexus', NEXUS_3, 'Not a Nexus server'],
  ] as const)(
    '%s at a registry whose front server names nothing: /v2/ says it is a Docker registry',
    async (type, options, category) => {
      const outcome = await runConnectionCheck(checkTask(type, registry.url, options))

      expect(outcome.result).toMatchObject({
        failureKind: 'WRONG_SERVER',
        errorSummary: `${category} (${registry.url} is a Docker registry)`,
      })
      expect(outcome.result.hints?.[0]).toContain(
        'use a Docker Registry connector or an OCI Helm Registry connector for it',
      )
      expect(outcome.result.explanations).toContain(
        `GET ${registry.url}/v2/ answered 401 Unauthorized: Docker-Distribution-Api-Version: registry/2.0.`,
      )
    },
  )

  it('Artifactory at a Helm repository that Artifactory hosts names the Artifactory base URL', async () => {
    const url = `${artifactoryWithHelm.url}/artifactory/api/helm/charts`
    const outcome = await runConnectionCheck(checkTask('Artifactory', url))

    expect(outcome.result).toMatchObject({
      failureKind: 'WRONG_SERVER',
      errorSummary: `Not an Artifactory server (${url} is an HTTP Helm repository in JFrog Artifactory)`,
    })
    expect(outcome.result.hints).toContain(
      `For an Artifactory connector to this server, use ${artifactoryWithHelm.url}/artifactory.`,
    )
  })

  it('Nexus at Artifactory without its product headers: the ping says it is Artifactory', async () => {
    const url = `${anonymousArtifactory.url}/artifactory`
    const outcome = await runConnectionCheck(checkTask('Nexus', url, NEXUS_3))

    expect(outcome.result).toMatchObject({
      failureKind: 'WRONG_SERVER',
      errorSummary: `Not a Nexus server (${url} is JFrog Artifactory)`,
    })
    expect(outcome.result.hints?.[0]).toContain('use an Artifactory connector for it')
  })

  it('Artifactory at Nexus 3 without its Server header: the status API says it is Nexus 3', async () => {
    const outcome = await runConnectionCheck(checkTask('Artifactory', anonymousNexus.url))

    expect(outcome.result).toMatchObject({
      failureKind: 'WRONG_SERVER',
      errorSummary: `Not an Artifactory server (${anonymousNexus.url} is Sonatype Nexus Repository 3)`,
    })
    expect(outcome.result.hints?.[0]).toContain('use a Nexus connector (Version 3.x) for it')
  })

  it('a web server that is none of these still gets the Artifactory 404 texts', async () => {
    const outcome = await runConnectionCheck(checkTask('Artifactory', nothing.url))

    expect(outcome.result).toMatchObject({
      failureKind: 'NOT_FOUND',
      errorSummary: 'Not Found (Artifactory Server responded with Not Found.)',
    })
    expect(outcome.result.hints).toContain(
      `Use ${nothing.url}/artifactory: Artifactory serves its API under its context path.`,
    )
  })
})
