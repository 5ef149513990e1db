import { connectorToYaml } from '../../connector-types/connector-yaml'
import { ConflictChoice } from '../../ui/conflict-choice'
import { YamlDiffView } from '../../ui/yaml-diff-view'
import type { SaveConflict } from './use-conflicting-save'
import { currentVersionOf } from './use-conflicting-save'

type Props = {
  conflict: SaveConflict
  /** The YAML as the user typed it (comments and order kept), not as it was parsed. */
  mineText: string
  busy: boolean
  error: Error | null
  onKeepMine: () => void
  onTakeTheirs: () => void
  onClose: () => void
}

/**
 * Edit YAML's save conflict: the current version's YAML and the user's side by side, line by
 * line, as the audit trail shows a change (read left to right: what Keep mine would change).
 */
export function YamlConflictDialog({ conflict, mineText, ...actions }: Props) {
  return (
    <ConflictChoice
      subject="connector"
      current={currentVersionOf(conflict.current)}
      again={conflict.again}
      into="the editor"
      size="large"
      {...actions}
    >
      <p className="muted">
        Lines marked − are only in the current version, lines marked + only in yours; each is also read out as “removed”
        or “added”.
      </p>
      <YamlDiffView
        oldYaml={connectorToYaml(conflict.current.connector)}
        newYaml={mineText}
        subject={`connector ${conflict.current.connector.identifier}`}
        titles={{ before: 'Current version', after: 'Your version' }}
      />
    </ConflictChoice>
  )
}
