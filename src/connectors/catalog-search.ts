import type { ConnectorTypeDefinition } from '../connector-types/connector-type'
import { OTHER_CATEGORY_HINTS } from '../connector-types/registry'

function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim()
}

/** Types whose label or search terms contain the query. */
export function searchConnectorTypes(
  types: readonly ConnectorTypeDefinition[],
  query: string,
): ConnectorTypeDefinition[] {
  const q = normalize(query)
  if (!q) return [...types]
  return types.filter((type) =>
    [type.label, type.type, ...type.searchTerms].some((text) => normalize(text).includes(q)),
  )
}

/** Explanations for searches that belong to another category (S3, Google Cloud Storage). */
export function otherCategoryHints(query: string): string[] {
  const q = normalize(query)
  if (q.length < 2) return []
  return OTHER_CATEGORY_HINTS.filter((hint) => hint.terms.some((term) => term.startsWith(q) || q.includes(term))).map(
    (hint) => hint.message,
  )
}
