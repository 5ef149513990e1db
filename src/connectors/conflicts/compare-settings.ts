import { connectorSettings } from '../../connector-types/connector-settings'
import type { ConnectorInfo } from '../../lib/api-types'

/**
 * Who made a setting differ: the user, whoever saved the current version, or both, told from the
 * version the user started from; `unknown` when that version is not known.
 */
export type ChangedBy = 'you' | 'them' | 'both' | 'unknown'

export type SettingDifference = { label: string; current: string; mine: string; changedBy: ChangedBy }

/**
 * The settings in which the user's version and the current one differ, in the wizard's order, and
 * the labels of those that are the same. A setting one side has and the other lacks (a username
 * secret after switching to Anonymous) reads as empty on that side.
 */
export function compareSettings(
  current: ConnectorInfo,
  mine: ConnectorInfo,
  base?: ConnectorInfo,
): { differences: SettingDifference[]; same: string[] } {
  const currentValues = valuesByLabel(current)
  const mineValues = valuesByLabel(mine)
  const baseValues = base ? valuesByLabel(base) : undefined
  const labels = [...new Set([...currentValues.keys(), ...mineValues.keys()])]
  const differences: SettingDifference[] = []
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

function valuesByLabel(info: ConnectorInfo): Map<string, string> {
  return new Map(connectorSettings(info).map(({ label, value }) => [label, value]))
}

function changedBy(base: string | undefined, theirs: string, ours: string): ChangedBy {
  if (base === undefined) return 'unknown'
  const mineChanged = ours !== base
  const theirsChanged = theirs !== base
  if (mineChanged && theirsChanged) return 'both'
  return mineChanged ? 'you' : 'them'
}
