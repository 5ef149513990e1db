import { useRef, useState } from 'react'
import { Controller, useFormContext } from 'react-hook-form'
import type { ConnectorFormValues } from '../../connector-types/connector-model'
import { resolveReferenceScope } from '../../lib/references'
import type { Scope } from '../../lib/scope'
import { SCOPE_LEVEL_LABELS, scopeLevel } from '../../lib/scope'
import { useSecretByReference } from '../../secrets/secret-api'
import { SecretPickerDialog } from '../../secrets/secret-picker-dialog'
import { Button } from '../../ui/button'

type Props = {
  scope: Scope
  name: `auth.${string}`
  label: string
  help: string
  /** The picker button's accessible name. */
  buttonLabel: string
}

/** A credential held in a secret: chosen or created in the secret picker, never shown. */
export function SecretReferenceField({ scope, name, label, help, buttonLabel }: Props) {
  const { control } = useFormContext<ConnectorFormValues>()
  const [pickerOpen, setPickerOpen] = useState(false)
  const pickerButton = useRef<HTMLButtonElement | null>(null)
  const id = name.replace('.', '-')
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <div className={['field', fieldState.error ? 'field--invalid' : ''].join(' ').trim()}>
          <span className="field__label" id={`${id}-label`}>
            {label}
          </span>
          <div className="secret-field" role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-help`}>
            {typeof field.value === 'string' && field.value ? (
              <SelectedSecret reference={field.value} scope={scope} />
            ) : null}
            <Button
              ref={(element) => {
                pickerButton.current = element
                field.ref(element)
              }}
              variant="link"
              aria-label={buttonLabel}
              aria-invalid={fieldState.error ? true : undefined}
              aria-describedby={fieldState.error ? `${id}-error` : undefined}
              onClick={() => setPickerOpen(true)}
            >
              <KeyIcon />
              Create or Select a Secret
            </Button>
            {field.value ? (
              <Button
                variant="ghost"
                size="small"
                onClick={() => {
                  field.onChange('')
                  pickerButton.current?.focus()
                }}
                aria-label={`Clear the ${label.toLowerCase()} secret`}
              >
                Clear
              </Button>
            ) : null}
          </div>
          {fieldState.error ? (
            <p className="field__error" id={`${id}-error`} role="alert">
              {fieldState.error.message}
            </p>
          ) : null}
          <p className="field__help" id={`${id}-help`}>
            {help}
          </p>
          {pickerOpen ? (
            <SecretPickerDialog
              open
              ownerScope={scope}
              selectedReference={typeof field.value === 'string' ? field.value : ''}
              onSelect={(reference) => {
                field.onChange(reference)
                field.onBlur()
              }}
              onClose={() => setPickerOpen(false)}
            />
          ) : null}
        </div>
      )}
    />
  )
}

function SelectedSecret({ reference, scope }: { reference: string; scope: Scope }) {
  const secret = useSecretByReference(reference, scope)
  const level = SCOPE_LEVEL_LABELS[scopeLevel(resolveReferenceScope(reference, scope).scope)]
  return (
    <span className="secret-chip" data-testid="selected-secret">
      <span className="secret-chip__name">{secret.data?.secret.name ?? reference}</span>
      <span className="secret-chip__meta">
        {level} secret · <code>{reference}</code>
        {secret.isError ? <span className="field__error"> · not found</span> : null}
      </span>
    </span>
  )
}

function KeyIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <circle cx="5" cy="8" r="3" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M8 8h7M12.5 8v2.5M14.5 8v2" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  )
}
