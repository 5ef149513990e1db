import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LineCounter, parseDocument } from 'yaml'
import { readConnectorYaml } from '../connector-types/connector-yaml-document'
import { parseConnectorDocuments } from '../connector-types/connector-yaml-documents'
import { pipelineFromYaml } from '../pipeline-model/pipeline-yaml'
import {
  checkYamlDocument,
  CONNECTOR_YAML_LIMITS,
  IMPORT_YAML_LIMITS,
  PIPELINE_YAML_LIMITS,
  prescanYaml,
  YamlBoundsError,
} from './yaml-bounds'

/**
 * The hostile YAML of issue 17, each refused with its line and words before it can hold the
 * thread: 32,000 keys (the duplicate-key check took 36 s), deep nesting, alias floods, a flood of
 * documents. Refusals are checked by what they say and where, never by the clock.
 */

const flatKeys = (count: number, prefix = 'pipeline:\n') =>
  `${prefix}${Array.from({ length: count }, (_, index) => `  k${index}: v`).join('\n')}\n`

function checked(text: string, limits = PIPELINE_YAML_LIMITS) {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, uniqueKeys: false })
  return checkYamlDocument(document, limits, lineCounter)
}

describe('YAML within bounds', () => {
  it('refuses a 32,000-key pipeline before parsing it, naming the line where it passed the limit', () => {
    const text = flatKeys(32_000)
    const problem = prescanYaml(text, PIPELINE_YAML_LIMITS)
    expect(problem?.message).toMatch(
      /^A pipeline can have at most 5,000 keys and list items; this one has more by line/,
    )
    expect(problem?.line).toBeGreaterThan(5_000)
    expect(problem?.line).toBeLessThan(11_000)
    expect(() => pipelineFromYaml(text)).toThrow(/^Invalid YAML at line \d+: A pipeline can have at most 5,000 keys/)
  })

  it('counts keys exactly after the parse, and finds a repeated key among thousands in one pass', () => {
    const keys = Array.from({ length: 4_000 }, (_, index) => `  k${index}: v`)
    keys.push('  k17: again')
    const problem = checked(`pipeline:\n${keys.join('\n')}\n`)
    expect(problem).toEqual({
      line: 4_002,
      message: 'The key k17 appears twice in this map (first on line 19); keep one.',
    })
    expect(checked(flatKeys(5_001))?.message).toBe('A pipeline can have at most 5,000 keys and list items.')
    expect(checked(flatKeys(4_999))).toBeUndefined()
  })

  it('refuses nesting past the limit, in flow and in block style', () => {
    const flow = `pipeline: ${'['.repeat(100)}${']'.repeat(100)}\n`
    expect(prescanYaml(flow, PIPELINE_YAML_LIMITS)).toEqual({
      line: 1,
      message: 'A pipeline can nest at most 64 lists and maps in one another.',
    })
    const block = Array.from({ length: 80 }, (_, depth) => `${'  '.repeat(depth)}k${depth}:`).join('\n') + ' v\n'
    const problem = checked(block)
    expect(problem?.message).toBe('A pipeline can nest at most 64 lists and maps in one another.')
    // The 65th map starts with its first key, on line 65.
    expect(problem?.line).toBe(65)
  })

  it('refuses more aliases than the limit, and keys that are not text', () => {
    const aliases = `anchor: &a x\nlist:\n${Array.from({ length: 101 }, () => '  - *a').join('\n')}\n`
    expect(prescanYaml(aliases, PIPELINE_YAML_LIMITS)).toEqual({
      line: 103,
      message: 'A pipeline can use at most 100 aliases (*name).',
    })
    expect(checked('? [a, b]\n: v\n')).toEqual({
      line: 1,
      message: 'A key must be plain text, not a list, a map or an alias.',
    })
  })

  it('refuses a second document where one is expected, and a flood of documents in an import', () => {
    expect(prescanYaml('a: 1\n---\nb: 2\n', CONNECTOR_YAML_LIMITS)).toEqual({
      line: 2,
      message: 'This is a second document (after ---): give one connector at a time.',
    })
    // A leading --- opens the first document, it is not a second one.
    expect(prescanYaml('---\na: 1\n', CONNECTOR_YAML_LIMITS)).toBeUndefined()
    const flood = Array.from({ length: 1_001 }, (_, index) => `connector:\n  identifier: c${index}\n`).join('---\n')
    expect(() => parseConnectorDocuments(flood)).toThrow(YamlBoundsError)
    expect(() => parseConnectorDocuments(flood)).toThrow(
      /^Line \d+: An import file can hold at most 1,000 documents\.$/,
    )
  })

  it('refuses a connector of thousands of keys in the Create via YAML reader, with its line', () => {
    const result = readConnectorYaml(flatKeys(3_000, 'connector:\n'))
    expect(result.problems?.[0]?.message).toMatch(/^A connector can have at most 1,000 keys and list items/)
    expect(result.problems?.[0]?.line).toBeGreaterThan(1_000)
  })

  it('lets every real-sized document through, and never throws on any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        for (const limits of [PIPELINE_YAML_LIMITS, CONNECTOR_YAML_LIMITS, IMPORT_YAML_LIMITS]) {
          const problem = prescanYaml(text, limits)
          if (problem) {
            expect(problem.line).toBeGreaterThanOrEqual(1)
            expect(problem.message).not.toBe('')
          }
        }
        expect(() => checked(text)).not.toThrow()
      }),
    )
  })
})
