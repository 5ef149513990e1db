import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { diffLines, sideBySide, sideText } from './line-diff'

const OLD = 'connector:\n  name: Hub\n  spec:\n    url: https://old.test\n    auth: anonymous\n'
const NEW = 'connector:\n  name: Hub\n  spec:\n    url: https://new.test\n    auth: anonymous\n'

describe('the line diff', () => {
  it('marks the one changed line and keeps the rest as shared', () => {
    expect(diffLines(OLD, NEW).filter((op) => op.kind !== 'same')).toEqual([
      { kind: 'removed', text: '    url: https://old.test' },
      { kind: 'added', text: '    url: https://new.test' },
    ])
  })

  it('puts a changed line next to what it became, with each side’s own line numbers', () => {
    const rows = sideBySide(diffLines('a\nb\nc', 'a\nB\nx\nc'))
    expect(rows).toEqual([
      { before: { text: 'a', number: 1, changed: false }, after: { text: 'a', number: 1, changed: false } },
      { before: { text: 'b', number: 2, changed: true }, after: { text: 'B', number: 2, changed: true } },
      { after: { text: 'x', number: 3, changed: true } },
      { before: { text: 'c', number: 3, changed: false }, after: { text: 'c', number: 4, changed: false } },
    ])
  })

  it('finds lines moved apart by an insertion as shared, not changed', () => {
    const ops = diffLines('a\nb\nc\nd', 'a\nx\nb\nc\ny\nd')
    expect(ops.filter((op) => op.kind === 'added').map((op) => op.text)).toEqual(['x', 'y'])
    expect(ops.some((op) => op.kind === 'removed')).toBe(false)
  })

  it('reads a created or deleted text as all added or all removed', () => {
    expect(diffLines('', 'a\nb').map((op) => op.kind)).toEqual(['added', 'added'])
    expect(diffLines('a\nb', '').map((op) => op.kind)).toEqual(['removed', 'removed'])
    expect(diffLines('', '')).toEqual([])
  })

  it('gives back both texts exactly, whatever they are (property)', () => {
    // Few distinct lines, so that shared lines, repeats and moves all happen.
    const line = fc.constantFrom('a', 'b', 'c', '', '  key: value', 'url: x')
    const text = fc.array(line, { maxLength: 30 }).map((lines) => lines.join('\n'))
    fc.assert(
      fc.property(text, text, (before, after) => {
        const ops = diffLines(before, after)
        const rows = sideBySide(ops)
        expect(sideText(rows, 'before')).toBe(before)
        expect(sideText(rows, 'after')).toBe(after)
        // Nothing shared is marked, and a row never holds two unchanged lines that differ.
        for (const row of rows) {
          if (row.before && row.after && !row.before.changed) expect(row.after.text).toBe(row.before.text)
        }
      }),
    )
  })

  it('keeps the longest common subsequence: no shorter diff exists (property)', () => {
    const line = fc.constantFrom('a', 'b', 'c')
    const text = fc.array(line, { maxLength: 8 }).map((lines) => lines.join('\n'))
    fc.assert(
      fc.property(text, text, (before, after) => {
        const shared = diffLines(before, after).filter((op) => op.kind === 'same').length
        expect(shared).toBe(lcsLength(before ? before.split('\n') : [], after ? after.split('\n') : []))
      }),
    )
  })
})

function lcsLength(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0
  if (a[0] === b[0]) return 1 + lcsLength(a.slice(1), b.slice(1))
  return Math.max(lcsLength(a.slice(1), b), lcsLength(a, b.slice(1)))
}
