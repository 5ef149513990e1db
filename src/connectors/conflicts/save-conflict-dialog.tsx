import type { ConnectorInfo } from '../../lib/api-types'
import type { ChangedBy } from './compare-settings'
import { compareSettings } from './compare-settings'
import { ConflictChoice, savedByName } from './conflict-choice'
import type { SaveConflict } from './use-conflicting-save'

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
  const who = savedByName(conflict)
  const changedWords: Record<ChangedBy, string> = {
    you: 'Changed by you',
    them: `Changed by ${who}`,
    both: `Changed by you and by ${who}`,
    unknown: 'Differs',
  }

  return (
    <ConflictChoice conflict={conflict} into="the form" size="medium" {...actions}>
      {differences.length ? (
        <div className="conflict-table__scroll">
          <table className="table conflict-table">
            <caption>
              {differences.length === 1 ? '1 setting differs' : `${differences.length} settings differ`}
            </caption>
            <thead>
              <tr>
                <th scope="col">Setting</th>
                <th scope="col">Current version</th>
                <th scope="col">Your version</th>
              </tr>
            </thead>
            <tbody>
              {differences.map((difference) => (
                <tr key={difference.label}>
                  <th scope="row">
                    {difference.label}
                    <span className="conflict-table__who">{changedWords[difference.changedBy]}</span>
                  </th>
                  <td>
                    <Value text={difference.current} />
                  </td>
                  <td>
                    <Value text={difference.mine} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Your version and the current version have the same settings.</p>
      )}
      {differences.length && same.length ? <p className="muted">The same in both: {same.join(', ')}.</p> : null}
    </ConflictChoice>
  )
}

function Value({ text }: { text: string }) {
  if (text) return <span className="conflict-table__value">{text}</span>
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">none</span>
    </>
  )
}
