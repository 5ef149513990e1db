import { connectorSettings } from '../../connector-types/connector-settings'
import type { ConnectorInfo } from '../../lib/api-types'
import type { FieldDifference } from '../../lib/compare-fields'
import { compareFields } from '../../lib/compare-fields'

/**
 * The settings in which the user's version and the current one differ, in the wizard's order
 * (labels from the type's registry entry, secrets as references), and the labels of those that
 * are the same.
 */
export function compareSettings(
  current: ConnectorInfo,
  mine: ConnectorInfo,
  base?: ConnectorInfo,
): { differences: FieldDifference[]; same: string[] } {
  return compareFields(connectorSettings(current), connectorSettings(mine), base && connectorSettings(base))
}
