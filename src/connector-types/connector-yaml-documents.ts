import { LineCounter, parseAllDocuments } from 'yaml'
import type { ConnectorInfo } from '../lib/api-types'
import { checkYamlDocument, IMPORT_YAML_LIMITS, prescanYaml, YamlBoundsError } from '../lib/yaml-bounds'
import { checkConnectorDocument } from './connector-document-check'
import { connectorToYaml } from './connector-yaml'
import { findField } from './connector-yaml-document'

/**
 * Many connectors in one file, as Harness YAML documents (`connector:` blocks separated by
 * `---`): what Export writes and Import reads. Loaded on demand, with the `yaml` library.
 */

export type YamlDocumentProblem = { line: number; field: string; message: string }

export type ConnectorYamlDocument = {
  /** 1 for the file's first document (empty ones are not counted). */
  index: number
  /** The line its content starts on. */
  line: number
  /** Set when the document passes every rule the import can check before writing. */
  connector?: ConnectorInfo
  /** The identifier it names, even when invalid (to say which one in the preview). */
  identifier: string
  name: string
  problems: YamlDocumentProblem[]
  /** The line of a field (an API field id, `spec.auth.type`): for what the server says at write time. */
  lineOf: (fieldId: string) => number
}

export function connectorsToYaml(connectors: readonly ConnectorInfo[]): string {
  return connectors.map(connectorToYaml).join('---\n')
}

/**
 * The documents of an import file, each with its problems. A file over the import's bounds
 * (yaml-bounds.ts: documents, keys, aliases, nesting) is refused whole, before it is parsed:
 * throws a YamlBoundsError that names the line.
 */
export function parseConnectorDocuments(text: string): ConnectorYamlDocument[] {
  const tooLarge = prescanYaml(text, IMPORT_YAML_LIMITS)
  if (tooLarge) throw new YamlBoundsError(tooLarge)
  const lineCounter = new LineCounter()
  const lineAt = (offset: number) => lineCounter.linePos(offset).line
  const parsed: ConnectorYamlDocument[] = []
  const firstWithIdentifier = new Map<string, number>()
  // Keys and aliases count over the whole file; nesting and repeated keys per document.
  const counted = { nodes: 0, aliases: 0 }
  for (const document of parseAllDocuments(text, { lineCounter, uniqueKeys: false })) {
    const bounded = checkYamlDocument(document, IMPORT_YAML_LIMITS, lineCounter, counted)
    if (bounded && (counted.nodes > IMPORT_YAML_LIMITS.maxNodes || counted.aliases > IMPORT_YAML_LIMITS.maxAliases)) {
      throw new YamlBoundsError(bounded)
    }
    let value: unknown
    // An alias bomb, say: the library refuses to expand it.
    let failure: string | undefined
    try {
      value = document.toJS({ maxAliasCount: 100 })
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error)
    }
    // A `---` at the end, or a document of comments only.
    if ((value === null || value === undefined) && !failure && !document.errors.length) continue
    const contents = document.contents
    const line = lineAt(contents?.range?.[0] ?? document.range[0])
    const lineOf = (fieldId: string) => findField(document, fieldId, lineAt).line ?? line
    const connector = isRecord(value) && isRecord(value.connector) ? value.connector : {}
    const entry: ConnectorYamlDocument = {
      index: parsed.length + 1,
      line,
      identifier: typeof connector.identifier === 'string' ? connector.identifier : '',
      name: typeof connector.name === 'string' ? connector.name : '',
      problems: [],
      lineOf,
    }
    parsed.push(entry)
    if (document.errors.length || failure || bounded) {
      entry.problems = document.errors.map((error) => ({
        line: error.linePos?.[0].line ?? line,
        field: 'YAML',
        // The line is said apart; the message's code frame is not for a table cell.
        message: (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '.'),
      }))
      if (failure) entry.problems.push({ line, field: 'YAML', message: failure })
      if (bounded) entry.problems.push({ line: bounded.line, field: 'YAML', message: bounded.message })
      continue
    }
    const checked = checkConnectorDocument(value)
    entry.problems = checked.errors.map(({ fieldId, error }) => ({
      line: lineOf(fieldId),
      field: fieldId,
      message: error,
    }))
    if (checked.connector) entry.connector = checked.connector
    // Two documents for one identifier: the second would overwrite the first in the same import.
    const first = entry.identifier ? firstWithIdentifier.get(entry.identifier) : undefined
    if (first !== undefined && entry.connector) {
      delete entry.connector
      entry.problems.push({
        line: lineOf('identifier'),
        field: 'identifier',
        message: `${entry.identifier} is also the identifier of document ${first} in this file.`,
      })
    } else if (entry.identifier && first === undefined) firstWithIdentifier.set(entry.identifier, entry.index)
  }
  return parsed
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
