import { useDeferredValue, useId, useState } from 'react'
import { formatReference } from '../lib/references'
import type { Scope } from '../lib/scope'
import { SCOPE_LEVEL_LABELS, scopeLevel } from '../lib/scope'
import { RelativeTime } from '../ui/relative-time'
import { useSecretList } from './secret-api'
import { SecretLocation } from './secret-location'

type Props = {
  scope: Scope
  ownerScope: Scope
  selected: string
  onChoose: (reference: string) => void
  /** Double-click or Enter on a secret: choose and close. */
  onApply: (reference: string) => void
}

export function SecretList({ scope, ownerScope, selected, onChoose, onApply }: Props) {
  const [search, setSearch] = useState('')
  const deferredSearch = useDeferredValue(search)
  const secrets = useSecretList(scope, deferredSearch)
  const searchId = useId()
  const label = SCOPE_LEVEL_LABELS[scopeLevel(scope)]
  const items = secrets.data?.content ?? []

  return (
    <div className="secret-list">
      <label className="visually-hidden" htmlFor={searchId}>
        Search {label.toLowerCase()} secrets
      </label>
      <input
        id={searchId}
        className="input"
        type="search"
        placeholder="Search secrets"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {secrets.isPending ? (
        <p className="muted" role="status">
          Loading secrets…
        </p>
      ) : secrets.isError ? (
        <p className="field__error" role="alert">
          The secrets could not be loaded. {secrets.error.message}
        </p>
      ) : items.length === 0 ? (
        <p className="muted">
          {deferredSearch
            ? `No ${label.toLowerCase()} secret matches "${deferredSearch}".`
            : `No secrets at the ${label.toLowerCase()} scope yet.`}
        </p>
      ) : (
        <fieldset className="secret-list__options">
          <legend className="visually-hidden">{label} secrets</legend>
          {items.map(({ secret, updatedAt }) => {
            const reference = formatReference(secret.identifier, scope, ownerScope)
            return (
              <label key={secret.identifier} className="secret-option" onDoubleClick={() => onApply(reference)}>
                <input
                  type="radio"
                  name={`secret-${scopeLevel(scope)}`}
                  value={reference}
                  checked={selected === reference}
                  onChange={() => onChoose(reference)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') {
                      event.preventDefault()
                      onApply(reference)
                    }
                  }}
                />
                <span className="secret-option__name">{secret.name}</span>
                <span className="secret-option__meta">
                  <code>{reference}</code> · updated <RelativeTime timestamp={updatedAt} />
                </span>
                <SecretLocation spec={secret.spec} className="secret-option__meta" />
              </label>
            )
          })}
        </fieldset>
      )}
    </div>
  )
}
