import type { FormEvent } from 'react'
import { useId, useState } from 'react'
import { ApiError } from '../lib/api-client'
import type { Scope } from '../lib/scope'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'
import { useAddBinding, usePrincipals } from './access-control-api'
import { RoleSelect } from './role-select'

type Props = { scope: Scope; denied: string | undefined }

/** Binds a role at this scope to one of the account's users or service accounts. */
export function AddBindingForm({ scope, denied }: Props) {
  const id = useId()
  const principals = usePrincipals(scope, !denied, 'bind')
  const add = useAddBinding(scope)
  const [principal, setPrincipal] = useState('')
  const [role, setRole] = useState('')
  const [done, setDone] = useState('')
  const fieldErrors = add.error instanceof ApiError ? (add.error.body?.errors ?? []) : []
  const errorOf = (field: string) => fieldErrors.find((error) => error.fieldId.startsWith(field))?.error

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (denied) return
    const chosen = principals.data?.find((entry) => `${entry.type}/${entry.identifier}` === principal)
    if (!chosen || !role) return
    setDone('')
    add.mutate(
      { roleIdentifier: role, principal: { identifier: chosen.identifier, type: chosen.type } },
      { onSuccess: (made) => setDone(`${chosen.name} now holds ${made.roleName ?? role}.`) },
    )
  }

  return (
    <form className="add-binding" aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
      <h2 id={`${id}-title`} className="section-title">
        Add a role binding
      </h2>
      <div className="add-binding__fields">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-principal`}>
            User or service account
          </label>
          <select
            id={`${id}-principal`}
            className="input"
            value={principal}
            disabled={Boolean(denied)}
            aria-invalid={errorOf('principal') ? true : undefined}
            onChange={(event) => setPrincipal(event.target.value)}
          >
            <option value="">Choose…</option>
            {(principals.data ?? []).map((entry) => (
              <option key={`${entry.type}/${entry.identifier}`} value={`${entry.type}/${entry.identifier}`}>
                {entry.name} ({entry.type === 'USER' ? entry.email || entry.identifier : 'service account'})
              </option>
            ))}
          </select>
        </div>
        <RoleSelect
          id={`${id}-role`}
          label="Role"
          scope={scope}
          value={role}
          disabled={Boolean(denied)}
          invalid={Boolean(errorOf('roleIdentifier'))}
          onChange={setRole}
        />
        <PermittedButton
          type="submit"
          variant="primary"
          denied={denied}
          busy={add.isPending}
          disabled={!denied && (!principal || !role)}
        >
          Add binding
        </PermittedButton>
      </div>
      {denied ? <p className="muted">{denied}</p> : null}
      {add.isError ? (
        <Notice tone="danger" role="alert" title="The binding was not added">
          {add.error.message}
        </Notice>
      ) : null}
      <p role="status" className="muted">
        {done}
      </p>
    </form>
  )
}
