import { useQueryClient } from '@tanstack/react-query'
import type { FormEvent } from 'react'
import { useEffect, useRef, useState } from 'react'
import { tagsToMap } from '../connector-types/connector-model'
import { ApiError } from '../lib/api-client'
import type { SecretResponse } from '../lib/api-types'
import { SERVER_SECRET_MANAGER } from '../lib/delegate-held-secrets'
import { identifierProblem } from '../lib/entity-names'
import type { Scope } from '../lib/scope'
import { Button } from '../ui/button'
import { Notice } from '../ui/notice'
import { isSecretIdentifierUnique, useCreateSecret } from './secret-api'
import {
  SECRET_FIELD_ORDER,
  SecretFields,
  secretFieldProblems,
  type SecretFieldErrors,
  type SecretFieldValues,
} from './secret-fields'

type Props = {
  scope: Scope
  scopeLabel: string
  onCreated: (secret: SecretResponse) => void
  onCancel: () => void
}

type Errors = SecretFieldErrors & { identifier?: string; form?: string }

const EMPTY: SecretFieldValues = {
  name: '',
  description: '',
  tags: [],
  location: SERVER_SECRET_MANAGER,
  value: '',
  reference: '',
}

/**
 * A new text secret: stored in the simulated secret manager, or held by the delegate (decision
 * 028). A stored value goes to the server once and is never read back; the field is cleared as
 * soon as the secret exists.
 */
export function CreateSecretForm({ scope, scopeLabel, onCreated, onCancel }: Props) {
  const [values, setValues] = useState<SecretFieldValues>(EMPTY)
  const [identifier, setIdentifier] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [checking, setChecking] = useState(false)
  const queryClient = useQueryClient()
  const createSecret = useCreateSecret(scope)
  const nameInput = useRef<HTMLInputElement>(null)

  // The form opens when the user asks for it: take them to its first field.
  useEffect(() => nameInput.current?.focus(), [])

  async function submit(event: FormEvent<HTMLFormElement>) {
    // This form sits in a portal inside the wizard's form: keep its submit to itself.
    event.preventDefault()
    event.stopPropagation()
    // The same rules as the API's, so the server never refuses what passed here.
    const next: Errors = { ...secretFieldProblems(values, true), identifier: identifierProblem(identifier) }
    const order = ['name', 'identifier', ...SECRET_FIELD_ORDER.filter((field) => field !== 'name')] as const
    const firstInvalid = order.find((key) => next[key])
    if (firstInvalid) {
      setErrors(next)
      document.getElementById(`new-secret-${firstInvalid}`)?.focus()
      return
    }
    if (checking || createSecret.isPending) return
    setChecking(true)
    try {
      const unique = await queryClient.fetchQuery({
        queryKey: ['secrets', 'identifier-is-unique', scope, identifier],
        queryFn: () => isSecretIdentifierUnique(scope, identifier),
        staleTime: 0,
      })
      if (!unique) {
        setErrors({ identifier: `A secret with identifier ${identifier} already exists at this scope.` })
        document.getElementById('new-secret-identifier')?.focus()
        return
      }
      const created = await createSecret.mutateAsync({
        name: values.name,
        identifier,
        description: values.description,
        tags: tagsToMap(values.tags),
        value: values.value,
        location: values.location,
        reference: values.reference,
      })
      setValues((current) => ({ ...current, value: '' }))
      onCreated(created)
    } catch (error) {
      setErrors({ form: error instanceof ApiError ? error.message : 'The secret could not be created. Try again.' })
    } finally {
      setChecking(false)
    }
  }

  return (
    <form className="create-secret" onSubmit={(event) => void submit(event)} noValidate aria-label="New Secret Text">
      <p className="muted">Creates a text secret at the {scopeLabel.toLowerCase()} scope.</p>
      {errors.form ? (
        <Notice tone="danger" role="alert">
          {errors.form}
        </Notice>
      ) : null}
      <SecretFields
        idPrefix="new-secret"
        values={values}
        onChange={setValues}
        errors={errors}
        valueMode="required"
        nameRef={nameInput}
        identifier={{ value: identifier, onChange: setIdentifier }}
      />
      <div className="dialog__actions">
        <Button onClick={onCancel}>Back to secrets</Button>
        <Button type="submit" variant="primary" busy={checking || createSecret.isPending}>
          Save secret
        </Button>
      </div>
    </form>
  )
}
