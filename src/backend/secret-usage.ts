import { secretReferencesToResolve } from '../connector-types/auth-methods'
import type { ConnectorInfo } from '../lib/api-types'
import { resolveReferenceScope } from '../lib/references'
import { scopeLevel } from '../lib/scope'
import type { StoredConnector } from './records'
import { recordKey, scopeOfKey } from './records'
import type { Page } from './store'

/**
 * Which connectors use a secret: a connector's references (its auth method's, as a test resolves
 * them) resolved from the connector's own scope to secret record keys. `account.reg_pass` in any
 * project and `reg_pass` in the account itself are both the account's secret `reg_pass`.
 */

/** The record keys of the secrets a connector at `connectorScopeKey` refers to, each once. */
export function connectorSecretKeys(connector: ConnectorInfo, connectorScopeKey: string): string[] {
  const from = scopeOfKey(connectorScopeKey)
  const keys = new Set<string>()
  for (const reference of secretReferencesToResolve(connector.spec)) {
    const { scope, identifier } = resolveReferenceScope(reference, from)
    // `org.x` from an account names no organization: the server refuses to store it.
    if (reference.startsWith('org.') && scopeLevel(from) === 'account') continue
    keys.add(recordKey(scope, identifier))
  }
  return [...keys]
}

/** How many connectors to name in a refused delete's message; the rest are counted. */
const NAMED_IN_MESSAGE = 10

/** Harness's words when a delete would leave connectors pointing at nothing. */
export function secretInUseMessage(identifier: string, users: readonly StoredConnector[], total: number): string {
  const names = users.slice(0, NAMED_IN_MESSAGE).map((user) => user.connector.name)
  const more = total > names.length ? ` and ${total - names.length} more` : ''
  return `Could not delete the secret ${identifier} as it is referenced by other entities - [${names.join(', ')}]${more}`
}

/** The order connectors using a secret are listed in: by name ignoring case, then scope and identifier. */
export function byNameThenKey(a: StoredConnector, b: StoredConnector): number {
  return (
    codePointCompare(a.connector.name.toLowerCase(), b.connector.name.toLowerCase()) ||
    codePointCompare(a.scopeKey, b.scopeKey) ||
    codePointCompare(a.connector.identifier, b.connector.identifier)
  )
}

function codePointCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** `connectorsUsingSecret` over connectors held in memory (the demo's store). */
export function connectorsUsingSecretInMemory(
  connectors: Iterable<StoredConnector>,
  secretKey: string,
  query: { pageIndex: number; pageSize: number },
): Page<StoredConnector> {
  const users: StoredConnector[] = []
  for (const record of connectors) {
    if (connectorSecretKeys(record.connector, record.scopeKey).includes(secretKey)) users.push(record)
  }
  users.sort(byNameThenKey)
  const start = Math.max(0, query.pageIndex) * Math.max(0, query.pageSize)
  return { items: users.slice(start, start + Math.max(0, query.pageSize)), total: users.length }
}

/** `countConnectorsUsingSecrets` over connectors held in memory: one pass, whatever the number of secrets. */
export function countConnectorsUsingSecretsInMemory(
  connectors: Iterable<StoredConnector>,
  secretKeys: readonly string[],
): Map<string, number> {
  const wanted = new Set(secretKeys)
  const counts = new Map<string, number>()
  if (wanted.size === 0) return counts
  for (const record of connectors) {
    for (const key of connectorSecretKeys(record.connector, record.scopeKey)) {
      if (wanted.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  }
  return counts
}
