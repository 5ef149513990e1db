import { parseDocument } from 'yaml'

/**
 * Whether an answer is a Helm repository index, and how many charts it lists, without holding
 * the delegate's thread: a public index runs to tens of MB, and parsing 30 MiB of YAML at once
 * took minutes and gigabytes. A small index is parsed (with no quadratic duplicate-key check);
 * a large one is read line by line, handing the thread back between slices so that the test's
 * time limit (and Cancel) can end it: the top-level `apiVersion:`, the `entries:` map, and its
 * keys (the charts) at their indentation are all a connection test needs to know.
 */

export type IndexReading = { ok: true; charts: number; partial?: boolean } | { ok: false }

/** Up to this size the whole document is parsed; above it, scanned. */
export const PARSED_INDEX_BYTES = 256 * 1024
const LINES_PER_SLICE = 20_000

/** A small index, read as YAML: apiVersion, and entries as a map. */
function parsedIndex(text: string): IndexReading {
  const document = parseDocument(text, { uniqueKeys: false })
  if (document.errors.length) return { ok: false }
  let index: unknown
  try {
    index = document.toJS({ maxAliasCount: 100 })
  } catch {
    return { ok: false }
  }
  if (typeof index !== 'object' || index === null) return { ok: false }
  const { apiVersion, entries } = index as { apiVersion?: unknown; entries?: unknown }
  if (typeof apiVersion !== 'string' || !apiVersion) return { ok: false }
  if (entries !== undefined && entries !== null && typeof entries !== 'object') return { ok: false }
  return { ok: true, charts: entries ? Object.keys(entries).length : 0 }
}

/** An index written as JSON (YAML's subset, which Helm reads too). */
function jsonIndex(text: string, truncated: boolean): IndexReading {
  if (!truncated && text.length <= PARSED_INDEX_BYTES) {
    try {
      const index = JSON.parse(text) as { apiVersion?: unknown; entries?: unknown }
      if (typeof index.apiVersion !== 'string' || !index.apiVersion) return { ok: false }
      const entries = index.entries
      return { ok: true, charts: entries && typeof entries === 'object' ? Object.keys(entries).length : 0 }
    } catch {
      return { ok: false }
    }
  }
  return /"apiVersion"\s*:\s*"[^"]+"/.test(text.slice(0, 4096)) || /"apiVersion"\s*:\s*"[^"]+"/.test(text)
    ? { ok: true, charts: 0, partial: true }
    : { ok: false }
}

/**
 * Reads an index answer. `pause` is awaited between slices of a large one: it hands the thread
 * back and throws when the check was stopped (its time limit, Cancel).
 */
export async function readHelmIndex(
  body: Buffer,
  truncated: boolean,
  pause: () => Promise<void>,
): Promise<IndexReading> {
  const text = body.toString('utf8')
  const start = text.trimStart()
  if (start.startsWith('{')) return jsonIndex(text, truncated)
  if (!truncated && body.length <= PARSED_INDEX_BYTES) return parsedIndex(text)

  let apiVersion = false
  let inEntries = false
  let chartIndent = -1
  let charts = 0
  let lines = 0
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at)
    const line = text.slice(at, end < 0 ? text.length : end).replace(/\r$/, '')
    at = end < 0 ? text.length : end + 1
    lines += 1
    if (lines % LINES_PER_SLICE === 0) await pause()
    const content = line.trimStart()
    if (content === '' || content.startsWith('#')) continue
    const indent = line.length - content.length
    if (indent === 0) {
      const top = /^([A-Za-z_][\w.-]*)\s*:(.*)$/.exec(line)
      if (!top) {
        // A document marker or a block of another form: not an index at the top level.
        if (line.startsWith('---') || line.startsWith('...')) continue
        return { ok: false }
      }
      const [, key, rest = ''] = top
      if (key === 'apiVersion' && rest.trim() !== '') apiVersion = true
      inEntries = key === 'entries'
      continue
    }
    if (!inEntries) continue
    if (chartIndent < 0) chartIndent = indent
    if (indent === chartIndent && /^("[^"]*"|'[^']*'|[^\s#"'-][^:]*):\s*(#.*)?$/.test(content)) charts += 1
  }
  return apiVersion ? { ok: true, charts, ...(truncated ? { partial: true } : {}) } : { ok: false }
}
