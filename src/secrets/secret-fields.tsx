import type { Ref } from 'react'
import type { SecretDTO } from '../lib/api-types'
import {
  DELEGATE_ENVIRONMENT,
  DELEGATE_SECRET_DIR,
  SERVER_SECRET_MANAGER,
  variableNameProblem,
  secretPathProblem,
} from '../lib/delegate-held-secrets'
import { descriptionProblem, nameProblem, tagChipProblem, tagListProblems } from '../lib/entity-names'
import { Field } from '../ui/field'
import type { NameFieldChange } from '../ui/name-fields'
import { NameFields } from '../ui/name-fields'

/**
 * The fields New Secret and Edit share: name, (a new secret's identifier,) description and tags
 * (ui/name-fields.tsx, as New organization and New project lay theirs out), and where the value lives
 * (decision 028): stored on the server (a value, write-only), or held by the delegate, in its
 * environment or its secret directory (a reference, which is not secret and is shown). Checked
 * with the API's rules (lib/entity-names.ts, lib/delegate-held-secrets.ts), the same limits.
 */

export type SecretLocationChoice =
  | typeof SERVER_SECRET_MANAGER
  | typeof DELEGATE_ENVIRONMENT
  | typeof DELEGATE_SECRET_DIR

export type SecretFieldValues = {
  name: string
  description: string
  tags: string[]
  location: SecretLocationChoice
  /** A value to store on the server: write-only, never read back. */
  value: string
  /** The variable name or the path a delegate reads. */
  reference: string
}

export type SecretFieldName = 'name' | 'description' | 'tags' | 'value' | 'reference'
export type SecretFieldErrors = Partial<Record<SecretFieldName, string>>

/** The order fields are checked and focused in. */
export const SECRET_FIELD_ORDER: readonly SecretFieldName[] = ['name', 'description', 'tags', 'value', 'reference']

const LOCATIONS: { value: SecretLocationChoice; label: string }[] = [
  { value: SERVER_SECRET_MANAGER, label: 'Stored on the server' },
  { value: DELEGATE_ENVIRONMENT, label: 'Delegate environment variable' },
  { value: DELEGATE_SECRET_DIR, label: 'File in the delegate’s secret directory' },
]

/** The values of an existing secret (the stored value is never among them). */
export function fieldValuesOf(secret: SecretDTO, tags: string[]): SecretFieldValues {
  const held = secret.spec.secretManagerIdentifier
  const location = held === DELEGATE_ENVIRONMENT || held === DELEGATE_SECRET_DIR ? held : SERVER_SECRET_MANAGER
  return {
    name: secret.name,
    description: secret.description ?? '',
    tags,
    location,
    value: '',
    reference: location === SERVER_SECRET_MANAGER ? '' : (secret.spec.value ?? ''),
  }
}

/** The problems of the fields, in words; `valueRequired` when a stored value must be typed. */
export function secretFieldProblems(values: SecretFieldValues, valueRequired: boolean): SecretFieldErrors {
  const { location } = values
  return {
    name: nameProblem(values.name),
    description: descriptionProblem(values.description),
    tags:
      values.tags.map((chip) => tagChipProblem(chip)).find(Boolean) ??
      tagListProblems(values.tags, 'A secret')[0]?.message,
    value:
      location === SERVER_SECRET_MANAGER && valueRequired && values.value === ''
        ? 'Secret Value is required.'
        : undefined,
    reference:
      location === DELEGATE_ENVIRONMENT
        ? variableNameProblem(values.reference)
        : location === DELEGATE_SECRET_DIR
          ? secretPathProblem(values.reference)
          : undefined,
  }
}

type Props = {
  /** `new-secret` or `edit-secret`: each field's id is `<prefix>-<field>`. */
  idPrefix: string
  values: SecretFieldValues
  onChange: (values: SecretFieldValues) => void
  errors: SecretFieldErrors & { identifier?: string }
  /** Create: "Secret Value", required. Edit of a stored secret: "New value", empty keeps the old one. */
  valueMode: 'required' | 'replace'
  /** A new secret's identifier, derived from the name until edited (Edit shows it as text). */
  identifier?: { value: string; onChange: (identifier: string) => void }
  nameRef?: Ref<HTMLInputElement>
}

export function SecretFields({ idPrefix, values, onChange, errors, valueMode, identifier, nameRef }: Props) {
  const set = <K extends keyof SecretFieldValues>(key: K, value: SecretFieldValues[K]) =>
    onChange({ ...values, [key]: value })
  const id = (field: SecretFieldName) => `${idPrefix}-${field}`
  function changeNames({ identifier: nextIdentifier, ...named }: NameFieldChange) {
    if (nextIdentifier !== undefined) identifier?.onChange(nextIdentifier)
    if (Object.keys(named).length) onChange({ ...values, ...named })
  }
  return (
    <>
      <NameFields
        idPrefix={idPrefix}
        noun="Secret"
        name={values.name}
        description={values.description}
        tags={values.tags}
        identifier={identifier && { value: identifier.value, help: 'Derived from the name; letters, digits and _.' }}
        onChange={changeNames}
        errors={errors}
        nameRef={nameRef}
      />
      <fieldset className="field radio-group" aria-describedby={`${idPrefix}-location-help`}>
        <legend className="field__label">Where the value lives</legend>
        <div className="radio-group__options">
          {LOCATIONS.map((option) => (
            <label key={option.value} className="radio">
              <input
                type="radio"
                name={`${idPrefix}-location`}
                value={option.value}
                checked={values.location === option.value}
                onChange={() => set('location', option.value)}
              />
              {option.label}
            </label>
          ))}
        </div>
        <p className="field__help" id={`${idPrefix}-location-help`}>
          A value the delegate holds never reaches the server: the delegate reads it when it runs a test.
        </p>
      </fieldset>
      {values.location === SERVER_SECRET_MANAGER ? (
        <Field
          id={id('value')}
          label={valueMode === 'required' ? 'Secret Value' : 'New value'}
          optional={valueMode === 'replace'}
          error={errors.value}
          help={
            valueMode === 'required'
              ? 'Stored in the secret manager. It is never shown again.'
              : 'Leave empty to keep the current value. A new value replaces it; no value is ever shown.'
          }
        >
          {({ inputProps }) => (
            <input
              {...inputProps}
              className="input"
              type="password"
              value={values.value}
              autoComplete="new-password"
              onChange={(event) => set('value', event.target.value)}
            />
          )}
        </Field>
      ) : (
        <Field
          id={id('reference')}
          label={values.location === DELEGATE_ENVIRONMENT ? 'Variable name' : 'File path'}
          error={errors.reference}
          help={
            values.location === DELEGATE_ENVIRONMENT
              ? 'A variable of the delegate’s environment named CONNECTORS_DELEGATE_SECRET_…, for example CONNECTORS_DELEGATE_SECRET_REG_PASS.'
              : 'A file under the delegate’s --secret-dir, relative to it, for example registry/password. One trailing newline is ignored.'
          }
        >
          {({ inputProps }) => (
            <input
              {...inputProps}
              className="input"
              value={values.reference}
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => set('reference', event.target.value)}
            />
          )}
        </Field>
      )}
    </>
  )
}
