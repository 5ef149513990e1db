import type { ChangedBy, FieldDifference } from '../lib/compare-fields'

type Props = {
  differences: FieldDifference[]
  same: string[]
  /** Whoever saved the current version, in words. */
  who: string
  /** What a row is called: "setting", "field". */
  noun: string
}

/**
 * A save conflict's comparison, field by field: the current version and the user's, each
 * difference saying in words who made it, then the fields that are the same in both.
 */
export function ConflictTable({ differences, same, who, noun }: Props) {
  const changedWords: Record<ChangedBy, string> = {
    you: 'Changed by you',
    them: `Changed by ${who}`,
    both: `Changed by you and by ${who}`,
    unknown: 'Differs',
  }
  const heading = noun.charAt(0).toUpperCase() + noun.slice(1)

  return (
    <>
      {differences.length ? (
        <div className="conflict-table__scroll">
          <table className="table conflict-table">
            <caption>
              {differences.length === 1 ? `1 ${noun} differs` : `${differences.length} ${noun}s differ`}
            </caption>
            <thead>
              <tr>
                <th scope="col">{heading}</th>
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
        <p>Your version and the current version have the same {noun}s.</p>
      )}
      {differences.length && same.length ? <p className="muted">The same in both: {same.join(', ')}.</p> : null}
    </>
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
