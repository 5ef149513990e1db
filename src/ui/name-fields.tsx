import type { Ref } from 'react'
import { useState } from 'react'
import { deriveIdentifier } from '../lib/entity-names'
import { Field } from './field'
import { TagInput } from './tag-input'

/**
 * What names a thing a form creates or edits: its Name, its Identifier (derived from the name
 * until the user edits it), its Description and its Tags, each `<idPrefix>-<field>` so a form can
 * focus the first one in error. The form checks them (lib/entity-names.ts, the API's rules) and
 * hands back the words; this only lays them out, the same in every form.
 */

export type NameFieldName = 'name' | 'identifier' | 'description' | 'tags'
export type NameFieldErrors = Partial<Record<NameFieldName, string>>

/** A change of one or more fields (a name typed also changes a derived identifier, in one change). */
export type NameFieldChange = { name?: string; identifier?: string; description?: string; tags?: string[] }

type Props = {
  /** Each field's id is `<idPrefix>-<field>`. */
  idPrefix: string
  /** What is named: "Secret" labels "Secret Name" and "Secret Identifier". */
  noun: string
  name: string
  description: string
  /** Shown when given: the identifier a new thing gets, with its help. */
  identifier?: { value: string; help: string }
  /** Shown when given: key or key:value chips. */
  tags?: string[]
  onChange: (change: NameFieldChange) => void
  errors: NameFieldErrors
  nameRef?: Ref<HTMLInputElement>
}

export function NameFields({ idPrefix, noun, name, description, identifier, tags, onChange, errors, nameRef }: Props) {
  // Until the user types in Identifier, it follows the name.
  const [identifierEdited, setIdentifierEdited] = useState(false)
  const id = (field: NameFieldName) => `${idPrefix}-${field}`
  return (
    <>
      <Field id={id('name')} label={`${noun} Name`} error={errors.name}>
        {({ inputProps }) => (
          <input
            {...inputProps}
            ref={nameRef}
            className="input"
            value={name}
            autoComplete="off"
            onChange={(event) => {
              const next = event.target.value
              const derived = identifier && !identifierEdited ? { identifier: deriveIdentifier(next) } : {}
              onChange({ name: next, ...derived })
            }}
          />
        )}
      </Field>
      {identifier ? (
        <Field id={id('identifier')} label={`${noun} Identifier`} error={errors.identifier} help={identifier.help}>
          {({ inputProps }) => (
            <input
              {...inputProps}
              className="input"
              value={identifier.value}
              autoComplete="off"
              onChange={(event) => {
                setIdentifierEdited(true)
                onChange({ identifier: event.target.value })
              }}
            />
          )}
        </Field>
      ) : null}
      <Field id={id('description')} label="Description" optional error={errors.description}>
        {({ inputProps }) => (
          <textarea
            {...inputProps}
            className="input"
            rows={2}
            value={description}
            onChange={(event) => onChange({ description: event.target.value })}
          />
        )}
      </Field>
      {tags ? (
        <Field id={id('tags')} label="Tags" optional error={errors.tags} help="Type key or key:value and press Enter.">
          {({ inputId, describedBy, invalid }) => (
            <TagInput
              id={inputId}
              value={tags}
              onChange={(next) => onChange({ tags: next })}
              describedBy={describedBy}
              invalid={invalid}
              removeLabel={(chip) => `Remove tag ${chip}`}
            />
          )}
        </Field>
      ) : null}
    </>
  )
}
