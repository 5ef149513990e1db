import type { Scope } from '../lib/scope'
import { useRoles } from './access-control-api'

type Props = {
  id: string
  label: string
  scope: Scope
  value: string
  disabled: boolean
  invalid?: boolean
  onChange: (roleIdentifier: string) => void
}

/** The roles that may be bound at this scope, by name: for a binding and for an invitation. */
export function RoleSelect({ id, label, scope, value, disabled, invalid, onChange }: Props) {
  const roles = useRoles(scope)
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="input"
        value={value}
        disabled={disabled}
        aria-invalid={invalid ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">Choose…</option>
        {(roles.data ?? []).map((entry) => (
          <option key={entry.identifier} value={entry.identifier}>
            {entry.name}
          </option>
        ))}
      </select>
    </div>
  )
}
