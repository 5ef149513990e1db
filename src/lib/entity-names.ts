/**
 * Name and identifier rules shared by connectors and secrets, as Harness NG enforces them
 * (docs/reference/harness-api.md §4).
 */

export const NAME_MAX_LENGTH = 128
export const IDENTIFIER_MAX_LENGTH = 128
export const DESCRIPTION_MAX_LENGTH = 1024

export const IDENTIFIER_PATTERN = /^[a-zA-Z_][0-9a-zA-Z_]{0,127}$/

/** A delegate's name and a delegate token's name: they go on command lines and into selectors. */
export const DELEGATE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const NAME_PATTERN = /^[A-Za-z0-9_.-][A-Za-z0-9 _.-]*$/

export const RESERVED_IDENTIFIERS: readonly string[] = [
  'or',
  'and',
  'eq',
  'ne',
  'lt',
  'gt',
  'le',
  'ge',
  'div',
  'mod',
  'not',
  'null',
  'true',
  'false',
  'new',
  'var',
  'return',
  'step',
  'parallel',
  'stepGroup',
  'org',
  'account',
  'class',
  'shellScriptProvisioner',
]

export function nameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'Name is required.'
  if (name.length > NAME_MAX_LENGTH) return `Name can be at most ${NAME_MAX_LENGTH} characters (now ${name.length}).`
  if (name.startsWith(' ')) return 'Name cannot start with a space.'
  if (!NAME_PATTERN.test(name)) {
    const bad = [...new Set(name.replace(/[A-Za-z0-9 _.-]/g, ''))].join(' ')
    return `Name can only contain letters, digits, spaces, _ . and - (remove: ${bad}).`
  }
  return undefined
}

export function identifierProblem(identifier: string): string | undefined {
  if (identifier === '') return 'Identifier is required.'
  if (identifier.length > IDENTIFIER_MAX_LENGTH) {
    return `Identifier can be at most ${IDENTIFIER_MAX_LENGTH} characters (now ${identifier.length}).`
  }
  if (/^[0-9]/.test(identifier)) return 'Identifier must start with a letter or _, not a digit.'
  if (!IDENTIFIER_PATTERN.test(identifier)) {
    return 'Identifier can only contain letters, digits and _, and must start with a letter or _.'
  }
  if (RESERVED_IDENTIFIERS.includes(identifier)) {
    return `"${identifier}" is a reserved word and cannot be an identifier.`
  }
  return undefined
}

/**
 * The identifier the form proposes for a name. Unlike Harness's generator (which keeps `$`
 * and lets a leading digit through), the result always passes `identifierProblem` whenever
 * the name holds at least one letter, digit, `_`, `.` or `-`.
 */
export function deriveIdentifier(name: string): string {
  let id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .replace(/[\s.-]+/g, '_')
    .replace(/[^0-9a-zA-Z_]/g, '')
    .replace(/_+/g, '_')
  if (id === '') return ''
  if (/^[0-9]/.test(id)) id = `_${id}`
  id = id.slice(0, IDENTIFIER_MAX_LENGTH)
  if (RESERVED_IDENTIFIERS.includes(id)) id = `${id}_1`
  return id
}

/**
 * PostgreSQL text cannot hold the NUL character (U+0000), and nothing a user means to say needs
 * it: text that holds one is refused in words, at its field, by the form and by the API alike.
 */
export function nulProblem(label: string, value: string): string | undefined {
  return value.includes('\u0000')
    ? `${label} contains a NUL character (\\u0000), which cannot be stored: remove it.`
    : undefined
}

export function descriptionProblem(description: string): string | undefined {
  return description.length > DESCRIPTION_MAX_LENGTH
    ? `Description can be at most ${DESCRIPTION_MAX_LENGTH} characters (now ${description.length}).`
    : nulProblem('Description', description)
}

/**
 * The path of the first key or text holding a NUL character in a parsed JSON value
 * (`connector.tags.team`), or undefined. Iterative, like reservedKeyPath.
 */
export function nulCharacterPath(value: unknown): string[] | undefined {
  type Visit = { value: unknown; path: string[] }
  const pending: Visit[] = [{ value, path: [] }]
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value === 'string') {
      if (next.value.includes('\u0000')) return next.path
      continue
    }
    if (typeof next.value !== 'object' || next.value === null) continue
    for (const key of Object.keys(next.value)) {
      const path = [...next.path, key]
      if (key.includes('\u0000')) return path
      pending.push({ value: (next.value as Record<string, unknown>)[key], path })
    }
  }
  return undefined
}

/**
 * Tags, as the wizard edits them: chips written `key` or `key:value`, the key being what comes
 * before the first colon. The API carries them as a map of key to value; a map the API accepts
 * is one the wizard can edit, and the other way round (connector-form-schema.ts runs these
 * rules on the chips, the servers on the map).
 */
export const TAG_MAX_LENGTH = 256
export const MAX_TAGS = 50

/**
 * Keys no object of a body may have, anywhere: assigning them to a plain object changes its
 * prototype instead of adding a key, so a tag or field named so would be lost or, worse, pollute
 * every object. They are refused in words rather than dropped.
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype']

export function tagKeyProblem(key: string): string | undefined {
  if (key.trim() === '') return 'A tag needs a key.'
  if (RESERVED_KEYS.includes(key.trim())) {
    return `"${key.trim()}" cannot be a tag key: __proto__, constructor and prototype are reserved.`
  }
  return undefined
}

/** What is wrong with one chip (`key` or `key:value`), or undefined. */
export function tagChipProblem(chip: string): string | undefined {
  const nul = nulProblem(`The tag "${chip.split('\u0000').join('')}"`, chip)
  if (nul) return nul
  if (chip.length > TAG_MAX_LENGTH) {
    return `A tag can be at most ${TAG_MAX_LENGTH} characters, key and value together (now ${chip.length}).`
  }
  const key = chip.split(':')[0] ?? ''
  if (key.trim() === '') return `The tag "${chip}" needs a key before the colon.`
  return tagKeyProblem(key)
}

/** The problems of a list of chips as a whole: too many of them, or a key used twice. */
export function tagListProblems(chips: readonly string[], entity: string): { index?: number; message: string }[] {
  const problems: { index?: number; message: string }[] = []
  if (chips.length > MAX_TAGS) {
    problems.push({ message: `${entity} can have at most ${MAX_TAGS} tags (now ${chips.length}).` })
  }
  const seen = new Set<string>()
  chips.forEach((chip, index) => {
    const key = (chip.split(':')[0] ?? '').trim()
    if (key && seen.has(key)) problems.push({ index, message: `The tag key "${key}" is used twice: keep one.` })
    seen.add(key)
  })
  return problems
}

/**
 * The same rules for a map of tags, as the APIs receive it: each entry is the chip the wizard
 * would show (`key`, or `key:value` when there is a value). A key with a colon cannot be a chip.
 */
export function tagMapProblems(tags: Readonly<Record<string, string>>, entity: string): string[] {
  const problems: string[] = []
  const chips: string[] = []
  for (const [key, value] of Object.entries(tags)) {
    const chip = value ? `${key}:${value}` : key
    const problem = key.includes(':')
      ? `The tag key "${key}" cannot contain ":", which separates a tag's key from its value.`
      : (tagKeyProblem(key) ?? tagChipProblem(chip))
    if (problem) problems.push(problem)
    chips.push(chip)
  }
  return [...problems, ...tagListProblems(chips, entity).map((problem) => problem.message)]
}

/**
 * The path of the first key of `RESERVED_KEYS` in a parsed JSON value (`connector.spec.__proto__`),
 * or undefined. Iterative, so that a deeply nested body cannot exhaust the stack.
 */
export function reservedKeyPath(value: unknown): { path: string[]; key: string } | undefined {
  type Visit = { value: unknown; key?: string; parent?: Visit }
  const pending: Visit[] = [{ value }]
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue
    for (const key of Object.keys(next.value)) {
      if (RESERVED_KEYS.includes(key)) {
        const path: string[] = []
        for (let at: Visit | undefined = next; at?.key !== undefined; at = at.parent) path.unshift(at.key)
        return { path, key }
      }
      pending.push({ value: (next.value as Record<string, unknown>)[key], key, parent: next })
    }
  }
  return undefined
}
