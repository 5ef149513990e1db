import { tagsToChips } from '../connector-types/connector-model'
import type { SecretResponse } from '../lib/api-types'
import type { FieldValues } from '../lib/compare-fields'
import { compareFields } from '../lib/compare-fields'
import { isDelegateHeldManager, SERVER_SECRET_MANAGER, secretLocationLabel } from '../lib/delegate-held-secrets'
import type { SaveConflict } from '../lib/use-conflicting-save'
import type { CurrentVersion } from '../ui/conflict-choice'
import { ConflictChoice, savedByName } from '../ui/conflict-choice'
import { ConflictTable } from '../ui/conflict-table'
import type { SecretEdit } from './secret-api'

/** A secret save refused because someone saved first: the edit as the form holds it, and what is stored now. */
export type SecretConflict = SaveConflict<SecretEdit, SecretResponse>

type Props = {
  conflict: SecretConflict
  /** The edit as the form holds it now (what Keep mine saves). */
  mine: SecretEdit
  /** The version the form was read from: it tells who changed each field. */
  base: SecretResponse
  busy: boolean
  error: Error | null
  onKeepMine: () => void
  onTakeTheirs: () => void
  onClose: () => void
}

/** The current version as the comparison names it: who saved it, or "Someone" when the server does not say. */
export function currentSecretVersion(current: SecretResponse): CurrentVersion {
  return {
    name: current.secret.name,
    version: current.version,
    savedBy: current.lastModifiedBy?.name,
    savedAt: current.updatedAt,
  }
}

type Compared = {
  name: string
  description: string
  tags: Record<string, string> | undefined
  /** Where the value lives, as a spec says it (never the value itself). */
  location: { secretManagerIdentifier: string; value?: string | undefined }
}

function fieldsOf({ name, description, tags, location }: Compared): FieldValues {
  return [
    { label: 'Secret Name', value: name.trim() },
    { label: 'Description', value: description.trim() },
    // In key order: the same tags typed in another order are the same tags.
    { label: 'Tags', value: tagsToChips(tags).sort().join(', ') },
    // In the secrets list's words: a move to or from the delegate, or another variable or path.
    { label: 'Where the value lives', value: secretLocationLabel(location) },
  ]
}

function storedFields({ secret }: SecretResponse): FieldValues {
  return fieldsOf({ ...secret, description: secret.description ?? '', location: secret.spec })
}

/** Where the form says the value lives, as a spec says it. */
function editLocation(edit: SecretEdit): Compared['location'] {
  return { secretManagerIdentifier: edit.location ?? SERVER_SECRET_MANAGER, value: edit.reference }
}

function editFields(edit: SecretEdit): FieldValues {
  return fieldsOf({ ...edit, location: editLocation(edit) })
}

/**
 * Edit secret's save conflict: name, description, tags and where the value lives, field by
 * field, as the wizard compares a connector's settings. The value is write-only, so it is never compared by content: the
 * comparison says only whether this version changes it, and what each choice does with it.
 */
export function SecretConflictDialog({ conflict, mine, base, ...actions }: Props) {
  const current = conflict.current
  const { differences, same } = compareFields(storedFields(current), editFields(mine), storedFields(base))
  const version = currentSecretVersion(current)
  const who = savedByName(version)
  const valueChanged = mine.value !== ''
  const mineLocation = secretLocationLabel(editLocation(mine))
  const moved = mineLocation !== secretLocationLabel(current.secret.spec)

  return (
    <ConflictChoice
      subject="secret"
      current={version}
      again={conflict.again}
      into="the form"
      size="medium"
      keepMineMore={keepMineWords(valueChanged, moved, mine, mineLocation, who)}
      takeTheirsMore={
        valueChanged
          ? 'The new value you typed is kept in New value, not saved yet: Save secret then sets it, or clear the field to keep the stored value.'
          : undefined
      }
      {...actions}
    >
      <ConflictTable differences={differences} same={same} who={who} noun="field" />
      <p>
        <strong>Value:</strong> {valueChanged ? 'value changed' : 'value unchanged'} in your version
        {valueChanged ? ' (you typed a new value)' : ' (you typed no new value)'}. A value is never shown or compared,
        so whether {who} changed it is not known.
      </p>
    </ConflictChoice>
  )
}

/** What Keep mine does with the value, which is never shown: the typed one, where yours says, or theirs. */
function keepMineWords(valueChanged: boolean, moved: boolean, mine: SecretEdit, mineLocation: string, who: string) {
  if (valueChanged) return 'The value becomes the new one you typed.'
  if (!moved) return `You typed no new value, so the value stays as ${who} left it.`
  // Stored on the server in yours, held by the delegate in theirs: there is no stored value to keep.
  if (!isDelegateHeldManager(mine.location)) {
    return `${who} moved the value to the delegate, so the server has none to keep: type a New value first, or Take theirs.`
  }
  return `Where the value lives becomes yours: ${mineLocation}.`
}
