import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deriveIdentifier, identifierProblem, nameProblem, RESERVED_IDENTIFIERS } from './entity-names'

const nameCharacters = fc.constantFrom(...'abcXYZ019 _.-'.split(''))
const validName = fc
  .array(nameCharacters, { minLength: 1, maxLength: 128 })
  .map((chars) => chars.join(''))
  .filter((name) => nameProblem(name) === undefined)

describe('deriveIdentifier', () => {
  it('turns any valid name into a valid identifier', () => {
    fc.assert(
      fc.property(validName, (name) => {
        expect(identifierProblem(deriveIdentifier(name))).toBeUndefined()
      }),
      { numRuns: 2000 },
    )
  })

  it('gives a valid identifier or nothing for any text at all', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), (text) => {
        const id = deriveIdentifier(text)
        if (id !== '') expect(identifierProblem(id)).toBeUndefined()
        if (/[A-Za-z0-9_.-]/.test(text)) expect(id).not.toBe('')
      }),
      { numRuns: 2000 },
    )
  })

  it('keeps readable names readable', () => {
    expect(deriveIdentifier('My Docker Hub')).toBe('My_Docker_Hub')
    expect(deriveIdentifier('prod-artifactory.eu')).toBe('prod_artifactory_eu')
    expect(deriveIdentifier('  Café Registry ')).toBe('Cafe_Registry')
  })

  it('never starts with a digit and avoids reserved words', () => {
    expect(deriveIdentifier('2024 charts')).toBe('_2024_charts')
    expect(deriveIdentifier('null')).toBe('null_1')
    expect(deriveIdentifier('Account')).toBe('Account')
    expect(identifierProblem(deriveIdentifier('account'))).toBeUndefined()
  })

  it('stops at 128 characters', () => {
    expect(deriveIdentifier('a'.repeat(300))).toHaveLength(128)
  })
})

describe('identifierProblem', () => {
  it.each([
    ['', 'Identifier is required.'],
    ['9lives', 'must start with a letter or _'],
    ['has space', 'can only contain letters, digits and _'],
    ['dollar$', 'can only contain letters, digits and _'],
    ['a'.repeat(129), 'at most 128 characters'],
  ])('refuses %j', (identifier, message) => {
    expect(identifierProblem(identifier)).toContain(message)
  })

  it.each(RESERVED_IDENTIFIERS)('refuses the reserved word %s', (word) => {
    expect(identifierProblem(word)).toContain('reserved word')
  })

  it.each(['docker_hub', '_private', 'A1', 'x'.repeat(128)])('accepts %s', (identifier) => {
    expect(identifierProblem(identifier)).toBeUndefined()
  })
})

describe('nameProblem', () => {
  it.each([
    ['', 'Name is required.'],
    ['   ', 'Name is required.'],
    [' leading', 'cannot start with a space'],
    ['bad/slash', 'remove: /'],
    ['emoji 🚀', 'remove: 🚀'],
    ['x'.repeat(129), 'at most 128 characters'],
  ])('refuses %j', (name, message) => {
    expect(nameProblem(name)).toContain(message)
  })

  it.each(['Docker Hub', 'prod.registry-1', '_internal', 'A'])('accepts %j', (name) => {
    expect(nameProblem(name)).toBeUndefined()
  })
})
