import { useRef, useState } from 'react'
import type { UseFormReturn } from 'react-hook-form'
import type { ConnectorFormValues } from '../../connector-types/connector-model'
import { fromConnectorInfo, toConnectorInfo } from '../../connector-types/connector-model'
import type { ConnectorInfo, ConnectorResponse } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { useConflictingSave } from '../conflicts/use-conflicting-save'

type Options = {
  type: string
  scope: Scope
  form: UseFormReturn<ConnectorFormValues>
  /** The connector being edited and the version read with it; neither for a new one. */
  connector: ConnectorInfo | undefined
  version: number | undefined
  /** A save went through (the form's values are now the saved ones). */
  onSaved: (saved: ConnectorResponse) => void
}

/**
 * How the wizard saves: a create, then updates, each from the version the last one answered. A
 * save refused as stale opens the comparison; Keep mine saves the form's version over the current
 * one, Take theirs puts the current one in the form. The form keeps every value until then.
 */
export function useWizardSave({ type, scope, form, connector, version, onSaved }: Options) {
  const saving = useConflictingSave(scope)
  // The version each save is made from: the one read, then the one each save answered (or the
  // one Take theirs put in the form); and that version's connector, which tells who changed what.
  const savedVersion = useRef<number | undefined>(version)
  const [base, setBase] = useState<ConnectorInfo | undefined>(connector)
  const [taken, setTaken] = useState<string | null>(null)

  async function settle(values: ConnectorFormValues, pending: Promise<ConnectorResponse | undefined>) {
    try {
      const saved = await pending
      // Undefined: refused as stale, and the comparison is open.
      if (!saved) return
      savedVersion.current = saved.version
      setBase(saved.connector)
      form.reset(values)
      onSaved(saved)
    } catch {
      // The error shows in the footer (or the comparison); every value stays as typed.
    }
  }

  return {
    saving,
    /** The connector the form was last read from or saved as. */
    base,
    /** What Take theirs did, for the form to say. */
    taken,
    save: (isUpdate: boolean) => {
      const values = form.getValues()
      const info = toConnectorInfo(type, values, scope)
      setTaken(null)
      return settle(
        values,
        isUpdate
          ? saving.saveUpdate(info, savedVersion.current)
          : saving.save.mutateAsync({ connector: info, isNew: true }),
      )
    },
    keepMine: () => settle(form.getValues(), saving.keepMine()),
    takeTheirs: () => {
      const current = saving.conflict?.current
      if (!current) return
      form.reset(fromConnectorInfo(current.connector))
      savedVersion.current = current.version
      setBase(current.connector)
      saving.settle()
      const by = current.lastModifiedBy ? `, saved by ${current.lastModifiedBy.name}` : ''
      setTaken(`The form now holds the current version${by}. Nothing was saved, and your changes were dropped.`)
    },
  }
}
