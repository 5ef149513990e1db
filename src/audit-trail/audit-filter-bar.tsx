import { useId, useState } from 'react'
import type { PrincipalEntryDTO } from '../lib/access-control-types'
import { Button } from '../ui/button'
import type { AuditFilters, TimeRange } from './audit-filters'
import { ACTION_OPTIONS, RESOURCE_TYPE_OPTIONS, TIME_RANGES, isFiltered, timeWindow } from './audit-filters'

type Props = {
  value: AuditFilters
  /** A change to the filters; the page goes back to the first. */
  onChange: (change: Partial<AuditFilters>) => void
  onClear: () => void
  /** The account's users and service accounts, when the caller may list them; otherwise a text field. */
  principals: readonly PrincipalEntryDTO[] | undefined
}

/** Time range, who, action, resource type and resource above the Audit Trail. */
export function AuditFilterBar({ value, onChange, onClear, principals }: Props) {
  const id = useId()
  const badRange = value.range === 'custom' && timeWindow(value) === null

  return (
    <div className="connector-filters audit-filters" role="group" aria-label="Filter events">
      <div className="connector-filters__field">
        <label htmlFor={`${id}-range`}>Time range</label>
        <select
          id={`${id}-range`}
          className="input"
          value={value.range}
          onChange={(event) => onChange({ range: event.target.value as TimeRange })}
        >
          {Object.entries(TIME_RANGES).map(([key, { label }]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {value.range === 'custom' ? (
        <>
          <div className="connector-filters__field">
            <label htmlFor={`${id}-from`}>From</label>
            <input
              id={`${id}-from`}
              className="input"
              type="date"
              value={value.from}
              required
              aria-invalid={badRange || undefined}
              aria-describedby={badRange ? `${id}-range-error` : undefined}
              onChange={(event) => event.target.value && onChange({ from: event.target.value })}
            />
          </div>
          <div className="connector-filters__field">
            <label htmlFor={`${id}-to`}>To</label>
            <input
              id={`${id}-to`}
              className="input"
              type="date"
              value={value.to}
              required
              aria-invalid={badRange || undefined}
              aria-describedby={badRange ? `${id}-range-error` : undefined}
              onChange={(event) => event.target.value && onChange({ to: event.target.value })}
            />
          </div>
        </>
      ) : null}
      {principals ? (
        <div className="connector-filters__field">
          <label htmlFor={`${id}-actor`}>User or service account</label>
          <select
            id={`${id}-actor`}
            className="input"
            value={value.actor}
            onChange={(event) => onChange({ actor: event.target.value })}
          >
            <option value="">Anyone</option>
            {/* An address may name someone no longer listed: they stay chosen. */}
            {value.actor && !principals.some((entry) => entry.identifier === value.actor) ? (
              <option value={value.actor}>{value.actor}</option>
            ) : null}
            {principals.map((entry) => (
              <option key={`${entry.type}/${entry.identifier}`} value={entry.identifier}>
                {entry.name} ({entry.type === 'USER' ? 'user' : 'service account'})
              </option>
            ))}
          </select>
        </div>
      ) : (
        <DraftTextFilter
          id={`${id}-actor`}
          label="User or service account"
          placeholder="Identifier"
          value={value.actor}
          onApply={(actor) => onChange({ actor })}
        />
      )}
      <OptionFilter
        id={`${id}-action`}
        label="Action"
        all="All actions"
        options={ACTION_OPTIONS}
        value={value.action}
        onChange={(action) => onChange({ action })}
      />
      <OptionFilter
        id={`${id}-type`}
        label="Resource type"
        all="All resource types"
        options={RESOURCE_TYPE_OPTIONS}
        value={value.resourceType}
        onChange={(resourceType) => onChange({ resourceType })}
      />
      <DraftTextFilter
        id={`${id}-resource`}
        label="Resource identifier"
        placeholder="Identifier"
        value={value.resource}
        onApply={(resource) => onChange({ resource })}
      />
      {isFiltered(value) ? (
        <Button variant="link" className="connector-filters__clear" onClick={onClear}>
          Clear filters
        </Button>
      ) : null}
      {badRange ? (
        <p id={`${id}-range-error`} className="field__error audit-filters__error" role="alert">
          The range ends before it starts: choose a To day on or after the From day.
        </p>
      ) : null}
    </div>
  )
}

type OptionProps = {
  id: string
  label: string
  all: string
  options: Record<string, string>
  value: string
  onChange: (value: string) => void
}

function OptionFilter({ id, label, all, options, value, onChange }: OptionProps) {
  return (
    <div className="connector-filters__field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{all}</option>
        {value && !Object.hasOwn(options, value) ? <option value={value}>{value}</option> : null}
        {Object.entries(options).map(([key, text]) => (
          <option key={key} value={key}>
            {text}
          </option>
        ))}
      </select>
    </div>
  )
}

type TextProps = { id: string; label: string; placeholder: string; value: string; onApply: (value: string) => void }

/** Applies on Enter or when the field is left, not at every keystroke (each would be a request). */
function DraftTextFilter({ id, label, placeholder, value, onApply }: TextProps) {
  const [draft, setDraft] = useState(value)
  const [applied, setApplied] = useState(value)
  if (applied !== value) {
    setApplied(value)
    setDraft(value)
  }
  const apply = () => {
    if (draft.trim() !== value) onApply(draft.trim())
  }
  return (
    <div className="connector-filters__field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="text"
        placeholder={placeholder}
        aria-describedby={`${id}-hint`}
        autoComplete="off"
        spellCheck={false}
        maxLength={128}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            apply()
          }
        }}
      />
      <span id={`${id}-hint`} className="visually-hidden">
        Press Enter to apply.
      </span>
    </div>
  )
}
