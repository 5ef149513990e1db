// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runConnectionCheck } from '../../delegate-agent/checks/run-check'
import { server as mockNetwork } from '../../demo-backend/node-mock-backend'
import { startArtifactoryFixture } from '../../test/registry-servers/artifactory-fixture'
import { checkTask, TEST_PASSWORD, TEST_USERNAME } from '../../test/registry-servers/check-task'
import type { TestHttpServer } from '../../test/registry-servers/http-fixture'
import { startNexusFixture } from '../../test/registry-servers/nexus-fixture'
import { NEXUS_VERSION_HINT } from '../nexus/simulated'
import { ARTIFACTORY_NOT_FOUND_HINT } from './simulated'

// Artifactory and Nexus cannot be installed here: these run against FIXTURE servers that replay
// the vendors' documented answers (src/test/registry-servers/artifactory-fixture.ts, nexus-fixture.ts).

const credentials = { username: TEST_USERNAME, password: TEST_PASSWORD }

describe('Artifactory and Nexus checks against fixture servers', () => {
  let artifactory: TestHttpServer
  let nexus3: TestHttpServer
  let nexus2: TestHttpServer
  let nexus3Down: TestHttpServer

  beforeAll(async () => {
    mockNetwork.close()
    ;[artifactory, nexus3, nexus2, nexus3Down] = await Promise.all([
      startArtifactoryFixture({ credentials, anonymousAccess: true }),
      startNexusFixture({ version: 3, credentials }),
      startNexusFixture({ version: 2, credentials }),
      startNexusFixture({ version: 3, credentials, unavailable: true }),
    ])
  })

  afterAll(() => Promise.all([artifactory, nexus3, nexus2, nexus3Down].map((server) => server?.stop())))

  it('Artifactory: the repository list proves the credentials', async () => {
    const outcome = await runConnectionCheck(checkTask('Artifactory', `${artifactory.url}/artifactory`))

    expect(outcome.result).toEqual({ status: 'SUCCESS' })
    const log = outcome.stages[2]?.log.join('\n') ?? ''
    expect(log).toContain(
      `GET ${artifactory.url}/artifactory/api/system/ping (Authorization: Basic, user demo) → 200 OK "OK"`,
    )
    expect(log).toContain(
      `GET ${artifactory.url}/artifactory/api/repositories (Authorization: Basic, user demo) → 200 OK (3 repositories)`,
    )
  })

  it('Artifactory: a wrong password fails with the server message', async () => {
    const outcome = await runConnectionCheck(
      checkTask('Artifactory', `${artifactory.url}/artifactory`, { password: 'wrong-password' }),
    )

    expect(outcome.result).toMatchObject({
      failureKind: 'BAD_CREDENTIALS',
      errorSummary: 'Authentication Failed (Request to server failed with status code: 401)',
    })
    expect(outcome.result.explanations?.[0]).toBe(
      'Request to server failed with status code: 401 with message - Bad credentials',
    )
  })

  it('Artifactory: the root URL answers 404 and the hint names /artifactory', async () => {
    const outcome = await runConnectionCheck(checkTask('Artifactory', artifactory.url))

    expect(outcome.result).toMatchObject({
      failureKind: 'NOT_FOUND',
      errorSummary: 'Not Found (Artifactory Server responded with Not Found.)',
      hints: [
        ARTIFACTORY_NOT_FOUND_HINT,
        `Use ${artifactory.url}/artifactory: Artifactory serves its API under its context path.`,
      ],
    })
  })

  it('Artifactory: anonymous access lists what anonymous users may see', async () => {
    const outcome = await runConnectionCheck(
      checkTask('Artifactory', `${artifactory.url}/artifactory`, { anonymous: true }),
    )

    expect(outcome.result).toEqual({ status: 'SUCCESS' })
    expect(outcome.stages.at(-1)?.log.join('\n')).toContain('(0 repositories visible to anonymous users)')
  })

  it('Nexus 3: status, then the repository list with the credentials', async () => {
    const outcome = await runConnectionCheck(checkTask('Nexus', nexus3.url, { settings: { version: '3.x' } }))

    expect(outcome.result).toEqual({ status: 'SUCCESS' })
    const log = outcome.stages[2]?.log.join('\n') ?? ''
    expect(log).toContain(`GET ${nexus3.url}/service/rest/v1/status (no credentials) → 200 OK`)
    expect(log).toContain(
      `GET ${nexus3.url}/service/rest/v1/repositories (Authorization: Basic, user demo) → 200 OK (1 repositories)`,
    )
  })

  it('Nexus 3: a wrong password fails as invalid Nexus credentials', async () => {
    const outcome = await runConnectionCheck(
      checkTask('Nexus', nexus3.url, { settings: { version: '3.x' }, password: 'wrong-password' }),
    )

    expect(outcome.result).toMatchObject({
      failureKind: 'BAD_CREDENTIALS',
      errorSummary: 'Authentication Failed (Invalid Nexus credentials)',
    })
    expect(outcome.result.hints?.[0]).toBe('Update the connector credentials with correct values')
  })

  it('Nexus 3 with Version 2.x: invalid details, and the hint names the right version', async () => {
    const outcome = await runConnectionCheck(checkTask('Nexus', nexus3.url, { settings: { version: '2.x' } }))

    expect(outcome.result).toMatchObject({
      failureKind: 'INVALID_DETAILS',
      errorSummary: 'Invalid Connector Details (Invalid Nexus connector details)',
      hints: [NEXUS_VERSION_HINT, `127.0.0.1:${nexus3.port} runs Nexus 3: choose Version 3.x.`],
    })
  })

  it('Nexus 2 under /nexus succeeds; without /nexus the hint gives the URL', async () => {
    const ok = await runConnectionCheck(checkTask('Nexus', `${nexus2.url}/nexus`, { settings: { version: '2.x' } }))
    expect(ok.result).toEqual({ status: 'SUCCESS' })
    expect(ok.stages[2]?.log.join('\n')).toContain(
      `GET ${nexus2.url}/nexus/service/local/status (no credentials) → 200 OK (state STARTED)`,
    )

    const bare = await runConnectionCheck(checkTask('Nexus', nexus2.url, { settings: { version: '2.x' } }))
    expect(bare.result).toMatchObject({ failureKind: 'INVALID_DETAILS' })
    expect(bare.result.hints).toContain(
      `Nexus 2 serves its API under its context path, usually /nexus: use ${nexus2.url}/nexus`,
    )
  })

  it('Nexus 2 with Version 3.x: the hint names Version 2.x', async () => {
    const outcome = await runConnectionCheck(
      checkTask('Nexus', `${nexus2.url}/nexus`, { settings: { version: '3.x' } }),
    )

    expect(outcome.result.failureKind).toBe('INVALID_DETAILS')
    expect(outcome.result.hints).toContain(`127.0.0.1:${nexus2.port} runs Nexus 2: choose Version 2.x.`)
  })

  it('Nexus 3 answering 503 fails as a server error', async () => {
    const outcome = await runConnectionCheck(checkTask('Nexus', nexus3Down.url, { settings: { version: '3.x' } }))

    expect(outcome.result).toMatchObject({
      failureKind: 'SERVER_ERROR',
      errorSummary: 'Server Error (Nexus responded with 503 Service Unavailable)',
    })
    expect(outcome.result.hints?.join(' ')).toContain('Retry in a few minutes')
  })

  it('a Docker Registry connector pointed at Artifactory says which connector type fits', async () => {
    const outcome = await runConnectionCheck(
      checkTask('DockerRegistry', `${artifactory.url}/artifactory`, { settings: { providerType: 'Other' } }),
    )

    expect(outcome.result).toMatchObject({
      failureKind: 'WRONG_SERVER',
      errorSummary: `Not a Docker Registry server (${artifactory.url}/artifactory is JFrog Artifactory)`,
    })
    expect(outcome.result.hints?.[0]).toContain('use an Artifactory connector for it')
  })
})
