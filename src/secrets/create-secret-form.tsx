import { useQueryClient } from '@tanstack/react-query'
import type { FormEvent } from 'react'
import { useEffect, useRef, useState } from 'react'
import { ApiError } from '../lib/api-client'
import type { SecretResponse } from '../lib/api-types'
import { deriveIdentifier, descriptionProblem, identifierProblem, nameProblem } from '../lib/entity-names'
import type { Scope } from '../lib/scope'
import { Button } from '../ui/button'
import { Field } from '../ui/field'
import { Notice } from '../ui/notice'
import { isSecretIdentifierUnique, useCreateSecret } from './secret-api'

type Props = {
  scope: Scope
  scopeLabel: string
  onCreated: (secret: SecretResponse) => void
  onCancel: () => void
}

type Errors = Partial<Record<'name' | 'identifier' | 'value' | 'description' | 'form', string>>

/**
 * A new text secret, created in the simulated secret manager. The value goes to the server
 * once and is never read back; the field is cleared as soon as the secret exists.
 */
export function CreateSecretForm({ scope, scopeLabel, onCreated, onCancel }: Props) {
  const [name, setName] = useState('')
  const [identifier, setIdentifier] = useState('')
  const [identifierEdited, setIdentifierEdited] = useState(false)
  const [value, setValue] = useState('')
  const [description, setDescription] = useState('')
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
    // The same rules as the API's (lib/entity-names.ts), so the server never refuses what passed here.
    const next: Errors = {
      name: nameProblem(name),
      identifier: identifierProblem(identifier),
      value: value === '' ? 'Secret Value is required.' : undefined,
      description: descriptionProblem(description),
    }
    if (next.name || next.identifier || next.value || next.description) {
      setErrors(next)
      const firstInvalid = (['name', 'identifier', 'value', 'description'] as const).find((key) => next[key])
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
      const created = await createSecret.mutateAsync({ name, identifier, description, value })
      setValue('')
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
      <Field id="new-secret-name" label="Secret Name" error={errors.name}>
        {({ inputProps }) => (
          <input
            {...inputProps}
            ref={nameInput}
            className="input"
            value={name}
            autoComplete="off"
            onChange={(event) => {
              setName(event.target.value)
              if (!identifierEdited) setIdentifier(deriveIdentifier(event.target.value))
            }}
          />
        )}
      </Field>
      <Field
        id="new-secret-identifier"
        label="Secret Identifier"
        error={errors.identifier}
        help="Derived from the name; letters, digits and _."
      >
        {({ inputProps }) => (
          <input
            {...inputProps}
            className="input"
            value={identifier}
            autoComplete="off"
            onChange={(event) => {
              setIdentifierEdited(true)
              setIdentifier(event.target.value)
            }}
          />
        )}
      </Field>
      <Field
        id="new-secret-value"
        label="Secret Value"
        error={errors.value}
        help="Stored in the secret manager. It is never shown again."
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
      <Field id="new-secret-description" label="Description" optional error={errors.description}>
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
      <div className="dialog__actions">
        <Button onClick={onCancel}>Back to secrets</Button>
        <Button type="submit" variant="primary" busy={checking || createSecret.isPending}>
          Save secret
        </Button>
      </div>
    </form>
  )
}
