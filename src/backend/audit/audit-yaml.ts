/**
 * The YAML an audit event holds (before and after a change): block style, keys in their order,
 * a string plain where nothing could read it as another type, otherwise double-quoted. Written
 * for the trail's records, which are plain JSON data: every change writes one or two of these
 * inside its transaction, and the `yaml` library took most of an event's cost (issue 20's
 * create throughput). It parses back, with any YAML 1.2 reader, to the value it was given
 * (audit-yaml.test.ts checks that for any JSON value).
 */

const INDENT = '  '

// Plain only when it is short, starts with a letter, slash or underscore, and holds no character a
// YAML reader gives a meaning (`: `, ` #`, flow brackets, quotes, a leading indicator).
const PLAIN = /^[A-Za-z_/][A-Za-z0-9 _./:@+=,()-]{0,79}$/
// Words a YAML 1.1 or 1.2 reader would take for a boolean or null.
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i

function isPlain(text: string): boolean {
  return PLAIN.test(text) && !RESERVED.test(text) && !text.endsWith(' ') && !/: |:$| #/.test(text)
}

/** JSON's quoting is YAML's double-quoted style, once what YAML does not print is escaped too. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/g,
    (character, offset: number, whole: string) => {
      // A surrogate pair is one printable character; only a lone surrogate is escaped.
      const code = character.charCodeAt(0)
      if (code >= 0xd800 && code <= 0xdbff) {
        const next = whole.charCodeAt(offset + 1)
        if (next >= 0xdc00 && next <= 0xdfff) return character
      } else if (code >= 0xdc00 && code <= 0xdfff) {
        const before = whole.charCodeAt(offset - 1)
        if (before >= 0xd800 && before <= 0xdbff) return character
      }
      return `\\u${code.toString(16).padStart(4, '0')}`
    },
  )
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return isPlain(value) ? value : quoted(value)
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : value > 0 ? '.inf' : value < 0 ? '-.inf' : '.nan'
  if (typeof value === 'boolean') return String(value)
  // A bigint, as JSON data never holds another kind of scalar.
  return quoted(typeof value === 'bigint' ? value.toString() : JSON.stringify(value))
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A value that takes lines of its own: a map or list with something in it. */
function isBlock(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return value.length > 0
  if (!isMap(value)) return false
  for (const key of Object.keys(value)) if (value[key] !== undefined) return true
  return false
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return '[]'
  if (isMap(value)) return '{}'
  return scalar(value)
}

/**
 * Appends the lines of a map or list with something in it, at `indent`, to `out` (one array for
 * the whole document: an event writes this inside its change's transaction).
 */
function block(value: Record<string, unknown> | unknown[], indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isBlock(item)) {
        // The item's first line moves up onto its dash.
        const first = out.length
        block(item, `${indent}${INDENT}`, out)
        out[first] = `${indent}- ${out[first]!.slice(indent.length + INDENT.length)}`
      } else out.push(`${indent}- ${inline(item)}`)
    }
    return
  }
  for (const key of Object.keys(value)) {
    const item = value[key]
    if (item === undefined) continue
    if (isBlock(item)) {
      out.push(`${indent}${scalar(key)}:`)
      block(item, `${indent}${INDENT}`, out)
    } else out.push(`${indent}${scalar(key)}: ${inline(item)}`)
  }
}

export function auditYaml(document: Record<string, unknown>): string {
  if (!isBlock(document)) return '{}\n'
  const out: string[] = []
  block(document, '', out)
  return `${out.join('\n')}\n`
}
