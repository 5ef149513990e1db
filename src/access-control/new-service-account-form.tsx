import type { FormEvent } from 'react'
import { useId, useState } from 'react'
import { deriveIdentifier, identifierProblem, nameProblem } from '../lib/entity-names'
import type { Scope } from '../lib/scope'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'
import { useCreateServiceAccount } from './service-account-api'

type Props = { scope: Scope; denied: string | undefined; onCreated: (identifier: string) => void }

/** A new service account at this scope: a name, and the identifier derived from it as everywhere else. */
export function NewServiceAccountForm({ scope, denied, onCreated }: Props) {
  const id = useId()
  const [name, setName] = useState('')
  const [tried, setTried] = useState(false)
  const create = useCreateServiceAccount(scope)
  const identifier = deriveIdentifier(name)
  const problem = nameProblem(name) ?? identifierProblem(identifier)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (denied || problem) return
    create.mutate(
      { identifier, name: name.trim() },
      {
        onSuccess: () => {
          setName('')
          setTried(false)
          onCreated(identifier)
        },
      },
    )
  }

  return (
    <form className="add-binding" aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
      <h3 id={`${id}-title`} className="section-title">
        New service account
      </h3>
      <div className="add-binding__fields">
        <div className={['field', tried && problem ? 'field--invalid' : ''].join(' ').trim()}>
          <label className="field__label" htmlFor={`${id}-name`}>
            Service account name
          </label>
          <input
            id={`${id}-name`}
            className="input"
            autoComplete="off"
            value={name}
            disabled={Boolean(denied)}
            aria-invalid={tried && problem ? true : undefined}
            aria-describedby={`${id}-help${tried && problem ? ` ${id}-error` : ''}`}
            onChange={(event) => setName(event.target.value)}
          />
          {tried && problem ? (
            <p className="field__error" id={`${id}-error`} role="alert">
              {problem}
            </p>
          ) : null}
          <p className="field__help" id={`${id}-help`}>
            {identifier ? `Identifier: ${identifier}` : 'Automation signs in as it with an API key token.'}
          </p>
        </div>
        <PermittedButton type="submit" variant="primary" denied={denied} busy={create.isPending}>
          Create service account
        </PermittedButton>
      </div>
      {create.isError ? (
        <Notice tone="danger" role="alert" title="The service account was not created">
          {create.error.message}
        </Notice>
      ) : null}
    </form>
  )
}
