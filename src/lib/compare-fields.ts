/**
 * Who made a field differ: the user, whoever saved the current version, or both, told from the
 * version the user started from; `unknown` when that version is not known.
 */
export type ChangedBy = 'you' | 'them' | 'both' | 'unknown'

export type FieldDifference = { label: string; current: string; mine: string; changedBy: ChangedBy }

/** A version as a comparison reads it: each field's label and its value in words, in the form's order. */
export type FieldValues = readonly { label: string; value: string }[]

/**
 * The fields in which the user's version and the current one differ, in the form's order, and
 * the labels of those that are the same. A field one side has and the other lacks (a username
 * secret after switching to Anonymous) reads as empty on that side.
 */
export function compareFields(
  current: FieldValues,
  mine: FieldValues,
  base?: FieldValues,
): { differences: FieldDifference[]; same: string[] } {
  const currentValues = byLabel(current)
  const mineValues = byLabel(mine)
  const baseValues = base ? byLabel(base) : undefined
  const labels = [...new Set([...currentValues.keys(), ...mineValues.keys()])]
  const differences: FieldDifference[] = []
  const same: string[] = []
  for (const label of labels) {
    const theirs = currentValues.get(label) ?? ''
    const ours = mineValues.get(label) ?? ''
    if (theirs === ours) {
      same.push(label)
      continue
    }
    differences.push({
      label,
      current: theirs,
      mine: ours,
      changedBy: changedBy(baseValues && (baseValues.get(label) ?? ''), theirs, ours),
    })
  }
  return { differences, same }
}

function byLabel(values: FieldValues): Map<string, string> {
  return new Map(values.map(({ label, value }) => [label, value]))
}

function changedBy(base: string | undefined, theirs: string, ours: string): ChangedBy {
  if (base === undefined) return 'unknown'
  const mineChanged = ours !== base
  const theirsChanged = theirs !== base
  if (mineChanged && theirsChanged) return 'both'
  return mineChanged ? 'you' : 'them'
}
