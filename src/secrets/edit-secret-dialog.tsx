import type { FormEvent } from 'react'
import { useRef, useState } from 'react'
import { tagsToChips, tagsToMap } from '../connector-types/connector-model'
import { ApiError } from '../lib/api-client'
import type { SecretResponse } from '../lib/api-types'
import { SERVER_SECRET_MANAGER, secretLocationLabel } from '../lib/delegate-held-secrets'
import type { Scope } from '../lib/scope'
import { useConflictingSave } from '../lib/use-conflicting-save'
import { Button } from '../ui/button'
import { Dialog } from '../ui/dialog'
import { Notice } from '../ui/notice'
import type { SecretEdit } from './secret-api'
import { fetchSecret, useUpdateSecret } from './secret-api'
import { SecretConflictDialog } from './secret-conflict-dialog'
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
 * server needs a value. Nothing typed is lost when the save is refused (a rule of the server's);
 * a save refused as stale opens the comparison with the current version, Keep mine and Take
 * theirs, as the connector wizard's does.
 */
export function EditSecretDialog({ scope, row, onClose }: Props) {
  const { secret } = row
  const [values, setValues] = useState(() => fieldValuesOf(secret, tagsToChips(secret.tags)))
  const { name, description, tags, value } = values
  const setValue = (next: string) => setValues((current) => ({ ...current, value: next }))
  const [errors, setErrors] = useState<Errors>({})
  const update = useUpdateSecret(scope)
  // The version the form was read from: the list's, or the one Take theirs put in the form.
  const [base, setBase] = useState(row)
  const [taken, setTaken] = useState<string | null>(null)
  const saving = useConflictingSave<SecretEdit, SecretResponse, SecretResponse>({
    save: (edit, version) => update.mutateAsync({ ...edit, version }),
    readCurrent: (edit) => fetchSecret(scope, edit.identifier),
    versionOf: (current) => current.version,
  })
  const sent = useRef(false)

  const edit = (): SecretEdit => ({
    identifier: secret.identifier,
    name,
    description,
    tags: tagsToMap(tags),
    value,
    location: values.location,
    reference: values.reference,
    version: base.version,
  })

  async function finish(pending: Promise<SecretResponse | undefined>) {
    try {
      const saved = await pending
      sent.current = false
      // Undefined: refused as stale, and the comparison is open; every field stays as typed.
      if (!saved) return
      // A value read from somewhere else is a new value too: the connectors using it are worth re-testing.
      const valueChanged =
        value !== '' || secretLocationLabel(saved.secret.spec) !== secretLocationLabel(base.secret.spec)
      setValue('')
      onClose({ secret: saved, valueChanged })
    } catch (error) {
      sent.current = false
      setErrors({ form: error instanceof ApiError ? error.message : 'The secret could not be saved. Try again.' })
    }
  }

  /** Take theirs: the current name, description and tags in the form; a typed new value stays there. */
  function takeTheirs() {
    const current = saving.conflict?.current
    if (!current) return
    // Where the value lives is theirs too; a new value typed stays.
    setValues({ ...fieldValuesOf(current.secret, tagsToChips(current.secret.tags)), value })
    setBase(current)
    saving.settle()
    update.reset()
    setErrors({})
    const version = current.version === undefined ? 'the current version' : `version ${current.version}`
    setTaken(
      `The form now holds ${version}; nothing was saved, and your changes to the name, description and tags were dropped.` +
        (value ? ' The new value you typed is still in New value: Save secret sets it.' : ''),
    )
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    // The same rules as the API's (secret-fields.tsx), so the server never refuses what passed here.
    // A stored value can be kept; one the delegate held was never on the server, so a move there needs one.
    const storedBase = base.secret.spec.secretManagerIdentifier === SERVER_SECRET_MANAGER
    const next: Errors = secretFieldProblems(values, !storedBase)
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
    setTaken(null)
    await finish(saving.saveUpdate(edit(), base.version))
  }

  return (
    <Dialog open onRequestClose={() => onClose()} title={`Edit ${secret.name}`} size="medium">
      <form className="edit-secret" onSubmit={(event) => void submit(event)} noValidate aria-label="Edit secret">
        {errors.form ? (
          <Notice tone="danger" role="alert" title="Nothing was saved">
            {errors.form}
          </Notice>
        ) : null}
        {saving.conflict && !saving.comparing ? (
          <Notice tone="warning" role="status" title="Nothing was saved">
            <p>This secret changed while you were editing it. Everything you typed is still here.</p>
            <Button onClick={saving.compareAgain}>Compare versions</Button>
          </Notice>
        ) : null}
        {taken ? (
          <Notice tone="info" role="status">
            {taken}
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
          valueMode={base.secret.spec.secretManagerIdentifier === SERVER_SECRET_MANAGER ? 'replace' : 'required'}
        />
        <SecretUsageSummary scope={scope} identifier={secret.identifier} />
        <div className="dialog__actions">
          <Button onClick={() => onClose()}>Cancel</Button>
          <Button type="submit" variant="primary" busy={update.isPending || saving.reading}>
            Save secret
          </Button>
        </div>
      </form>
      {saving.comparing && saving.conflict ? (
        <SecretConflictDialog
          conflict={saving.conflict}
          mine={edit()}
          base={base}
          busy={update.isPending || saving.reading}
          error={saving.keepMineError}
          onKeepMine={() => void finish(saving.keepMine(edit()))}
          onTakeTheirs={takeTheirs}
          onClose={saving.closeComparison}
        />
      ) : null}
    </Dialog>
  )
}
