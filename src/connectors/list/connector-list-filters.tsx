import { useId, useState } from 'react'
import { CONNECTOR_TYPES } from '../../connector-types/registry'
import { tagFilterProblem } from '../../lib/list-limits'
import { Button } from '../../ui/button'
import type { ConnectorListParams, ConnectorListSort, SortOrder, StatusFilter } from './connector-list-params'
import { STATUS_FILTERS, tagList } from './connector-list-params'

type Filters = Pick<ConnectorListParams, 'type' | 'status' | 'tag' | 'sort' | 'order'>

type Props = {
  value: Filters
  /** A change to the filters or the order; the page goes back to the first. */
  onChange: (change: Partial<Filters>) => void
  onClear: () => void
  filtered: boolean
}

/** The orders a narrow screen picks here, where the table has no header row. */
const SORT_CHOICES: { value: `${ConnectorListSort}:${SortOrder}`; label: string }[] = [
  { value: 'lastModified:desc', label: 'Last updated, newest first' },
  { value: 'lastModified:asc', label: 'Last updated, oldest first' },
  { value: 'name:asc', label: 'Name, A to Z' },
  { value: 'name:desc', label: 'Name, Z to A' },
  { value: 'lastTested:desc', label: 'Last tested, newest first' },
  { value: 'lastTested:asc', label: 'Last tested, oldest first' },
]

/** Type, Connectivity status and Tags filters above the connector list (and, on a phone, its order). */
export function ConnectorListFilters({ value, onChange, onClear, filtered }: Props) {
  const id = useId()
  // The tag filter applies on Enter or when the field is left, not at every keystroke.
  const [tagDraft, setTagDraft] = useState(value.tag)
  const [appliedTag, setAppliedTag] = useState(value.tag)
  if (appliedTag !== value.tag) {
    setAppliedTag(value.tag)
    setTagDraft(value.tag)
  }
  // Too many tags (or too long) are said at the field and not applied: the list stays as it is.
  const [tagProblem, setTagProblem] = useState<string | undefined>()
  const applyTag = () => {
    const problem = tagFilterProblem(tagList(tagDraft))
    setTagProblem(problem)
    if (!problem && tagDraft.trim() !== value.tag) onChange({ tag: tagDraft.trim() })
  }

  return (
    <div className="connector-filters" role="group" aria-label="Filter connectors">
      <div className="connector-filters__field">
        <label htmlFor={`${id}-type`}>Type</label>
        <select
          id={`${id}-type`}
          className="input"
          value={value.type}
          onChange={(event) => onChange({ type: event.target.value })}
        >
          <option value="">All types</option>
          {CONNECTOR_TYPES.map((definition) => (
            <option key={definition.type} value={definition.type}>
              {definition.label}
            </option>
          ))}
        </select>
      </div>
      <div className="connector-filters__field">
        <label htmlFor={`${id}-status`}>Connectivity status</label>
        <select
          id={`${id}-status`}
          className="input"
          value={value.status}
          onChange={(event) => onChange({ status: event.target.value as StatusFilter | '' })}
        >
          <option value="">All statuses</option>
          {Object.entries(STATUS_FILTERS).map(([key, { label }]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="connector-filters__field connector-filters__field--tags">
        <label htmlFor={`${id}-tags`}>Tags</label>
        <input
          id={`${id}-tags`}
          className="input"
          type="text"
          placeholder="key or key:value"
          aria-describedby={tagProblem ? `${id}-tags-error ${id}-tags-hint` : `${id}-tags-hint`}
          aria-invalid={tagProblem ? true : undefined}
          autoComplete="off"
          spellCheck={false}
          value={tagDraft}
          onChange={(event) => setTagDraft(event.target.value)}
          onBlur={applyTag}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault()
              applyTag()
            }
          }}
        />
        <span id={`${id}-tags-hint`} className="visually-hidden">
          Press Enter to apply. Separate several tags with commas; a connector must have them all.
        </span>
        {tagProblem ? (
          <span id={`${id}-tags-error`} className="field__error" role="alert">
            {tagProblem}
          </span>
        ) : null}
      </div>
      <div className="connector-filters__field connector-filters__sort">
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select
          id={`${id}-sort`}
          className="input"
          value={`${value.sort}:${value.order}`}
          onChange={(event) => {
            const [sort, order] = event.target.value.split(':') as [ConnectorListSort, SortOrder]
            onChange({ sort, order })
          }}
        >
          {SORT_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      {filtered ? (
        <Button variant="link" className="connector-filters__clear" onClick={onClear}>
          Clear filters
        </Button>
      ) : null}
    </div>
  )
}
