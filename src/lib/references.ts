import type { Scope, ScopeLevel } from './scope'
import { scopeLevel } from './scope'

/**
 * A reference from an entity to another (a connector to a secret, a pipeline to a
 * connector) is written `id` for the same scope, `org.id` or `account.id` otherwise.
 */
export type ParsedReference = { level: ScopeLevel | 'same'; identifier: string }

export function parseReference(reference: string): ParsedReference {
  const dot = reference.indexOf('.')
  if (dot > 0) {
    const prefix = reference.slice(0, dot)
    if (prefix === 'org' || prefix === 'account') {
      return { level: prefix, identifier: reference.slice(dot + 1) }
    }
  }
  return { level: 'same', identifier: reference }
}

/** The scope a reference written at `from` points into. */
export function resolveReferenceScope(reference: string, from: Scope): { scope: Scope; identifier: string } {
  const parsed = parseReference(reference)
  const { accountIdentifier, orgIdentifier } = from
  if (parsed.level === 'account') return { scope: { accountIdentifier }, identifier: parsed.identifier }
  if (parsed.level === 'org') return { scope: { accountIdentifier, orgIdentifier }, identifier: parsed.identifier }
  return { scope: from, identifier: parsed.identifier }
}

/** How an entity at `target` is referred to from `from`. */
export function formatReference(identifier: string, target: Scope, from: Scope): string {
  const targetLevel = scopeLevel(target)
  if (targetLevel === scopeLevel(from)) return identifier
  return targetLevel === 'project' ? identifier : `${targetLevel}.${identifier}`
}
