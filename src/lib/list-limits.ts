import { nulProblem, TAG_MAX_LENGTH } from './entity-names'

/**
 * How much a list may be asked for: a search and a tag filter stay small, whatever is typed or
 * sent. The list's fields refuse more with these words, and the API refuses it with the same.
 */
export const SEARCH_TERM_MAX_LENGTH = 100
export const MAX_TAG_FILTERS = 20

/** What is wrong with the tags a list is filtered by (as displayed: `key` or `key:value`), or undefined. */
export function tagFilterProblem(tags: readonly string[]): string | undefined {
  if (tags.length > MAX_TAG_FILTERS) return `At most ${MAX_TAG_FILTERS} tags can filter the list (now ${tags.length}).`
  if (tags.some((tag) => tag.length > TAG_MAX_LENGTH)) {
    return `A tag in a filter can be at most ${TAG_MAX_LENGTH} characters.`
  }
  return tags.map((tag) => nulProblem('A tag in the filter', tag)).find(Boolean)
}

/** What is wrong with a search, or undefined. */
export function searchTermProblem(term: string): string | undefined {
  if (term.length > SEARCH_TERM_MAX_LENGTH) {
    return `A search can be at most ${SEARCH_TERM_MAX_LENGTH} characters (now ${term.length}).`
  }
  return nulProblem('The search', term)
}
