import { Suspense, useId, useState } from 'react'
import type { Ref } from 'react'
import { getConnectorType } from '../connector-types/registry'
import { resolveReferenceScope } from '../lib/references'
import type { Scope } from '../lib/scope'
import { SCOPE_LEVEL_LABELS, scopeLevel } from '../lib/scope'
import { Button } from '../ui/button'
import { useConnectorByReference } from './connector-api'
import { ConnectorPickerDialog } from './connector-picker-dialog'
import { lazyConnectorWizard } from './wizard/lazy-connector-wizard'

const ConnectorWizard = lazyConnectorWizard.Component

type Props = {
  /** The field's label, e.g. "Docker Registry Connector". */
  label: string
  connectorType: string
  /** A connector reference (`id`, `org.id`, `account.id`) or ''. */
  value: string
  onChange: (reference: string) => void
  /** The scope of what holds the reference (a pipeline's project). */
  ownerScope: Scope
  /** Connector fields a new connector starts with and cannot change (Nexus 3 → Version 3.x). */
  preset?: Record<string, string>
  error?: string
  buttonRef?: Ref<HTMLButtonElement>
}

/**
 * A reference to a connector of one type: pick an existing one by scope, or create one in the
 * same wizard as the Connectors page, on top of whatever holds this field.
 */
export function ConnectorField({ label, connectorType, value, onChange, ownerScope, preset, error, buttonRef }: Props) {
  const definition = getConnectorType(connectorType)
  const [picking, setPicking] = useState(false)
  const [creating, setCreating] = useState(false)
  const selected = useConnectorByReference(value, ownerScope)
  const labelId = useId()
  const level = value ? SCOPE_LEVEL_LABELS[scopeLevel(resolveReferenceScope(value, ownerScope).scope)] : ''

  return (
    <div className={['field', error ? 'field--invalid' : ''].join(' ').trim()}>
      <span className="field__label" id={labelId}>
        {label}
      </span>
      <div className="connector-field" role="group" aria-labelledby={labelId}>
        {value ? (
          <span className="secret-chip" data-testid="selected-connector">
            <span className="secret-chip__name">{selected.data?.connector.name ?? value}</span>
            <span className="secret-chip__meta">
              {level} connector · <code>{value}</code>
              {selected.isError ? <span className="field__error"> · not found</span> : null}
            </span>
          </span>
        ) : null}
        <Button
          ref={buttonRef}
          onClick={() => setPicking(true)}
          aria-invalid={error ? true : undefined}
          aria-label={`${value ? 'Change' : 'Select'} ${label}`}
        >
          {value ? 'Change' : `Select ${definition.label} Connector`}
        </Button>
        <Button variant="link" onClick={() => setCreating(true)}>
          + New {definition.label} Connector
        </Button>
      </div>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      {picking ? (
        <ConnectorPickerDialog
          connectorType={connectorType}
          ownerScope={ownerScope}
          selectedReference={value}
          onSelect={onChange}
          onCreateNew={() => {
            setPicking(false)
            setCreating(true)
          }}
          onClose={() => setPicking(false)}
        />
      ) : null}
      {creating ? (
        <Suspense fallback={<p role="status">Loading…</p>}>
          <ConnectorWizard
            type={connectorType}
            scope={ownerScope}
            presetExtras={preset}
            lockedExtras={Object.keys(preset ?? {})}
            onClose={(saved) => {
              setCreating(false)
              if (saved) onChange(saved.identifier)
            }}
          />
        </Suspense>
      ) : null}
    </div>
  )
}
