import type { FormEvent } from 'react'
import { useRef, useState } from 'react'
import { tagsToChips, tagsToMap } from '../connector-types/connector-model'
import { ApiError } from '../lib/api-client'
import type { SecretResponse } from '../lib/api-types'
import { SERVER_SECRET_MANAGER, secretLocationLabel } from '../lib/delegate-held-secrets'
import type { Scope } from '../lib/scope'
import { Button } from '../ui/button'
import { Dialog } from '../ui/dialog'
import { Notice } from '../ui/notice'
import { useUpdateSecret } from './secret-api'
import {
  fieldValuesOf,
  SECRET_FIELD_ORDER,
  SecretFields,
  secretFieldProblems,
  type SecretFieldErrors,
} from './secret-fields'
import { SecretUsageSummary } from './secret-usage-summary'

type Props = {
  scope: Scope
  /** The secret as the list read it: its version goes with the save. */
  row: SecretResponse
  /** `saved` is the secret as stored, and whether its value was replaced; undefined when cancelled. */
  onClose: (saved?: { secret: SecretResponse; valueChanged: boolean }) => void
}

type Errors = SecretFieldErrors & { form?: string }

/**
 * Edit a secret: its name, description and tags, and its value, which is write-only. The value
 * field starts empty and stays empty unless a new value is typed: empty keeps the stored one.
 * Where the value lives can change too (decision 028): a secret moved from the delegate to the
 * server needs a value. Nothing typed is lost when the save is refused (a stale version, a rule
 * of the server's).
 */
export function EditSecretDialog({ scope, row, onClose }: Props) {
  const { secret } = row
  const [values, setValues] = useState(() => fieldValuesOf(secret, tagsToChips(secret.tags)))
  const { name, description, tags, value } = values
  // A stored value can be kept; one the delegate held was never here, so a move to the server needs one.
  const storedBefore = secret.spec.secretManagerIdentifier === SERVER_SECRET_MANAGER
  const [errors, setErrors] = useState<Errors>({})
  const update = useUpdateSecret(scope)
  const sent = useRef(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    // The same rules as the API's (secret-fields.tsx), so the server never refuses what passed here.
    const next: Errors = secretFieldProblems(values, !storedBefore)
    const firstInvalid = SECRET_FIELD_ORDER.find((key) => next[key])
    if (firstInvalid) {
      setErrors(next)
      document.getElementById(`edit-secret-${firstInvalid}`)?.focus()
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
        location: values.location,
        reference: values.reference,
        version: row.version,
      })
      // A value read from somewhere else is a new value too: the connectors using it are worth re-testing.
      const valueChanged = value !== '' || secretLocationLabel(saved.secret.spec) !== secretLocationLabel(secret.spec)
      setValues((current) => ({ ...current, value: '' }))
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
        <SecretFields
          idPrefix="edit-secret"
          values={values}
          onChange={setValues}
          errors={errors}
          valueMode={storedBefore ? 'replace' : 'required'}
        />
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
