import type { Document, Node as YamlNode } from 'yaml'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml'
import { checkYamlDocument, CONNECTOR_YAML_LIMITS, prescanYaml } from '../lib/yaml-bounds'

/**
 * Harness connector YAML read with its lines, so that a problem can be shown where it is:
 * "Line 7, spec.dockerRegistryUrl: …". Loaded on demand, like connector-yaml.ts: the `yaml`
 * library is not part of the first page.
 */

/** A problem with a document; `line` is 1-based, `field` an API field id (`spec.auth.type`). */
export type YamlProblem = { line?: number; field?: string; message: string }

export type LocatedConnector = {
  /** The `connector:` block as plain data, as the API takes it. */
  connector: Record<string, unknown>
  /** Whether the document itself has the field (not only an ancestor of it). */
  has: (fieldId: string) => boolean
  /** The line of a field of the connector, or of the nearest part of its path that the document has. */
  lineOf: (fieldId: string) => number
}

/** The words of a problem: "Line 7, spec.dockerRegistryUrl: …", without saying the field twice. */
export function problemText({ line, field, message }: YamlProblem): string {
  const where = line === undefined ? '' : `Line ${line}`
  if (field && !message.startsWith(`${field} `)) return `${where ? `${where}, ` : ''}${field}: ${message}`
  return where ? `${where}: ${message}` : message
}

const MAX_ALIASES = 100

/**
 * The connector a YAML document holds, with a way to find each field's line; or its problems,
 * each with its line: syntax errors, more than one document, no `connector:` map at the top.
 */
export function readConnectorYaml(
  text: string,
): { document: LocatedConnector; problems?: undefined } | { document?: undefined; problems: YamlProblem[] } {
  if (text.trim() === '') {
    return { problems: [{ message: 'The YAML is empty: paste or upload a connector, starting with connector:' }] }
  }
  // Bounded first (yaml-bounds.ts): no text can hold the tab that reads it.
  const tooLarge = prescanYaml(text, CONNECTOR_YAML_LIMITS)
  if (tooLarge) return { problems: [tooLarge] }
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const lineAt = (offset: number) => lineCounter.linePos(offset).line
  if (document.errors.length) {
    return {
      problems: document.errors.map((error) => ({
        // An unclosed quote is found at the end of the text: show where the quote opens.
        line: lineAt(error.code === 'MISSING_CHAR' ? scalarStartAt(document, error.pos[0]) : error.pos[0]),
        message:
          error.code === 'MULTIPLE_DOCS'
            ? 'This is a second document (after ---): give one connector at a time.'
            : sentence(error.message),
      })),
    }
  }
  const bounded = checkYamlDocument(document, CONNECTOR_YAML_LIMITS, lineCounter)
  if (bounded) return { problems: [bounded] }
  const root = document.contents
  const block = isMap(root)
    ? root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'connector')
    : undefined
  if (!block) {
    return { problems: [{ line: 1, message: 'The YAML must have a connector: block at the top.' }] }
  }
  const blockLine = isScalar(block.key) && block.key.range ? lineAt(block.key.range[0]) : 1
  if (!isMap(block.value)) {
    return { problems: [{ line: blockLine, field: 'connector', message: 'connector must be a map of fields.' }] }
  }
  let data: unknown
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIASES })
  } catch (error) {
    return { problems: [{ message: sentence(error instanceof Error ? error.message : String(error)) }] }
  }
  const connector = (data as { connector: Record<string, unknown> }).connector
  const find = (fieldId: string) => findField(document, fieldId, lineAt)
  return {
    document: {
      connector,
      has: (fieldId) => find(fieldId).found,
      lineOf: (fieldId) => find(fieldId).line ?? blockLine,
    },
  }
}

/**
 * Walks `connector.<fieldId>` through the document's maps and lists: the line of the last key
 * (or list item) that exists on the way, and whether the whole path does. Import's documents
 * (connector-yaml-documents.ts) are found the same way.
 */
export function findField(
  document: Document,
  fieldId: string,
  lineAt: (offset: number) => number,
): { line?: number; found: boolean } {
  const path = ['connector', ...(fieldId && fieldId !== 'connector' ? fieldId.split('.') : [])]
  let node: unknown = document.contents
  let line: number | undefined
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment)
      if (!pair) return { line, found: false }
      const key = pair.key as YamlNode
      if (key.range) line = lineAt(key.range[0])
      node = pair.value
    } else if (isSeq(node) && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)] as YamlNode | undefined
      if (!item) return { line, found: false }
      if (item.range) line = lineAt(item.range[0])
      node = item
    } else {
      return { line, found: false }
    }
  }
  return { line, found: true }
}

/** Where the innermost scalar around `offset` starts (`offset` itself if there is none). */
function scalarStartAt(document: Document, offset: number): number {
  let start = offset
  visit(document, {
    Scalar(_, node) {
      if (node.range && node.range[0] <= offset && offset <= node.range[2]) start = node.range[0]
    },
  })
  return start
}

/** The library's message as a sentence of its own, without the position (the line says it). */
function sentence(message: string): string {
  const text = message.replace(/ at line \d+, column \d+[\s\S]*$/, '').trim()
  const capital = text.charAt(0).toUpperCase() + text.slice(1)
  return /[.!?]$/.test(capital) ? capital : `${capital}.`
}
