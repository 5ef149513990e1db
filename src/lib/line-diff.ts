/**
 * A line diff of two small texts (an entity's YAML before and after a change, or two versions of
 * it in a save conflict), for the side-by-side view (src/ui/yaml-diff-view.tsx). The longest common subsequence of lines: quadratic, which is fine for
 * YAML of a few hundred lines; past MAX_CELLS the unmatched middle reads as all changed instead.
 */

export type DiffOp = { kind: 'same' | 'removed' | 'added'; text: string }

/** One row of the side-by-side view: a line of each side, or a gap where the other side has one. */
export type DiffLine = { text: string; number: number; changed: boolean }
export type DiffRow = { before?: DiffLine; after?: DiffLine }

const MAX_CELLS = 4_000_000

/** '' is no lines; otherwise every line, a last empty one too, so joining with '\n' gives the text back. */
export function splitLines(text: string): string[] {
  return text === '' ? [] : text.split('\n')
}

export function diffLines(before: string, after: string): DiffOp[] {
  const a = splitLines(before)
  const b = splitLines(after)
  // A change touches a few lines of many: trimming what both share first keeps the table small.
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const same = (lines: string[]): DiffOp[] => lines.map((text) => ({ kind: 'same', text }))
  return [...same(a.slice(0, start)), ...diffMiddle(a.slice(start, endA), b.slice(start, endB)), ...same(a.slice(endA))]
}

function diffMiddle(a: string[], b: string[]): DiffOp[] {
  const removed = (text: string): DiffOp => ({ kind: 'removed', text })
  const added = (text: string): DiffOp => ({ kind: 'added', text })
  if (a.length * b.length > MAX_CELLS || !a.length || !b.length) return [...a.map(removed), ...b.map(added)]
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..], in one flat array.
  const width = b.length + 1
  const lengths = new Uint32Array((a.length + 1) * width)
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!)
    }
  }
  const ops: DiffOp[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: 'same', text: a[i]! })
      i++
      j++
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      ops.push(removed(a[i++]!))
    } else {
      ops.push(added(b[j++]!))
    }
  }
  return [...ops, ...a.slice(i).map(removed), ...b.slice(j).map(added)]
}

/**
 * The ops as rows side by side: a shared line on both sides, and each run of removed and added
 * lines paired up (a changed line sits next to what it became), the shorter side left with gaps.
 */
export function sideBySide(ops: readonly DiffOp[]): DiffRow[] {
  const rows: DiffRow[] = []
  let beforeNumber = 0
  let afterNumber = 0
  let removed: string[] = []
  let added: string[] = []
  const flush = () => {
    for (let index = 0; index < Math.max(removed.length, added.length); index++) {
      const row: DiffRow = {}
      const gone = removed[index]
      const made = added[index]
      if (gone !== undefined) row.before = { text: gone, number: ++beforeNumber, changed: true }
      if (made !== undefined) row.after = { text: made, number: ++afterNumber, changed: true }
      rows.push(row)
    }
    removed = []
    added = []
  }
  for (const op of ops) {
    if (op.kind === 'removed') removed.push(op.text)
    else if (op.kind === 'added') added.push(op.text)
    else {
      flush()
      rows.push({
        before: { text: op.text, number: ++beforeNumber, changed: false },
        after: { text: op.text, number: ++afterNumber, changed: false },
      })
    }
  }
  flush()
  return rows
}

/** One side's text as the rows hold it: what the diff was made from. */
export function sideText(rows: readonly DiffRow[], side: 'before' | 'after'): string {
  return rows.flatMap((row) => (row[side] ? [row[side].text] : [])).join('\n')
}
