// @vitest-environment node
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nobleMac } from '../../backend/audit/audit-chain'
import { nodeMac } from './node-mac'

describe("the server's native audit MAC", () => {
  it('is the MAC the demo computes, for any key and any text (a trail written by one verifies in the other)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string({ unit: 'grapheme' }), (key, content) => {
        expect(nodeMac(key, content)).toBe(nobleMac(key, content))
      }),
      { numRuns: 300 },
    )
  })
})
