import { describe, expect, it } from 'vitest'
import type { SimulationPlan } from '../../connection-tests/test-plan'
import { logOf, simulate } from './test-fixtures'

/** Each type with the URL a user would type for a host (OCI takes no scheme). */
const TYPES: readonly [type: string, url: (host: string) => string][] = [
  ['Artifactory', (host) => `https://${host}/artifactory`],
  ['DockerRegistry', (host) => `https://${host}`],
  ['HttpHelmRepo', (host) => `https://${host}/stable`],
  ['OciHelmRepo', (host) => `${host}/charts`],
  ['Nexus', (host) => `https://${host}`],
]

const lastStage = (plan: SimulationPlan) => plan.stages.at(-1)!
const requestTimes = (plan: SimulationPlan) =>
  plan.stages
    .flatMap((stage) => stage.log)
    .flatMap((line) => {
      const ms = / \((\d+) ms\)$/.exec(line)?.[1]
      return ms === undefined ? [] : [Number(ms)]
    })

describe.each(TYPES)('%s', (type, url) => {
  it('down.acme.test: connection refused, fast, in the reachability stage', () => {
    const plan = simulate(type, url('down.acme.test'))
    expect(plan.result.failureKind).toBe('CONNECTION_REFUSED')
    expect(plan.result.errorSummary).toMatch(/^Connection Refused \(Could not reach .* at https:\/\//)
    expect(lastStage(plan).title).toMatch(/^Check that .*down\.acme\.test.* is reachable$/)
    expect(lastStage(plan).durationMs).toBeLessThan(50)
    expect(logOf(plan)).toContain('java.net.ConnectException: Connection refused')
    expect(plan.result.hints?.join(' ')).toContain('nothing accepts connections on down.acme.test:443')
  })

  it('slow.acme.test: times out after the 15 s client limit and says so', () => {
    const plan = simulate(type, url('slow.acme.test'))
    expect(plan.result.failureKind).toBe('TIMEOUT')
    expect(lastStage(plan).durationMs).toBe(15_000)
    expect(logOf(plan)).toContain('java.net.SocketTimeoutException: connect timed out after 15000 ms')
    expect(plan.result.explanations?.join(' ')).toContain('did not answer within 15 s')
  })

  it('expired-cert.acme.test: passes the reachability check, fails certificate validation in the client call', () => {
    const plan = simulate(type, url('expired-cert.acme.test'))
    expect(plan.result.failureKind).toBe('TLS')
    expect(plan.stages.map((stage) => stage.status)).toEqual(['passed', 'passed', 'passed', 'failed'])
    const expected = type.includes('Helm')
      ? 'x509: certificate has expired or is not yet valid'
      : 'PKIX path validation failed'
    expect(plan.result.errorSummary).toContain(expected)
    expect(plan.result.hints?.join(' ')).toContain('Renew the TLS certificate of expired-cert.acme.test')
    expect(plan.result.explanations?.join(' ')).toContain('does not verify certificates')
  })

  it('flaky.acme.test: 503 Service Unavailable, quickly', () => {
    const plan = simulate(type, url('flaky.acme.test'))
    expect(plan.result.failureKind).toBe('SERVER_ERROR')
    expect(plan.result.errorSummary).toContain('503')
    expect(lastStage(plan).durationMs).toBeLessThan(400)
    expect(plan.result.hints?.join(' ')).toContain('Retry in a few minutes')
  })

  it('any other host: the name does not resolve, fast', () => {
    const plan = simulate(type, url('registry.example.com'))
    expect(plan.result.failureKind).toBe('DNS')
    expect(plan.result.errorSummary).toMatch(/^Unknown Host \(/)
    expect(logOf(plan)).toContain('java.net.UnknownHostException: registry.example.com')
    expect(lastStage(plan).durationMs).toBeLessThan(100)
    expect(plan.result.hints?.join(' ')).toContain('Check the host name registry.example.com')
  })

  it('a known host on a port nothing listens on refuses the connection', () => {
    const plan = simulate(type, url('nexus.acme.test:8443'))
    expect(plan.result.failureKind).toBe('CONNECTION_REFUSED')
  })
})

describe('Harness texts for unreachable servers', () => {
  it('Docker Registry names the /v2 URL it tried', () => {
    const plan = simulate('DockerRegistry', 'https://down.acme.test')
    expect(plan.result.errorSummary).toBe(
      'Connection Refused (Could not reach Docker Registry at https://down.acme.test/v2)',
    )
    expect(plan.result.hints?.[0]).toBe('Check if the Docker Registry URL is correct & reachable from your delegate(s)')
  })

  it('Nexus calls an unresolvable host an Unknown Nexus Host', () => {
    const plan = simulate('Nexus', 'https://nexus.example.org')
    expect(plan.result.errorSummary).toBe('Unknown Host (Unknown Nexus Host: nexus.example.org)')
    expect(plan.result.hints?.[0]).toBe('Check if the Nexus URL & version are correct')
  })

  it("HTTP Helm uses Harness's no-such-host hint", () => {
    const plan = simulate('HttpHelmRepo', 'https://helm.example.org')
    expect(plan.result.hints?.[0]).toBe('Could not resolve the helm repo server URL. Please provide a reachable URL')
  })
})

describe('Realistic durations', () => {
  it('every request of a successful test takes 80–600 ms and the whole test a second or two', () => {
    for (const [type, url] of [
      ['DockerRegistry', 'https://index.docker.io/v2/'],
      ['Artifactory', 'https://acme.jfrog.io/artifactory'],
      ['Nexus', 'https://nexus.acme.test'],
    ] as const) {
      const plan = simulate(type, url)
      const network = plan.stages.slice(2)
      const times = requestTimes({ ...plan, stages: network })
      expect(times.length).toBeGreaterThan(0)
      for (const ms of times) expect(ms).toBeGreaterThanOrEqual(80)
      for (const ms of times) expect(ms).toBeLessThanOrEqual(600)
      const total = plan.stages.reduce((sum, stage) => sum + stage.durationMs, 0)
      expect(total).toBeGreaterThan(500)
      expect(total).toBeLessThan(4000)
    }
  })

  it('the same URL always takes the same time, another URL usually not', () => {
    const a = simulate('DockerRegistry', 'https://quay.io')
    const b = simulate('DockerRegistry', 'https://quay.io')
    const c = simulate('DockerRegistry', 'https://harbor.acme.test')
    expect(requestTimes(a)).toEqual(requestTimes(b))
    expect(requestTimes(a)).not.toEqual(requestTimes(c))
  })
})
