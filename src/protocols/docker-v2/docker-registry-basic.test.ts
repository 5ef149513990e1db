// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_STAGE_TITLE } from '../../connection-tests/credentials'
import { dockerRegistry } from '../../connector-types/docker-registry'
import { runConnectionCheck } from '../../delegate-agent/checks/run-check'
import { server as mockNetwork } from '../../demo-backend/node-mock-backend'
import { checkTask, PASSWORD_REF, TEST_PASSWORD, TEST_USERNAME } from '../../test/registry-servers/check-task'
import { registrySuiteTitle, startRegistry, type TestRegistry } from '../../test/registry-servers/registry-server'
import { removeDir, tempDir } from '../../test/registry-servers/server-kit'
import { selfSignedCertificate, type TestCertificate } from '../../test/registry-servers/tls-cert'
import { reachabilityTitle } from '../kit/network-faults'

// Real docker-registry processes on 127.0.0.1 (docs/reference/live-servers.md §1, §2): htpasswd Basic, plain and TLS.

const BASIC = `Basic ${Buffer.from(`${TEST_USERNAME}:${TEST_PASSWORD}`).toString('base64')}`
const docker = (url: string, options: Parameters<typeof checkTask>[2] = {}) =>
  checkTask('DockerRegistry', url, { settings: { providerType: 'Other' }, ...options })

function everyText(outcome: Awaited<ReturnType<typeof runConnectionCheck>>): string {
  return JSON.stringify(outcome)
}

describe(registrySuiteTitle('Docker Registry and OCI Helm checks against docker-registry with htpasswd'), () => {
  let plain: TestRegistry
  let tls: TestRegistry
  let certificate: TestCertificate
  let certDir: string

  beforeAll(async () => {
    // MSW (src/test/setup.ts) would stand between the check and the network.
    mockNetwork.close()
    certDir = await tempDir('registry-cert')
    certificate = await selfSignedCertificate(certDir)
    const auth = { htpasswd: { username: TEST_USERNAME, password: TEST_PASSWORD } }
    ;[plain, tls] = await Promise.all([startRegistry({ auth }), startRegistry({ auth, tls: certificate })])
  })

  afterAll(async () => {
    await Promise.all([plain?.stop(), tls?.stop()])
    if (certDir) await removeDir(certDir)
  })

  it('succeeds with the right password, showing each request and its answer', async () => {
    const started: [number, string][] = []
    const finished: [number, string, string][] = []
    const outcome = await runConnectionCheck(docker(plain.url), {
      onStageStarted: (index, title) => started.push([index, title]),
      onStageFinished: (index, stage) => finished.push([index, stage.title, stage.status]),
    })

    expect(outcome.result).toEqual({ status: 'SUCCESS' })
    const titles = [SECRET_STAGE_TITLE, reachabilityTitle(plain.url), dockerRegistry.connectionTest.stageTitle]
    expect(started).toEqual(titles.map((title, index) => [index, title]))
    expect(finished).toEqual(titles.map((title, index) => [index, title, 'passed']))
    const call = outcome.stages[2]?.log ?? []
    expect(call.join('\n')).toMatch(
      new RegExp(
        `GET ${plain.url}/v2/ \\(Authorization: Basic, user demo\\) → 200 OK, Docker-Distribution-Api-Version: registry/2.0 \\(\\d+ ms\\)`,
      ),
    )
    expect(everyText(outcome)).not.toContain(TEST_PASSWORD)
    expect(everyText(outcome)).not.toContain(BASIC.slice(6))
  })

  it('fails as bad credentials with a wrong password, without showing it', async () => {
    const outcome = await runConnectionCheck(docker(plain.url, { password: 'not-the-password' }))

    expect(outcome.result).toMatchObject({
      status: 'FAILURE',
      failureKind: 'BAD_CREDENTIALS',
      errorSummary: 'Authentication Failed (Invalid Docker Registry credentials)',
      errors: [{ reason: 'Invalid Credentials', message: 'Invalid Docker Registry credentials', code: 470 }],
    })
    expect(outcome.result.hints).toContain('Update the username & password')
    expect(outcome.result.hints?.join(' ')).toContain(`the value of the secret ${PASSWORD_REF}`)
    expect(outcome.stages[2]?.log.join('\n')).toMatch(
      /GET \S+\/v2\/ \(Authorization: Basic, user demo\) → 401 Unauthorized/,
    )
    expect(everyText(outcome)).not.toContain('not-the-password')
  })

  it('fails as credentials required for an anonymous connector', async () => {
    const outcome = await runConnectionCheck(docker(plain.url, { anonymous: true }))

    expect(outcome.result).toMatchObject({
      failureKind: 'CREDENTIALS_REQUIRED',
      errorSummary: `Authentication Failed (127.0.0.1:${plain.port} requires credentials: anonymous pull denied)`,
    })
    expect(outcome.result.hints).toEqual([
      `Choose Username and Password under Authentication: 127.0.0.1:${plain.port} refuses anonymous access.`,
    ])
    expect(outcome.stages.map((stage) => stage.title)).not.toContain(SECRET_STAGE_TITLE)
  })

  it('stops at the secret stage when the task has no value for the password reference', async () => {
    const outcome = await runConnectionCheck(docker(plain.url, { withoutSecretValue: true }))

    expect(outcome.result).toMatchObject({
      failureKind: 'MISSING_SECRET',
      errorSummary: `Secret Not Found (Secret [${PASSWORD_REF}] does not exist or has been deleted)`,
    })
    expect(outcome.stages.map((stage) => [stage.title, stage.status])).toEqual([[SECRET_STAGE_TITLE, 'failed']])
  })

  it('names a self-signed certificate, and passes once the delegate trusts it', async () => {
    const refused = await runConnectionCheck(docker(tls.url))

    expect(refused.result).toMatchObject({ failureKind: 'TLS' })
    expect(refused.result.errorSummary).toBe(
      'Certificate Validation Failed (self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT))',
    )
    // The wizard shows "<reason>: <message>": the reason is not said twice.
    expect(refused.result.errors?.[0]).toMatchObject({
      reason: 'Certificate Validation Failed',
      message: 'self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    })
    expect(refused.result.hints?.join(' ')).toContain('--ca-file')
    expect(refused.stages.map((stage) => stage.status)).toEqual(['passed', 'passed', 'failed'])

    const trusted = await runConnectionCheck(docker(tls.url), { caCertificates: [certificate.certPem] })
    expect(trusted.result).toEqual({ status: 'SUCCESS' })
    expect(trusted.stages[2]?.log.join('\n')).toContain(`GET ${tls.url}/v2/ (Authorization: Basic, user demo) → 200 OK`)
  })

  it('OCI Helm: asks without credentials first, then answers the Basic challenge', async () => {
    const ok = await runConnectionCheck(checkTask('OciHelmRepo', `127.0.0.1:${plain.port}/charts`))
    expect(ok.result).toEqual({ status: 'SUCCESS' })
    const log = ok.stages[2]?.log.join('\n') ?? ''
    expect(log).toContain(`GET http://127.0.0.1:${plain.port}/v2/ (no credentials) → 401 Unauthorized`)
    expect(log).toContain(`GET http://127.0.0.1:${plain.port}/v2/ (Authorization: Basic, user demo) → 200 OK`)

    const refused = await runConnectionCheck(
      checkTask('OciHelmRepo', `127.0.0.1:${plain.port}/charts`, { password: 'wrong-password' }),
    )
    expect(refused.result).toMatchObject({
      failureKind: 'BAD_CREDENTIALS',
      errorSummary: `Authentication Failed (login attempt to http://127.0.0.1:${plain.port}/v2/ failed with status: 401 Unauthorized)`,
    })
  })

  it('OCI Helm over TLS: a trusted certificate passes, an untrusted one is named', async () => {
    const host = `127.0.0.1:${tls.port}`
    const trusted = await runConnectionCheck(checkTask('OciHelmRepo', `oci://${host}/charts`), {
      caCertificates: [certificate.certPem],
    })
    expect(trusted.result).toEqual({ status: 'SUCCESS' })

    const refused = await runConnectionCheck(checkTask('OciHelmRepo', `oci://${host}/charts`))
    expect(refused.result.failureKind).toBe('TLS')
    expect(refused.result.errorSummary).toBe(
      `Certificate Validation Failed (Get "https://${host}/v2/": self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT))`,
    )
    // It was reached: the certificate was not trusted, and the hint says how to trust it.
    const words = [...(refused.result.hints ?? []), ...(refused.result.explanations ?? [])].join('\n')
    expect(words).not.toMatch(/not reachable|reachable from your delegate/i)
    expect(refused.result.explanations).toContain(
      `helm reached ${host}, but did not accept its TLS certificate, so it never asked the registry to log in.`,
    )
    expect(refused.result.hints?.join(' ')).toContain(
      'with --ca-file, or install a certificate from a CA the delegate trusts',
    )
  })

  it('says to use https:// when the URL asks a TLS port in plain HTTP', async () => {
    const outcome = await runConnectionCheck(docker(`http://127.0.0.1:${tls.port}`))

    expect(outcome.result).toMatchObject({
      failureKind: 'INVALID_DETAILS',
      errorSummary: 'Invalid Connector Details (Server responded with the following error code - 400)',
    })
    expect(outcome.result.hints).toContain(
      `127.0.0.1:${tls.port} speaks HTTPS on this port: use https://127.0.0.1:${tls.port} in the URL.`,
    )
  })

  it('names a certificate issued for another host name', async () => {
    const outcome = await runConnectionCheck(docker(`https://localhost:${tls.port}`), {
      caCertificates: [certificate.certPem],
    })

    expect(outcome.result.failureKind).toBe('TLS')
    expect(outcome.result.errorSummary).toContain('certificate for another host name')
    expect(outcome.result.errorSummary).toContain('ERR_TLS_CERT_ALTNAME_INVALID')
    expect(outcome.result.hints?.join(' ')).toContain('IP Address:127.0.0.1')
  })
})
