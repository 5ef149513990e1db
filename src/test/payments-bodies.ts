// Test support: request bodies in project payments (org default) for the tests, the browser tests
// and the bench that set up a real server: a text secret, and a Docker Registry connector.
import type { ConnectorInfo } from '../lib/api-types'

export const PAYMENTS_QUERY = 'accountIdentifier=acme&orgIdentifier=default&projectIdentifier=payments'

/** POST /ng/api/v2/secrets: an inline text secret. */
export function paymentsSecretBody(identifier: string, value: string, name = identifier) {
  return {
    secret: {
      type: 'SecretText',
      name,
      identifier,
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
      tags: {},
      spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value },
    },
  }
}

/** A Docker Registry connector ("Other" provider) at `url`, with a password secret or anonymous. */
export function paymentsDockerConnector(
  identifier: string,
  url: string,
  options: { passwordRef?: string; selectors?: readonly string[]; name?: string } = {},
): ConnectorInfo {
  return {
    name: options.name ?? identifier,
    identifier,
    orgIdentifier: 'default',
    projectIdentifier: 'payments',
    tags: {},
    type: 'DockerRegistry',
    spec: {
      dockerRegistryUrl: url,
      providerType: 'Other',
      auth: options.passwordRef
        ? { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: options.passwordRef } }
        : { type: 'Anonymous' },
      delegateSelectors: [...(options.selectors ?? [])],
    },
  }
}

/**
 * POST /ng/api/projects?accountIdentifier=acme&orgIdentifier=default: the project payments, for
 * a real server started with `--account acme` (whose first start makes only `default_project`).
 * A second run against a reused server answers 409 (already present), which is as good.
 */
export const PAYMENTS_PROJECT_QUERY = 'accountIdentifier=acme&orgIdentifier=default'
export const PAYMENTS_PROJECT_BODY = {
  project: { orgIdentifier: 'default', identifier: 'payments', name: 'Payments', description: '', tags: {} },
}

/**
 * Makes project payments on a real server started with `--account acme` (at `base`), unless it
 * is there already (a reused server); throws on any other answer.
 */
export async function createPaymentsProject(base: string, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(`${base}/ng/api/projects?${PAYMENTS_PROJECT_QUERY}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(PAYMENTS_PROJECT_BODY),
  })
  if (response.status !== 200 && response.status !== 409) {
    throw new Error(`POST /ng/api/projects: ${response.status} ${await response.text()}`)
  }
}
