import type { ConnectorInfo } from '../../lib/api-types'
import { ConflictChoice, savedByName } from '../../ui/conflict-choice'
import { ConflictTable } from '../../ui/conflict-table'
import { compareSettings } from './compare-settings'
import type { SaveConflict } from './use-conflicting-save'
import { currentVersionOf } from './use-conflicting-save'

type Props = {
  conflict: SaveConflict
  /** The version the user started from: it tells who changed each setting. */
  base?: ConnectorInfo | undefined
  busy: boolean
  error: Error | null
  onKeepMine: () => void
  onTakeTheirs: () => void
  onClose: () => void
}

/**
 * The wizard's save conflict: the current version and the user's, setting by setting (labels from
 * the type's registry entry, secrets as references), each difference saying in words who made it.
 */
export function SaveConflictDialog({ conflict, base, ...actions }: Props) {
  const { differences, same } = compareSettings(conflict.current.connector, conflict.mine, base)
  const current = currentVersionOf(conflict.current)

  return (
    <ConflictChoice
      subject="connector"
      current={current}
      again={conflict.again}
      into="the form"
      size="medium"
      {...actions}
    >
      <ConflictTable differences={differences} same={same} who={savedByName(current)} noun="setting" />
    </ConflictChoice>
  )
}
