import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { UseFormReturn } from 'react-hook-form'
import { findAuthMethod } from '../../connector-types/auth-methods'
import { STEP_FIELDS } from '../../connector-types/connector-form-schema'
import type { ConnectorFormValues } from '../../connector-types/connector-model'
import type { Scope } from '../../lib/scope'
import { isConnectorIdentifierUnique } from '../connector-api'
import type { WizardStepId } from './wizard-steps'

/**
 * Continue validates only the current step's fields and focuses the first invalid one.
 * On Overview it also asks the server whether the identifier is free, before leaving.
 */
export function useStepValidation(
  form: UseFormReturn<ConnectorFormValues>,
  scope: Scope,
  savedIdentifier: string | null,
) {
  const queryClient = useQueryClient()
  const [checking, setChecking] = useState(false)
  const [error, setError] = useState<string | null>(null)

  /**
   * `checkUnique: false` when Save re-checks the earlier steps: the identifier was found free when
   * Overview was left, and the save itself refuses a taken one (and recognises a retry of its own).
   */
  async function validate(step: Exclude<WizardStepId, 'test'>, { checkUnique = true } = {}): Promise<boolean> {
    setError(null)
    const fields = [...STEP_FIELDS[step]]
    if (!(await form.trigger(fields, { shouldFocus: true }))) {
      markTouched(form, step)
      return false
    }
    if (step !== 'overview' || savedIdentifier || !checkUnique) return true
    const identifier = form.getValues('identifier')
    setChecking(true)
    try {
      const unique = await queryClient.fetchQuery({
        queryKey: ['connectors', 'identifier-is-unique', scope, identifier],
        queryFn: () => isConnectorIdentifierUnique(scope, identifier),
        staleTime: 0,
      })
      if (unique) return true
      form.setError(
        'identifier',
        {
          type: 'duplicate',
          message: `A connector with identifier ${identifier} already exists here. Choose another identifier.`,
        },
        { shouldFocus: true },
      )
      return false
    } catch (cause) {
      setError(`Could not check that the identifier is free: ${cause instanceof Error ? cause.message : String(cause)}`)
      return false
    } finally {
      setChecking(false)
    }
  }

  return { validate, checking, error }
}

/** The form keys a method edits, the secret alternative of a text field included. */
function authFieldKeys(method: string): string[] {
  return (findAuthMethod(method)?.fields ?? []).flatMap((field) =>
    field.kind === 'text-or-secret' ? [field.key, field.refKey] : [field.key],
  )
}

/**
 * After Continue has shown errors, fixing a field should clear its error as the user types,
 * not only when they leave it; in `onTouched` mode that needs the fields to count as touched.
 */
function markTouched(form: UseFormReturn<ConnectorFormValues>, step: Exclude<WizardStepId, 'test'>) {
  const values = form.getValues()
  const leaves: string[] =
    step === 'overview'
      ? ['name', 'identifier', 'description', 'tags']
      : step === 'details'
        ? [
            'url',
            ...authFieldKeys(values.auth.type).map((key) => `auth.${key}`),
            ...Object.keys(values.extras).map((key) => `extras.${key}`),
          ]
        : ['delegates']
  for (const name of leaves) {
    const path = name as Parameters<typeof form.setValue>[0]
    form.setValue(path, form.getValues(path), { shouldTouch: true })
  }
}
