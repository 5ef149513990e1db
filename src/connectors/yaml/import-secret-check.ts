import { secretReferencesToResolve } from '../../connector-types/auth-methods'
import { parseReference, resolveReferenceScope } from '../../lib/references'
import type { Scope } from '../../lib/scope'
import { scopeLevel } from '../../lib/scope'
import { BULK_CONCURRENCY, runWithConcurrency } from '../bulk/bulk-targets'
import type { ImportPlan } from './import-connectors'

/**
 * The part of an import's preview that only the server knows: whether each secret a connector
 * refers to exists where the reference points once the connector is in the target scope (`id`
 * the scope's own, `org.id` its organization's, `account.id` its account's). A connector that
 * would be refused for a missing secret is marked so, never "Will be created".
 */

/** A secret the import needs and the target does not have, asked for once however many use it. */
export type MissingSecret = { key: string; reference: string; scope: Scope; identifier: string }

export type SecretExists = (scope: Scope, identifier: string, signal?: AbortSignal) => Promise<boolean>

function secretKey(scope: Scope, identifier: string): string {
  return [scope.accountIdentifier, scope.orgIdentifier ?? '', scope.projectIdentifier ?? '', identifier].join('/')
}

/** Harness's words for an `org.` reference from an account-level connector (secret-reference-rules.ts). */
const ORG_AT_ACCOUNT = 'The org level secret cannot be used at account level'

export async function checkSecretReferences(
  plans: readonly ImportPlan[],
  scope: Scope,
  secretExists: SecretExists,
  signal?: AbortSignal,
): Promise<{ plans: ImportPlan[]; missing: MissingSecret[] }> {
  const wanted = new Map<string, MissingSecret>()
  const referencesOf = plans.map((plan) => {
    if (plan.state === 'invalid') return []
    return [...new Set(secretReferencesToResolve(plan.connector.spec))].filter((reference) => reference !== '')
  })
  const checked: ImportPlan[] = plans.map((plan, index) => {
    const references = referencesOf[index] ?? []
    if (plan.state === 'invalid') return plan
    const unusable = references.filter(
      (reference) => parseReference(reference).level === 'org' && scopeLevel(scope) === 'account',
    )
    if (unusable.length) {
      return {
        state: 'invalid',
        document: plan.document,
        problems: unusable.map((reference) => `${ORG_AT_ACCOUNT}: ${reference}`),
      }
    }
    for (const reference of references) {
      const target = resolveReferenceScope(reference, scope)
      const key = secretKey(target.scope, target.identifier)
      if (!wanted.has(key)) wanted.set(key, { key, reference, ...target })
    }
    return plan
  })

  const absent = new Set<string>()
  await runWithConcurrency([...wanted.values()], BULK_CONCURRENCY, signal, async (secret) => {
    if (!(await secretExists(secret.scope, secret.identifier, signal))) absent.add(secret.key)
  })
  signal?.throwIfAborted()

  const result = checked.map((plan, index): ImportPlan => {
    if (plan.state === 'invalid') return plan
    const needs = (referencesOf[index] ?? []).filter((reference) => {
      const target = resolveReferenceScope(reference, scope)
      return absent.has(secretKey(target.scope, target.identifier))
    })
    return needs.length ? { ...plan, missingSecrets: needs } : plan
  })
  return { plans: result, missing: [...wanted.values()].filter((secret) => absent.has(secret.key)) }
}
