/**
 * What a delegate selector may be, for the wizard and the API alike (connector-form-schema.ts).
 * The limits are the delegate protocol's (agent-protocol.ts: a tag is 1–64 characters, a delegate
 * has at most 50), so a selector the wizard accepts is one some delegate could carry. A comma
 * never: a delegate's tags are given as `--tags a,b`, so no delegate can have one with a comma.
 */
export const MAX_DELEGATE_TAG_LENGTH = 64
export const MAX_DELEGATE_SELECTORS = 50

/** What is wrong with one typed tag, in words, or undefined when a delegate could carry it. */
export function delegateTagProblem(raw: string): string | undefined {
  const tag = raw.trim()
  if (tag === '') return 'A delegate tag cannot be empty.'
  if (tag.length > MAX_DELEGATE_TAG_LENGTH) {
    return `A delegate tag can be at most ${MAX_DELEGATE_TAG_LENGTH} characters; this one has ${tag.length}.`
  }
  if (tag.includes(',')) {
    return 'A delegate tag cannot contain a comma: delegates are given their tags as a comma-separated list (--tags a,b).'
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(tag)) return 'A delegate tag cannot contain control characters such as a line break.'
  return undefined
}

export function tooManySelectors(count: number): string | undefined {
  return count > MAX_DELEGATE_SELECTORS
    ? `A connector can require at most ${MAX_DELEGATE_SELECTORS} delegate tags (a delegate has at most ${MAX_DELEGATE_SELECTORS}); this one has ${count}.`
    : undefined
}
