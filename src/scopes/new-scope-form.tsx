import type { FormEvent } from 'react'
import { useEffect, useRef, useState } from 'react'
import { ApiError } from '../lib/api-client'
import { descriptionProblem, identifierProblem, nameProblem } from '../lib/entity-names'
import type { Scope } from '../lib/scope'
import { Button } from '../ui/button'
import { NameFields } from '../ui/name-fields'
import { Notice } from '../ui/notice'
import type { NewScope } from './scope-api'
import { useCreateOrganization, useCreateProject } from './scope-api'

export type NewScopeKind = 'organization' | 'project'

type Props = {
  kind: NewScopeKind
  /** The account (an organization) or the organization (a project) it is created in. */
  parent: Scope
  /** With the scope just created, to switch to it. */
  onCreated: (scope: Scope) => void
  onCancel: () => void
}

type FieldName = 'name' | 'identifier' | 'description'
type Errors = Partial<Record<FieldName | 'form', string>>

const FIELDS: readonly FieldName[] = ['name', 'identifier', 'description']

/**
 * A new organization or project: Name, Identifier (derived from the name until the user edits
 * it, as in the connector wizard) and Description. The form checks the rules the API checks;
 * what only the server knows (a taken identifier) comes back at its field, in the server's words.
 */
export function NewScopeForm({ kind, parent, onCreated, onCancel }: Props) {
  const [values, setValues] = useState<NewScope>({ name: '', identifier: '', description: '' })
  const [errors, setErrors] = useState<Errors>({})
  const createOrganization = useCreateOrganization(parent.accountIdentifier)
  const createProject = useCreateProject(parent.accountIdentifier, parent.orgIdentifier ?? '')
  const create = kind === 'organization' ? createOrganization : createProject
  const nameInput = useRef<HTMLInputElement>(null)
  const idPrefix = `new-${kind}`

  // The dialog opens on request: the first field takes the focus.
  useEffect(() => nameInput.current?.focus(), [])

  function showErrors(next: Errors) {
    setErrors(next)
    const first = FIELDS.find((field) => next[field])
    if (first) document.getElementById(`${idPrefix}-${first}`)?.focus()
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const fields: NewScope = { ...values, name: values.name.trim() }
    const next: Errors = {
      name: nameProblem(fields.name),
      identifier: identifierProblem(fields.identifier),
      description: descriptionProblem(fields.description),
    }
    if (next.name || next.identifier || next.description) return showErrors(next)
    if (create.isPending) return
    try {
      await create.mutateAsync(fields)
      onCreated(
        kind === 'organization'
          ? { accountIdentifier: parent.accountIdentifier, orgIdentifier: fields.identifier }
          : { ...parent, projectIdentifier: fields.identifier },
      )
    } catch (error) {
      showErrors(serverErrors(error, kind))
    }
  }

  const label = kind === 'organization' ? 'Organization' : 'Project'

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label={`New ${kind}`}>
      <p className="muted">
        {kind === 'organization'
          ? `In account ${parent.accountIdentifier}.`
          : `In organization ${parent.orgIdentifier ?? ''}.`}
      </p>
      {errors.form ? (
        <Notice tone="danger" role="alert">
          {errors.form}
        </Notice>
      ) : null}
      <NameFields
        idPrefix={idPrefix}
        noun={label}
        name={values.name}
        description={values.description}
        identifier={{
          value: values.identifier,
          help: 'Derived from the name; letters, digits and _. It cannot change later.',
        }}
        onChange={(change) => setValues((current) => ({ ...current, ...change }))}
        errors={errors}
        nameRef={nameInput}
      />
      <div className="dialog__actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create {kind}
        </Button>
      </div>
    </form>
  )
}

/** The server's refusal at the field it concerns: its field errors, a taken identifier, or the form. */
function serverErrors(error: unknown, kind: NewScopeKind): Errors {
  if (!(error instanceof ApiError)) return { form: `The ${kind} could not be created. Try again.` }
  const next: Errors = {}
  for (const entry of error.body?.errors ?? []) {
    const field = FIELDS.find((name) => name === entry.fieldId)
    if (field) next[field] ??= entry.error
  }
  if (error.body?.code === 'DUPLICATE_FIELD') next.identifier = error.message
  if (!FIELDS.some((field) => next[field])) next.form = error.message
  return next
}
