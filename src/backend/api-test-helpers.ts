import type { ConnectorFormValues } from '../connector-types/connector-model'
import { emptyConnectorForm, toConnectorInfo } from '../connector-types/connector-model'
import { getConnectorType } from '../connector-types/registry'
import type { ConnectorInfo, ErrorEnvelope, ResponseEnvelope } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { scopeQuery } from '../lib/scope'

/**
 * Test helpers that call the API the way the app does: real fetch, absolute URLs built from
 * window.location.origin (the in-browser host, answered by Mock Service Worker) or from the base
 * that `setApiBase` set (the Node server on loopback, see both-hosts.ts), Harness's scope query
 * parameters.
 */

export const ACCOUNT: Scope = { accountIdentifier: 'acme' }
export const ORG: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default' }
export const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }
export const CHECKOUT: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'checkout' }

/** Every response body text seen, so a test can prove a secret value never left the server. */
export const responseLog: string[] = []

type CallOptions = {
  scope?: Scope
  query?: Record<string, string>
  body?: unknown
  /** Sent as it is, as application/yaml (pipeline bodies); takes the place of `body`. */
  yaml?: string
  headers?: Record<string, string>
  signal?: AbortSignal
}

let apiBase: string | undefined

/** Where `call()` sends requests: `http://127.0.0.1:<port>`, or undefined for the page's origin. */
export function setApiBase(base: string | undefined): void {
  apiBase = base?.replace(/\/$/, '')
}

/** The origin requests go to now. */
export function currentApiBase(): string {
  return apiBase ?? window.location.origin
}

export function apiUrl(path: string, options: CallOptions = {}): string {
  const url = new URL(`${currentApiBase()}${path}`)
  for (const [key, value] of Object.entries({
    ...(options.scope ? scopeQuery(options.scope) : {}),
    ...options.query,
  })) {
    url.searchParams.set(key, value)
  }
  return url.toString()
}

export async function call<T = unknown>(method: string, path: string, options: CallOptions = {}) {
  const response = await fetch(apiUrl(path, options), {
    method,
    signal: options.signal,
    headers: {
      Accept: 'application/json',
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(options.yaml === undefined ? {} : { 'Content-Type': 'application/yaml' }),
      ...options.headers,
    },
    body: options.yaml ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  })
  const text = await response.text()
  responseLog.push(text)
  const json = JSON.parse(text) as unknown
  return {
    status: response.status,
    text,
    /** The envelope's data, for a successful call. */
    data: (json as ResponseEnvelope<T>).data,
    error: json as ErrorEnvelope,
  }
}

/** A connector body as the wizard builds it, for `type` at `scope`. */
export function connectorInfo(
  type: string,
  scope: Scope,
  values: Partial<ConnectorFormValues> & Pick<ConnectorFormValues, 'name' | 'identifier' | 'url'>,
): ConnectorInfo {
  const form = { ...emptyConnectorForm(getConnectorType(type)), ...values }
  return toConnectorInfo(type, form, scope)
}

export function dockerConnector(scope: Scope, identifier: string, passwordRef = 'demo_password'): ConnectorInfo {
  return connectorInfo('DockerRegistry', scope, {
    name: `Docker ${identifier}`,
    identifier,
    url: 'https://registry.acme.test:5000',
    extras: { providerType: 'Other' },
    auth: { type: 'UsernamePassword', username: 'demo', passwordRef },
  })
}

export function createConnector(scope: Scope, connector: ConnectorInfo) {
  return call('POST', '/ng/api/connectors', { scope, body: { connector } })
}
