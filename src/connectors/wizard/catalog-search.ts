import type { ConnectorTypeDefinition } from '../../connector-types/connector-type'
import { OTHER_CATEGORY_HINTS } from '../../connector-types/registry'

function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim()
}

/**
 * Types whose card (label, summary) or search terms contain the query: what a card shows is
 * found. Types named by the query come first, then those it describes, each in catalog order.
 */
export function searchConnectorTypes(
  types: readonly ConnectorTypeDefinition[],
  query: string,
): ConnectorTypeDefinition[] {
  const q = normalize(query)
  if (!q) return [...types]
  const rank = (type: ConnectorTypeDefinition) => {
    if ([type.label, type.type].some((text) => normalize(text).includes(q))) return 0
    if (type.searchTerms.some((text) => normalize(text).includes(q))) return 1
    return normalize(type.summary).includes(q) ? 2 : -1
  }
  return types
    .map((type) => ({ type, rank: rank(type) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .map((entry) => entry.type)
}

/** Explanations for searches that belong to another category (S3, Google Cloud Storage). */
export function otherCategoryHints(query: string): string[] {
  const q = normalize(query)
  if (q.length < 2) return []
  return OTHER_CATEGORY_HINTS.filter((hint) => hint.terms.some((term) => term.startsWith(q) || q.includes(term))).map(
    (hint) => hint.message,
  )
}
