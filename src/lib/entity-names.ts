/**
 * Name and identifier rules shared by connectors and secrets, as Harness NG enforces them
 * (docs/reference/harness-api.md §4).
 */

export const NAME_MAX_LENGTH = 128
export const IDENTIFIER_MAX_LENGTH = 128
export const DESCRIPTION_MAX_LENGTH = 1024

export const IDENTIFIER_PATTERN = /^[a-zA-Z_][0-9a-zA-Z_]{0,127}$/
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
