import type { HeldSecret } from '../connection-tests/delegate-held'
import type { SecretDTO } from '../lib/api-types'
import { isDelegateHeldManager } from '../lib/delegate-held-secrets'
import { IDENTIFIER_PATTERN } from '../lib/entity-names'
import type { Scope, ScopeLevel } from '../lib/scope'
import { scopeLevel } from '../lib/scope'
import type { StoredSecret } from './records'
import { scopeKey, scopeOfKey } from './records'
import type { DataStore } from './store'

/**
 * Secret references as Harness's SecretRefData and SecretRefInputValidationHelper read them
 * (docs/reference/harness-api.md §2.3): `id` is a secret of the connector's own scope,
 * `org.id` of its organization, `account.id` of its account, and a connector may only use
 * secrets of its own scope or above.
 */

type Target = { scope: Scope; identifier: string; level: ScopeLevel }

export type SecretLookup = { secret: StoredSecret; error?: undefined } | { secret?: undefined; error: string }

const LEVEL_WORDS: Record<ScopeLevel, string> = { project: 'project', org: 'org', account: 'account' }

function target(reference: string, from: Scope): Target | string {
  const dot = reference.indexOf('.')
  const prefix = dot === -1 ? '' : reference.slice(0, dot)
  const identifier = dot === -1 ? reference : reference.slice(dot + 1)
  if ((dot !== -1 && prefix !== 'org' && prefix !== 'account') || !IDENTIFIER_PATTERN.test(identifier)) {
    return `Invalid Secret Reference: ${reference}. Write id for a secret of this scope, org.id or account.id.`
  }
  const fromLevel = scopeLevel(from)
  const { accountIdentifier, orgIdentifier } = from
  if (prefix === 'account') return { scope: { accountIdentifier }, identifier, level: 'account' }
  if (prefix === 'org') {
    if (fromLevel === 'account') return refusal('org', fromLevel)
    return { scope: { accountIdentifier, orgIdentifier }, identifier, level: 'org' }
  }
  return { scope: from, identifier, level: fromLevel }
}

/** Harness's words, including its "a org". */
function refusal(secretLevel: ScopeLevel, connectorLevel: ScopeLevel): string {
  if (connectorLevel === 'account')
    return `The ${LEVEL_WORDS[secretLevel]} level secret cannot be used at account level`
  return `The ${LEVEL_WORDS[secretLevel]} level secret cannot be used at a org level`
}

function describeMissing(identifier: string, scope: Scope): string {
  if (scope.projectIdentifier) {
    return `No secret exists with the id ${identifier} in organization ${scope.orgIdentifier ?? ''} in project ${scope.projectIdentifier}`
  }
  if (scope.orgIdentifier) return `No secret exists with the id ${identifier} in organization ${scope.orgIdentifier}`
  return `No secret exists with the id ${identifier} in account ${scope.accountIdentifier}`
}

function isBelow(candidate: Scope, from: Scope): boolean {
  if (scopeLevel(from) === 'account') return scopeLevel(candidate) !== 'account'
  return scopeLevel(from) === 'org' && candidate.orgIdentifier === from.orgIdentifier && !!candidate.projectIdentifier
}

/**
 * The secret a connector at `from` refers to, or why it may not. When a plain `id` misses but a
 * secret with that id lives below the connector's scope, the answer is the scope rule, which
 * tells the user more than "no such secret".
 */
export async function lookUpSecretReference(store: DataStore, reference: string, from: Scope): Promise<SecretLookup> {
  const resolved = target(reference, from)
  if (typeof resolved === 'string') return { error: resolved }
  const secret = await store.getSecret(resolved.scope, resolved.identifier)
  if (secret) return { secret }

  const elsewhere = (await store.findSecretsByIdentifier(from.accountIdentifier, resolved.identifier))
    .map((record) => scopeOfKey(record.scopeKey))
    .filter((scope) => scopeKey(scope) !== scopeKey(resolved.scope))
  if (resolved.level === scopeLevel(from)) {
    const below = elsewhere.filter((scope) => isBelow(scope, from))
    const orgBelow = below.find((scope) => scopeLevel(scope) === 'org')
    const nearest = orgBelow ?? below[0]
    if (nearest) return { error: refusal(scopeLevel(nearest), scopeLevel(from)) }
  }
  let message = describeMissing(resolved.identifier, resolved.scope)
  const usable = elsewhere.find(
    (scope) =>
      (scopeLevel(scope) === 'account' ||
        (scopeLevel(scope) === 'org' && scope.orgIdentifier === from.orgIdentifier)) &&
      scopeLevel(scope) !== resolved.level,
  )
  if (usable) {
    const level = scopeLevel(usable)
    message += `. An ${level === 'org' ? 'organization' : 'account'} secret with this id exists: refer to it as ${level}.${resolved.identifier}`
  }
  return { error: message }
}

/** The secret behind a stored connector's reference, for the simulated delegate. */
export async function resolveSecretReference(
  store: DataStore,
  reference: string,
  from: Scope,
): Promise<StoredSecret | undefined> {
  return (await lookUpSecretReference(store, reference, from)).secret
}

/** Where a delegate finds the value of a secret it holds (decision 028); undefined for a stored one. */
export function heldSecretOf(secret: SecretDTO): HeldSecret | undefined {
  const { secretManagerIdentifier: manager, valueType, value } = secret.spec
  return valueType === 'Reference' && isDelegateHeldManager(manager) && value !== undefined
    ? { manager, reference: value }
    : undefined
}
