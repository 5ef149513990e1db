import { describe, expect, it } from 'vitest'
import { simulate, visibleText } from '../backend/simulator/test-fixtures'
import { CONNECTOR_TYPES } from '../connector-types/registry'

/**
 * Words a user reads in a failed test, in the simulated world (the delegate's real checks use the
 * same texts: see delegate-agent/checks/network-faults.test.ts and docker-v2/docker-registry-basic.test.ts).
 * Harness's own texts are kept where they help, but not their slips: a stray " : ", a typo, a
 * sentence that says the same thing twice, or a field our form does not have.
 */

/** Each type with the URL a user would type for a host (OCI takes no scheme). */
const URL_FOR: Record<string, (host: string) => string> = {
  Artifactory: (host) => `https://${host}/artifactory`,
  DockerRegistry: (host) => `https://${host}`,
  HttpHelmRepo: (host) => `https://${host}/stable`,
  OciHelmRepo: (host) => `${host}/charts`,
  Nexus: (host) => `https://${host}`,
}

const TYPES = CONNECTOR_TYPES.map((definition) => definition.type)

/** What the wizard's result shows as its reason line: "<reason>: <message>". */
function reasonLine(plan: ReturnType<typeof simulate>): string {
  const error = plan.result.errors?.[0]
  return error ? `${error.reason}: ${error.message}` : ''
}

describe('"Could not reach … at <url>", without a stray " : "', () => {
  it.each(TYPES)('%s, for a refused connection and an unknown host', (type) => {
    const url = URL_FOR[type]!
    for (const host of ['down.acme.test', 'registry.example.com']) {
      const plan = simulate(type, url(host))
      const texts = visibleText(plan).join('\n')
      expect(texts).not.toContain(' at : ')
      if (/Could not reach/.test(texts)) expect(texts).toMatch(/Could not reach [\w ]+ at https?:\/\//)
    }
  })

  it('Docker Registry names the /v2 URL it tried', () => {
    const plan = simulate('DockerRegistry', 'https://down.acme.test')
    expect(plan.result.errorSummary).toBe(
      'Connection Refused (Could not reach Docker Registry at https://down.acme.test/v2)',
    )
  })
})

describe('a Docker v2 URL that answers 404', () => {
  it('says "your registry provider", not "you registry provider"', () => {
    const plan = simulate('DockerRegistry', 'https://registry.acme.test:5000/charts')
    expect(plan.result.failureKind).toBe('NOT_FOUND')
    expect(plan.result.hints).toContain('Check with your registry provider for a Docker v2 compliant URL')
    expect(visibleText(plan).join('\n')).not.toContain('Check with you registry')
  })
})

describe('a certificate failure says so once', () => {
  it.each(TYPES)('%s', (type) => {
    const plan = simulate(type, URL_FOR[type]!('expired-cert.acme.test'))
    expect(plan.result.failureKind).toBe('TLS')
    const shown = [reasonLine(plan), plan.result.errorSummary ?? ''].join('\n')
    expect(shown).not.toMatch(/certificate validation failed\W+certificate validation failed/i)
    expect(shown).toMatch(/certificate/i)
  })
})

describe('an OCI Helm registry whose certificate fails', () => {
  it('does not call a registry it reached unreachable, and says what to do', () => {
    const plan = simulate('OciHelmRepo', 'expired-cert.acme.test/charts')
    expect(plan.result.failureKind).toBe('TLS')
    const texts = [...(plan.result.hints ?? []), ...(plan.result.explanations ?? [])].join('\n')
    expect(texts).not.toMatch(/not reachable|reachable from your delegate/i)
    expect(texts).toContain('Renew the TLS certificate of expired-cert.acme.test')
    expect(plan.result.explanations?.join(' ')).toMatch(/reached expired-cert\.acme\.test/)
  })
})

describe('Artifactory answering 404', () => {
  it('names the field our form has, not "repository and artifact path field values"', () => {
    const plan = simulate('Artifactory', 'https://acme.jfrog.io')
    expect(plan.result.failureKind).toBe('NOT_FOUND')
    const texts = visibleText(plan).join('\n')
    expect(texts).not.toMatch(/artifact path|artifact configuration|repository and artifact/i)
    expect(plan.result.hints?.[0]).toBe(
      'Check the Artifactory Repository URL: it is the base URL of Artifactory, usually ending in /artifactory (for example https://mycompany.jfrog.io/artifactory).',
    )
  })
})
