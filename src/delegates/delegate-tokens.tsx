import type { FormEvent } from 'react'
import { useEffect, useRef, useState } from 'react'
import { ApiError } from '../lib/api-client'
import { DELEGATE_DOWNLOAD_PATH, DELEGATE_FILE_NAME } from '../lib/delegate-download'
import { scopeWords, useScopePermissions } from '../lib/use-permissions'
import { useCurrentScope } from '../scopes/scope-context'
import { Field } from '../ui/field'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'
import { useCreateDelegateToken } from './delegate-token-api'
import { chosenExpiry, DelegateTokenExpiryField, type ExpiryChoice } from './delegate-token-expiry-field'
import { DelegateTokenList } from './delegate-token-list'
import { DelegateTokenReveal } from './delegate-token-reveal'

/**
 * What the server says about one field it refused belongs at that field: a name's rule or that
 * it is taken (409), an expiry's limits. A refusal naming no field (from before fields were
 * named) is about the name, the one field there was.
 */
function fieldProblem(error: unknown, field: 'name' | 'expiresAt'): string | undefined {
  if (!(error instanceof ApiError)) return undefined
  if (error.status === 409) return field === 'name' ? error.message : undefined
  if (error.status !== 400) return undefined
  const named = error.body?.errors
  if (!named?.length) return field === 'name' ? error.message : undefined
  return named.find((problem) => problem.fieldId === field)?.error
}

const NEVER: ExpiryChoice = { lifetime: 'never', date: '' }

/**
 * The tokens delegates started elsewhere present, at the current scope: create one (its value
 * shown once), list, revoke. A token belongs to the scope it is made in; seeing, creating and
 * revoking that scope's tokens all need core_delegate_edit there.
 */
export function DelegateTokens() {
  const scope = useCurrentScope()
  const create = useCreateDelegateToken(scope)
  const permissions = useScopePermissions(scope, ['core_delegate_edit'])
  const denied = permissions.denied('core_delegate_edit')
  const where = scopeWords(scope)
  const nameField = useRef<HTMLInputElement>(null)
  const [name, setName] = useState('')
  const [missingName, setMissingName] = useState(false)
  const [expiry, setExpiry] = useState<ExpiryChoice>(NEVER)
  const [expiryProblem, setExpiryProblem] = useState('')
  const expiryField = useRef<HTMLElement | null>(null)
  const [revealed, setRevealed] = useState<{ name: string; value: string; serverUrl?: string | undefined } | null>(null)
  const [announcement, setAnnouncement] = useState('')
  const backFromReveal = useRef(false)

  // Done brings the form back; its Name field is where work goes on.
  useEffect(() => {
    if (revealed || !backFromReveal.current) return
    backFromReveal.current = false
    nameField.current?.focus()
  }, [revealed])

  function submit(event: FormEvent) {
    event.preventDefault()
    const trimmed = name.trim()
    const chosen = chosenExpiry(expiry, Date.now())
    setMissingName(!trimmed)
    setExpiryProblem('problem' in chosen ? chosen.problem : '')
    if (!trimmed || 'problem' in chosen) {
      ;(trimmed ? expiryField.current : nameField.current)?.focus()
      return
    }
    create.mutate(
      { name: trimmed, expiresAt: chosen.expiresAt },
      {
        onSuccess: (created) => {
          setRevealed({ name: created.token.name, value: created.value, serverUrl: created.serverUrl })
          setName('')
          setExpiry(NEVER)
          setAnnouncement(`Token ${created.token.name} created. Copy its value now: it is shown only once.`)
          // The answer (and its value) leaves the mutation cache; only the view above keeps it.
          create.reset()
        },
        onError: (error) =>
          (fieldProblem(error, 'name') || !fieldProblem(error, 'expiresAt')
            ? nameField.current
            : expiryField.current
          )?.focus(),
      },
    )
  }

  const nameError = missingName ? 'Enter a name for the token.' : fieldProblem(create.error, 'name')
  const expiryError = expiryProblem || fieldProblem(create.error, 'expiresAt')
  const otherProblem = create.isError && !nameError && !expiryError

  return (
    <section className="delegate-tokens" aria-labelledby="delegate-tokens-heading">
      <h2 id="delegate-tokens-heading" className="section-heading">
        Delegate tokens
      </h2>
      <p className="muted">
        A delegate started elsewhere presents a token. It is one file that Node.js 20.19 or later runs, with nothing to
        install:{' '}
        <a href={DELEGATE_DOWNLOAD_PATH} download={DELEGATE_FILE_NAME}>
          download {DELEGATE_FILE_NAME}
        </a>
        ; a new token comes with the commands that fetch and start it. The tokens here belong to {where}: their
        delegates take the tests of connectors in {where}
        {scope.projectIdentifier ? '' : ' and below it'} only. Revoking a token disconnects the delegates that use it.
      </p>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>

      {revealed ? (
        <DelegateTokenReveal
          tokenName={revealed.name}
          value={revealed.value}
          serverUrl={revealed.serverUrl}
          onDone={() => {
            backFromReveal.current = true
            setRevealed(null)
            setAnnouncement('The token value is hidden for good.')
          }}
        />
      ) : (
        <form className="token-form" aria-labelledby="new-token-heading" noValidate onSubmit={submit}>
          <h3 id="new-token-heading" className="section-title">
            New token
          </h3>
          <div className="token-form__row">
            <Field
              label="Name"
              error={nameError}
              // The server's refusal states the rule; saying it twice would only be noise.
              help={
                nameError
                  ? undefined
                  : 'Starts with a letter or digit; up to 64 letters, digits, dots, dashes and underscores.'
              }
            >
              {({ inputProps }) => (
                <input
                  {...inputProps}
                  ref={nameField}
                  className="input"
                  value={name}
                  autoComplete="off"
                  onChange={(event) => {
                    setName(event.target.value)
                    setMissingName(false)
                    if (create.isError) create.reset()
                  }}
                />
              )}
            </Field>
            <DelegateTokenExpiryField
              choice={expiry}
              error={expiryError}
              fieldRef={(element) => {
                expiryField.current = element
              }}
              onChange={(choice) => {
                setExpiry(choice)
                setExpiryProblem('')
                if (create.isError) create.reset()
              }}
            />
            <PermittedButton type="submit" variant="primary" busy={create.isPending} denied={denied}>
              Create token
            </PermittedButton>
          </div>
          {otherProblem ? (
            <Notice tone="danger" role="alert" title="The token could not be created">
              {create.error.message}
            </Notice>
          ) : null}
        </form>
      )}

      {permissions.permitted('core_delegate_edit') ? (
        <DelegateTokenList scope={scope} onRevoked={(tokenName) => setAnnouncement(`Token ${tokenName} revoked.`)} />
      ) : denied ? (
        <Notice tone="info" title={`The tokens of ${where} are not shown`}>
          Seeing, creating and revoking them needs the permission to create or revoke delegate tokens (
          <code>core_delegate_edit</code>) in {where}, which your role does not give. An administrator of {where} can
          give it, or make a token for you.
        </Notice>
      ) : (
        <p className="muted" role="status">
          Checking whether you may see the tokens of {where}…
        </p>
      )}
    </section>
  )
}
