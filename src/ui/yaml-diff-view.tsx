import type { ReactNode } from 'react'
import { useId } from 'react'
import type { DiffLine, DiffRow } from '../lib/line-diff'
import { diffLines, sideBySide } from '../lib/line-diff'
import './yaml-diff.css'

type Props = {
  /** null: the entity did not exist before (a create) or after (a delete). */
  oldYaml: string | null
  newYaml: string | null
  /** What changed, for the columns' names: "connector docker_hub_public". */
  subject: string
  /** The columns' titles: Before and After unless said (a conflict compares two versions). */
  titles?: { before: ReactNode; after: ReactNode }
}

/**
 * Before and After (the audit trail), or two versions (a save conflict), side by side, changed
 * lines next to what they became. A change is said with a −/+ marker and <del>/<ins> (announced as
 * "removed"/"added"), not by its colour alone; a line with nothing opposite leaves a gap so the two
 * columns stay aligned. A create has only After, a delete only Before.
 */
export function YamlDiffView({ oldYaml, newYaml, subject, titles = { before: 'Before', after: 'After' } }: Props) {
  const id = useId()
  const rows = sideBySide(diffLines(oldYaml ?? '', newYaml ?? ''))
  // A YAML text ends with a newline: its empty last line is nobody's change.
  const last = rows.at(-1)
  if (last && last.before?.text === '' && last.after?.text === '' && !last.before.changed) rows.pop()
  const both = oldYaml !== null && newYaml !== null

  return (
    <div className={both ? 'yaml-diff' : 'yaml-diff yaml-diff--single'}>
      {oldYaml !== null ? (
        <DiffColumn
          id={`${id}-before`}
          title={titles.before}
          subject={subject}
          rows={rows}
          side="before"
          marked={both}
        />
      ) : null}
      {newYaml !== null ? (
        <DiffColumn id={`${id}-after`} title={titles.after} subject={subject} rows={rows} side="after" marked={both} />
      ) : null}
    </div>
  )
}

type ColumnProps = {
  id: string
  title: ReactNode
  subject: string
  rows: DiffRow[]
  side: 'before' | 'after'
  /** Only when there are two sides: a created entity's every line is not "added" news. */
  marked: boolean
}

function DiffColumn({ id, title, subject, rows, side, marked }: ColumnProps) {
  const lines = marked ? rows.map((row) => row[side]) : rows.flatMap((row) => (row[side] ? [row[side]] : []))
  return (
    <figure className="yaml-diff__column">
      <figcaption id={id} className="yaml-diff__title">
        {title}
        <span className="visually-hidden"> ({subject})</span>
      </figcaption>
      <pre className="yaml-diff__lines" tabIndex={0} aria-labelledby={id}>
        {lines.map((line, index) =>
          line ? (
            <Line key={index} line={line} side={side} marked={marked} />
          ) : (
            // Opposite a line the other side has alone.
            <span key={index} className="yaml-diff__line yaml-diff__line--gap" aria-hidden="true">
              {' \n'}
            </span>
          ),
        )}
      </pre>
    </figure>
  )
}

function Line({ line, side, marked }: { line: DiffLine; side: 'before' | 'after'; marked: boolean }) {
  if (!marked || !line.changed) {
    return (
      <span className="yaml-diff__line">
        <span className="yaml-diff__marker" aria-hidden="true">
          {' '}
        </span>
        {`${line.text}\n`}
      </span>
    )
  }
  const Change = side === 'before' ? 'del' : 'ins'
  return (
    <span className={`yaml-diff__line yaml-diff__line--${side === 'before' ? 'removed' : 'added'}`}>
      <span className="yaml-diff__marker" aria-hidden="true">
        {side === 'before' ? '−' : '+'}
      </span>
      <Change>
        <span className="visually-hidden">{side === 'before' ? 'removed: ' : 'added: '}</span>
        {line.text}
      </Change>
      {'\n'}
    </span>
  )
}
