import type { FormEvent } from 'react'
import { useRef, useState } from 'react'
import { tagsToChips, tagsToMap } from '../connector-types/connector-model'
import { ApiError } from '../lib/api-client'
import type { SecretResponse } from '../lib/api-types'
import { descriptionProblem, nameProblem, tagChipProblem, tagListProblems } from '../lib/entity-names'
import type { Scope } from '../lib/scope'
import { Button } from '../ui/button'
import { Dialog } from '../ui/dialog'
import { Field } from '../ui/field'
import { Notice } from '../ui/notice'
import { TagInput } from '../ui/tag-input'
import { useUpdateSecret } from './secret-api'
import { SecretUsageSummary } from './secret-usage-summary'

type Props = {
  scope: Scope
  /** The secret as the list read it: its version goes with the save. */
  row: SecretResponse
  /** `saved` is the secret as stored, and whether its value was replaced; undefined when cancelled. */
  onClose: (saved?: { secret: SecretResponse; valueChanged: boolean }) => void
}

type Errors = Partial<Record<'name' | 'description' | 'tags' | 'form', string>>
const FIELD_IDS = { name: 'edit-secret-name', description: 'edit-secret-description', tags: 'edit-secret-tags' }

/**
 * Edit a secret: its name, description and tags, and its value, which is write-only. The value
 * field starts empty and stays empty unless a new value is typed: empty keeps the stored one.
 * Nothing typed is lost when the save is refused (a stale version, a rule of the server's).
 */
export function EditSecretDialog({ scope, row, onClose }: Props) {
  const { secret } = row
  const [name, setName] = useState(secret.name)
  const [description, setDescription] = useState(secret.description ?? '')
  const [tags, setTags] = useState(() => tagsToChips(secret.tags))
  const [value, setValue] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const update = useUpdateSecret(scope)
  const sent = useRef(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    // The same rules as the API's (lib/entity-names.ts), so the server never refuses what passed here.
    const tagProblem =
      tags.map((chip) => tagChipProblem(chip)).find(Boolean) ?? tagListProblems(tags, 'A secret')[0]?.message
    const next: Errors = {
      name: nameProblem(name),
      description: descriptionProblem(description),
      tags: tagProblem,
    }
    const firstInvalid = (['name', 'description', 'tags'] as const).find((key) => next[key])
    if (firstInvalid) {
      setErrors(next)
      document.getElementById(FIELD_IDS[firstInvalid])?.focus()
      return
    }
    // A double click sends one save: the second would be refused as stale.
    if (sent.current) return
    sent.current = true
    setErrors({})
    try {
      const saved = await update.mutateAsync({
        identifier: secret.identifier,
        name,
        description,
        tags: tagsToMap(tags),
        value,
        version: row.version,
      })
      const valueChanged = value !== ''
      setValue('')
      onClose({ secret: saved, valueChanged })
    } catch (error) {
      sent.current = false
      setErrors({ form: error instanceof ApiError ? error.message : 'The secret could not be saved. Try again.' })
    }
  }

  return (
    <Dialog open onRequestClose={() => onClose()} title={`Edit ${secret.name}`} size="medium">
      <form className="edit-secret" onSubmit={(event) => void submit(event)} noValidate aria-label="Edit secret">
        {errors.form ? (
          <Notice tone="danger" role="alert" title="Nothing was saved">
            {errors.form}
          </Notice>
        ) : null}
        <p className="muted">
          Identifier <code>{secret.identifier}</code> (it cannot change: connectors refer to it).
        </p>
        <Field id={FIELD_IDS.name} label="Secret Name" error={errors.name}>
          {({ inputProps }) => (
            <input
              {...inputProps}
              className="input"
              value={name}
              autoComplete="off"
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <Field id={FIELD_IDS.description} label="Description" optional error={errors.description}>
          {({ inputProps }) => (
            <textarea
              {...inputProps}
              className="input"
              rows={2}
              value={description}
              onChange={(event) => setDescription(event.target.value)}
            />
          )}
        </Field>
        <Field
          id={FIELD_IDS.tags}
          label="Tags"
          optional
          error={errors.tags}
          help="Type key or key:value and press Enter."
        >
          {({ inputId, describedBy, invalid }) => (
            <TagInput
              id={inputId}
              value={tags}
              onChange={setTags}
              describedBy={describedBy}
              invalid={invalid}
              removeLabel={(chip) => `Remove tag ${chip}`}
            />
          )}
        </Field>
        <Field
          id="edit-secret-value"
          label="New value"
          optional
          help="Leave empty to keep the current value. A new value replaces it; no value is ever shown."
        >
          {({ inputProps }) => (
            <input
              {...inputProps}
              className="input"
              type="password"
              value={value}
              autoComplete="new-password"
              onChange={(event) => setValue(event.target.value)}
            />
          )}
        </Field>
        <SecretUsageSummary scope={scope} identifier={secret.identifier} />
        <div className="dialog__actions">
          <Button onClick={() => onClose()}>Cancel</Button>
          <Button type="submit" variant="primary" busy={update.isPending}>
            Save secret
          </Button>
        </div>
      </form>
    </Dialog>
  )
}
