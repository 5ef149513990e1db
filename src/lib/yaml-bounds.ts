import type { Document, LineCounter, Node as YamlNode } from 'yaml'
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml'

/**
 * YAML read within bounds, so that no text can hold the thread that reads it (the server's, or
 * the tab's). `yaml`'s own duplicate-key check compares every key with every other one (32,000
 * keys took 36 s); parsing itself is linear but still costs about 10 ms per 1,000 keys here.
 * So: a linear scan refuses an over-large structure before anything is parsed, and after the
 * parse (without the library's check) one walk counts keys and items, depth and aliases, and
 * finds a repeated key with a Set per map. Every refusal names its line.
 */

export type YamlLimits = {
  /** Keys and list items in all. */
  maxNodes: number
  /** Maps and lists inside one another. */
  maxDepth: number
  maxAliases: number
  maxDocuments: number
  /** What the text is, for the words of a refusal ("A pipeline"). */
  what: string
  /** For a one-document text: what to say of a second document. */
  secondDocument?: string
}

export const PIPELINE_YAML_LIMITS: YamlLimits = {
  maxNodes: 5_000,
  maxDepth: 64,
  maxAliases: 100,
  maxDocuments: 1,
  what: 'A pipeline',
  secondDocument: 'This is a second document (after ---): give one pipeline at a time.',
}
export const CONNECTOR_YAML_LIMITS: YamlLimits = {
  maxNodes: 1_000,
  maxDepth: 32,
  maxAliases: 100,
  maxDocuments: 1,
  what: 'A connector',
  secondDocument: 'This is a second document (after ---): give one connector at a time.',
}
export const IMPORT_YAML_LIMITS: YamlLimits = {
  maxNodes: 50_000,
  maxDepth: 32,
  maxAliases: 1_000,
  maxDocuments: 1_000,
  what: 'An import file',
}

export type YamlBoundProblem = { line: number; message: string }

/** A whole text refused before it is read (too many documents, keys, aliases or nesting). */
export class YamlBoundsError extends Error {
  constructor(readonly problem: YamlBoundProblem) {
    super(`Line ${problem.line}: ${problem.message}`)
    this.name = 'YamlBoundsError'
  }
}

const formatted = (count: number) => count.toLocaleString('en-US')

/**
 * Before parsing: counts what could become keys and items (a `:` that ends a key, a `-` that
 * starts an item, a `,` in a flow collection), the nesting of flow collections, aliases and
 * documents, over the raw text in one pass; the first limit passed is refused with its line.
 * It counts high rather than low (a `: ` inside a quoted string counts), which only matters
 * for texts near a limit that no real connector or pipeline comes near.
 */
export function prescanYaml(text: string, limits: YamlLimits): YamlBoundProblem | undefined {
  let line = 1
  let nodes = 0
  let aliases = 0
  let documents = 1
  let flowDepth = 0
  let atLineStart = true
  let comment = false
  let sawContent = false
  // The scan budget for nodes is looser than the exact limit checked after the parse.
  const nodeBudget = limits.maxNodes * 2 + 100
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (code === 10) {
      line += 1
      atLineStart = true
      comment = false
      continue
    }
    if (comment) continue
    if (atLineStart) {
      if (code === 32 || code === 9) continue
      atLineStart = false
      if (text.startsWith('---', index) && /^---(\s|$)/.test(text.slice(index, index + 4))) {
        if (sawContent) documents += 1
        if (documents > limits.maxDocuments) {
          return {
            line,
            message:
              limits.secondDocument ?? `${limits.what} can hold at most ${formatted(limits.maxDocuments)} documents.`,
          }
        }
        index += 2
        continue
      }
    }
    const previous = index > 0 ? text.charCodeAt(index - 1) : 10
    const next = index + 1 < text.length ? text.charCodeAt(index + 1) : 10
    const spaceBefore = previous === 32 || previous === 9 || previous === 10 || previous === 13
    const spaceAfter = next === 32 || next === 9 || next === 10 || next === 13
    switch (code) {
      case 35: // '#'
        if (spaceBefore) comment = true
        continue
      case 58: // ':' ending a key
        if (spaceAfter || flowDepth > 0) nodes += 1
        break
      case 45: // '-' starting an item
        if (spaceBefore && spaceAfter) nodes += 1
        break
      case 44: // ','
        if (flowDepth > 0) nodes += 1
        break
      case 91: // '['
      case 123: // '{'
        flowDepth += 1
        if (flowDepth > limits.maxDepth) {
          return { line, message: `${limits.what} can nest at most ${limits.maxDepth} lists and maps in one another.` }
        }
        break
      case 93: // ']'
      case 125: // '}'
        flowDepth = Math.max(0, flowDepth - 1)
        break
      case 42: // '*' an alias
        if (spaceBefore || previous === 91 || previous === 44 || previous === 123) aliases += 1
        if (aliases > limits.maxAliases) {
          return { line, message: `${limits.what} can use at most ${formatted(limits.maxAliases)} aliases (*name).` }
        }
        break
    }
    if (code !== 32 && code !== 9 && code !== 13) sawContent = true
    if (nodes > nodeBudget) {
      return {
        line,
        message: `${limits.what} can have at most ${formatted(limits.maxNodes)} keys and list items; this one has more by line ${formatted(line)}.`,
      }
    }
  }
  return undefined
}

/**
 * After parsing (with `uniqueKeys: false`): the exact count of keys and items, the depth, the
 * aliases, and a key given twice in one map, in one walk with a Set per map; iterative, so that
 * depth cannot exhaust the stack. The first problem, with its line.
 */
export function checkYamlDocument(
  document: Document,
  limits: YamlLimits,
  lineCounter: LineCounter,
  counted: { nodes: number; aliases: number } = { nodes: 0, aliases: 0 },
): YamlBoundProblem | undefined {
  const lineOf = (node: unknown) => {
    const range = (node as YamlNode | undefined)?.range
    return range ? lineCounter.linePos(range[0]).line : 1
  }
  const pending: { node: unknown; depth: number }[] = [{ node: document.contents, depth: 0 }]
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, depth } = next
    if (isAlias(node)) {
      counted.aliases += 1
      if (counted.aliases > limits.maxAliases) {
        return {
          line: lineOf(node),
          message: `${limits.what} can use at most ${formatted(limits.maxAliases)} aliases (*name).`,
        }
      }
      continue
    }
    if (!isMap(node) && !isSeq(node)) continue
    if (depth + 1 > limits.maxDepth) {
      return {
        line: lineOf(node),
        message: `${limits.what} can nest at most ${limits.maxDepth} lists and maps in one another.`,
      }
    }
    counted.nodes += node.items.length
    if (counted.nodes > limits.maxNodes) {
      return {
        line: lineOf(node),
        message: `${limits.what} can have at most ${formatted(limits.maxNodes)} keys and list items.`,
      }
    }
    if (isMap(node)) {
      const seen = new Map<string, number>()
      for (const pair of node.items) {
        if (!isPair(pair)) continue
        const key = pair.key
        if (key !== null && !isScalar(key)) {
          if (isAlias(key) || isMap(key) || isSeq(key)) {
            return { line: lineOf(key), message: 'A key must be plain text, not a list, a map or an alias.' }
          }
        }
        const name = isScalar(key) ? String(key.value) : ''
        const first = seen.get(name)
        if (first !== undefined) {
          return {
            line: lineOf(key),
            message: `The key ${name || '(empty)'} appears twice in this map (first on line ${first}); keep one.`,
          }
        }
        seen.set(name, lineOf(key))
        pending.push({ node: pair.value, depth: depth + 1 })
      }
    } else {
      for (const item of node.items) pending.push({ node: item, depth: depth + 1 })
    }
  }
  return undefined
}
