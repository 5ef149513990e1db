import { useDeferredValue, useId, useState } from 'react'
import { displayUrl } from '../connector-types/connector-model'
import { getConnectorType } from '../connector-types/registry'
import { formatReference } from '../lib/references'
import type { Scope } from '../lib/scope'
import { SCOPE_LEVEL_LABELS, scopeLevel, visibleScopes } from '../lib/scope'
import { Button } from '../ui/button'
import { Dialog } from '../ui/dialog'
import { ConnectivityBadge } from './connection-test/connectivity-badge'
import { useConnectorsOfType } from './connector-api'

type Props = {
  connectorType: string
  ownerScope: Scope
  selectedReference: string
  onSelect: (reference: string) => void
  onCreateNew: () => void
  onClose: () => void
}

/** Existing connectors of one type, grouped by the scopes the owner can use, and a way to add one. */
export function ConnectorPickerDialog({
  connectorType,
  ownerScope,
  selectedReference,
  onSelect,
  onCreateNew,
  onClose,
}: Props) {
  const definition = getConnectorType(connectorType)
  const [search, setSearch] = useState('')
  const deferredSearch = useDeferredValue(search)
  const [choice, setChoice] = useState(selectedReference)
  const searchId = useId()

  return (
    <Dialog
      open
      onRequestClose={onClose}
      title={`Select ${definition.label} Connector`}
      size="medium"
      initialFocus='input[type="search"]'
    >
      <label htmlFor={searchId} className="visually-hidden">
        Search connectors
      </label>
      <input
        id={searchId}
        className="input"
        type="search"
        placeholder="Search by name, identifier or URL"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <fieldset className="connector-picker">
        <legend className="visually-hidden">{definition.label} connectors</legend>
        {visibleScopes(ownerScope).map((scope) => (
          <ScopeGroup
            key={scopeLevel(scope)}
            scope={scope}
            ownerScope={ownerScope}
            connectorType={connectorType}
            searchTerm={deferredSearch}
            choice={choice}
            onChoose={setChoice}
            onApply={(reference) => {
              onSelect(reference)
              onClose()
            }}
          />
        ))}
      </fieldset>
      <div className="dialog__actions dialog__actions--spread">
        <Button variant="link" onClick={onCreateNew}>
          + New {definition.label} Connector
        </Button>
        <span className="dialog__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            disabled={!choice}
            onClick={() => {
              onSelect(choice)
              onClose()
            }}
          >
            Apply Selected
          </Button>
        </span>
      </div>
    </Dialog>
  )
}

type GroupProps = {
  scope: Scope
  ownerScope: Scope
  connectorType: string
  searchTerm: string
  choice: string
  onChoose: (reference: string) => void
  onApply: (reference: string) => void
}

function ScopeGroup({ scope, ownerScope, connectorType, searchTerm, choice, onChoose, onApply }: GroupProps) {
  const connectors = useConnectorsOfType(scope, connectorType, searchTerm, true)
  const label = SCOPE_LEVEL_LABELS[scopeLevel(scope)]
  const headingId = useId()
  const items = connectors.data?.content ?? []
  return (
    <section className="connector-picker__group" aria-labelledby={headingId}>
      <h3 id={headingId} className="connector-picker__title">
        {label}
        {connectors.data ? <span className="muted"> ({connectors.data.totalItems})</span> : null}
      </h3>
      {connectors.isPending ? <p className="muted">Loading…</p> : null}
      {connectors.isError ? (
        <p className="field__error" role="alert">
          {connectors.error.message}
        </p>
      ) : null}
      {connectors.data && items.length === 0 ? (
        <p className="muted">
          {searchTerm
            ? `No ${label.toLowerCase()} connector matches.`
            : `No ${label.toLowerCase()} connectors of this type.`}
        </p>
      ) : null}
      {items.map(({ connector, status }) => {
        const reference = formatReference(connector.identifier, scope, ownerScope)
        return (
          <label key={connector.identifier} className="secret-option" onDoubleClick={() => onApply(reference)}>
            <input
              type="radio"
              name="connector-choice"
              value={reference}
              checked={choice === reference}
              onChange={() => onChoose(reference)}
            />
            <span className="secret-option__name">{connector.name}</span>
            <span className="secret-option__meta">
              <code>{reference}</code> · {displayUrl(connector)} · <ConnectivityBadge status={status} testing={false} />
            </span>
          </label>
        )
      })}
    </section>
  )
}
