import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pipeline, text } from './pipeline-test-arbitraries'
import { pipelineFromYaml, pipelineToYaml } from './pipeline-yaml'

describe('pipeline YAML, for any pipeline the editor can hold', () => {
  it('reads back the model it wrote (model → YAML → model is the identity)', () => {
    fc.assert(
      fc.property(pipeline, (model) => {
        expect(pipelineFromYaml(pipelineToYaml(model))).toEqual(model)
      }),
      { numRuns: 300 },
    )
  })

  it('writes the same text again after reading its own YAML', () => {
    fc.assert(
      fc.property(pipeline, (model) => {
        const yaml = pipelineToYaml(model)
        expect(pipelineToYaml(pipelineFromYaml(yaml))).toBe(yaml)
      }),
      { numRuns: 150 },
    )
  })

  it('keeps a __proto__ key as an ordinary key, never as a prototype', () => {
    fc.assert(
      fc.property(pipeline, (model) => {
        const read = pipelineFromYaml(pipelineToYaml(model))
        expect(Object.getPrototypeOf(read.rest)).toBe(Object.prototype)
        expect(Object.getPrototypeOf(read.tags)).toBe(Object.prototype)
      }),
      { numRuns: 100 },
    )
  })

  it('answers any text with a pipeline or an Error, never anything else', () => {
    const yamlish = fc.oneof(
      text,
      fc.string({ maxLength: 200 }),
      fc
        .array(
          fc.constantFrom(
            'pipeline:',
            '  stages:',
            '    - stage:',
            '        type: Deployment',
            '  name: x',
            ' - [',
            '{',
            ': :',
            '&a',
            '*a',
            '\t',
          ),
          { maxLength: 8 },
        )
        .map((lines) => lines.join('\n')),
    )
    fc.assert(
      fc.property(yamlish, (input) => {
        try {
          pipelineFromYaml(input)
        } catch (error) {
          expect(error).toBeInstanceOf(Error)
          expect((error as Error).message.length).toBeGreaterThan(10)
        }
      }),
      { numRuns: 500 },
    )
  })
})
