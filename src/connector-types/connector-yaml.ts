import { parse, stringify } from 'yaml'
import type { ConnectorInfo } from '../lib/api-types'

/**
 * A connector as Harness YAML (`connector:` at the top, as Harness's YAML view and Git sync
 * write it). Loaded on demand: the `yaml` library is not part of the first page.
 */
export function connectorToYaml(connector: ConnectorInfo): string {
  return stringify({ connector })
}

/** The connector a YAML document holds, or what keeps it from being one. */
export function connectorFromYaml(text: string): { connector: ConnectorInfo } | { error: string } {
  let document: unknown
  try {
    document = parse(text)
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
  const connector =
    typeof document === 'object' && document !== null ? (document as Record<string, unknown>).connector : undefined
  if (typeof connector !== 'object' || connector === null || Array.isArray(connector)) {
    return { error: 'The YAML must have a connector: block at the top.' }
  }
  const info = connector as Record<string, unknown>
  const required = ['name', 'identifier', 'type'] as const
  const missing = required.filter((key) => typeof info[key] !== 'string')
  if (missing.length) return { error: `connector needs ${missing.join(', ')}.` }
  const tags = typeof info.tags === 'object' && info.tags !== null ? (info.tags as Record<string, string>) : {}
  const spec = typeof info.spec === 'object' && info.spec !== null ? (info.spec as Record<string, unknown>) : {}
  return { connector: { ...(info as Omit<ConnectorInfo, 'tags' | 'spec'>), tags, spec } }
}
