import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { auditYaml } from './audit-yaml'

// What the trail's records are: JSON data (no undefined left once written as JSON).
const jsonDocument = fc.dictionary(fc.string({ unit: 'grapheme-ascii' }), fc.jsonValue())
const unicodeDocument = fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ stringUnit: 'binary' }))

describe('the YAML of an audit event', () => {
  it('reads back, with a YAML 1.2 reader, as the value it was written from, for any JSON document', () => {
    for (const documents of [jsonDocument, unicodeDocument]) {
      fc.assert(
        fc.property(documents, (document) => {
          const written = auditYaml(document)
          // -0 is written as 0, as JSON writes it.
          expect(parse(written)).toEqual(JSON.parse(JSON.stringify(document)))
        }),
        { numRuns: 500 },
      )
    }
  })

  it('reads a string that looks like another type as that string', () => {
    const tricky = [
      'true',
      'No',
      'null',
      '~',
      '0x1F',
      '1e3',
      '.inf',
      '-',
      '- a',
      'a: b',
      'a #b',
      ' lead',
      'trail ',
      '',
      '@x',
      '"q"',
      "'q'",
      '[a]',
      '{a}',
      '*ref',
      '&anchor',
      '!tag',
      '%dir',
      '|',
      '>',
      '?',
      'a\nb',
      'tab\there',
      '2026-12-06',
      '12:30',
      'y',
      'on',
    ]
    const document = { values: tricky, keys: Object.fromEntries(tricky.map((text, index) => [text, index])) }
    expect(parse(auditYaml(document))).toEqual(document)
  })

  it('writes a connector as the yaml library does, so the trail reads as the YAML view', () => {
    const connector = {
      connector: {
        name: 'Docker Hub',
        identifier: 'docker_hub',
        description: 'Pulls: images for payments',
        orgIdentifier: 'default',
        projectIdentifier: 'payments',
        tags: { team: 'payments', tier: '' },
        type: 'DockerRegistry',
        spec: {
          dockerRegistryUrl: 'https://registry-1.docker.io/v2/',
          providerType: 'DockerHub',
          auth: { type: 'UsernamePassword', spec: { username: 'ci-bot', passwordRef: 'account.docker_pw' } },
          delegateSelectors: ['west', 'helm-1'],
          proxy: false,
          port: 5000,
        },
      },
    }
    expect(auditYaml(connector)).toBe(stringify(connector))
  })
})
