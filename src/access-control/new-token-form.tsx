import type { FormEvent } from 'react'
import { useEffect, useId, useRef, useState } from 'react'
import { deriveIdentifier, nameProblem } from '../lib/entity-names'
import type { Scope } from '../lib/scope'
import type { ApiKeyDTO } from '../lib/service-account-types'
import { DAY_MS } from '../lib/service-account-types'
import { Button } from '../ui/button'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'
import { useCreateApiKey, useCreateToken } from './service-account-api'

const LIFETIMES = [30, 90, 180, 365] as const

type Props = { scope: Scope; account: string; keys: readonly ApiKeyDTO[]; denied: string | undefined }

/**
 * A new token for the service account. A token belongs to an API key (Harness's shape); an
 * account without one gets its key `default` made first, in the same action, since a key alone
 * signs nothing in. The value is shown here once, and forgotten with Done.
 */
export function NewTokenForm({ scope, account, keys, denied }: Props) {
  const id = useId()
  const [name, setName] = useState('')
  const [days, setDays] = useState<number>(30)
  const [apiKey, setApiKey] = useState('')
  const [tried, setTried] = useState(false)
  const [revealed, setRevealed] = useState<{ name: string; value: string } | null>(null)
  const [copied, setCopied] = useState('')
  const valueField = useRef<HTMLInputElement>(null)
  const createKey = useCreateApiKey(scope, account)
  const createToken = useCreateToken(scope, account)
  const problem = nameProblem(name)
  const chosenKey = apiKey || keys[0]?.identifier || ''

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (denied || problem) return
    setRevealed(null)
    createKey.reset()
    createToken.reset()
    try {
      const key =
        chosenKey ||
        (await createKey.mutateAsync({ identifier: 'default', name: 'default', days: LIFETIMES.at(-1)! })).identifier
      const value = await createToken.mutateAsync({
        identifier: deriveIdentifier(name),
        name: name.trim(),
        apiKey: key,
        validTo: Date.now() + days * DAY_MS,
      })
      setRevealed({ name: name.trim(), value })
      setName('')
      setTried(false)
    } catch {
      // The mutation's error is shown below.
    }
  }

  const copy = async (value: string) => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(value)
      setCopied('Token copied to the clipboard.')
    } catch {
      valueField.current?.focus()
      valueField.current?.select()
      setCopied('Copying is not available here: the token is selected, press Ctrl+C (⌘C on a Mac).')
    }
  }

  // The new value takes the reader there once it is on the screen. An update made after an await
  // is rendered when React's scheduler gets to it, which a busy browser may put after the next
  // frame: a focus asked for in requestAnimationFrame then found no field yet.
  useEffect(() => {
    if (revealed) valueField.current?.focus()
  }, [revealed])

  const failure = createKey.error ?? createToken.error
  return (
    <form className="add-binding" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)} noValidate>
      <h4 id={`${id}-title`} className="section-title">
        New token
      </h4>
      <div className="add-binding__fields">
        <div className={['field', tried && problem ? 'field--invalid' : ''].join(' ').trim()}>
          <label className="field__label" htmlFor={`${id}-name`}>
            Token name
          </label>
          <input
            id={`${id}-name`}
            className="input"
            autoComplete="off"
            value={name}
            disabled={Boolean(denied)}
            aria-invalid={tried && problem ? true : undefined}
            aria-describedby={tried && problem ? `${id}-error` : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          {tried && problem ? (
            <p className="field__error" id={`${id}-error`} role="alert">
              {problem}
            </p>
          ) : null}
        </div>
        {keys.length > 1 ? (
          <div className="field">
            <label className="field__label" htmlFor={`${id}-key`}>
              API key
            </label>
            <select
              id={`${id}-key`}
              className="input"
              value={chosenKey}
              disabled={Boolean(denied)}
              onChange={(event) => setApiKey(event.target.value)}
            >
              {keys.map((key) => (
                <option key={key.identifier} value={key.identifier}>
                  {key.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label className="field__label" htmlFor={`${id}-days`}>
            Expires in
          </label>
          <select
            id={`${id}-days`}
            className="input"
            value={days}
            disabled={Boolean(denied)}
            onChange={(event) => setDays(Number(event.target.value))}
          >
            {LIFETIMES.map((lifetime) => (
              <option key={lifetime} value={lifetime}>
                {lifetime} days
              </option>
            ))}
          </select>
        </div>
        <PermittedButton
          type="submit"
          variant="primary"
          denied={denied}
          busy={createKey.isPending || createToken.isPending}
        >
          Create token
        </PermittedButton>
      </div>
      {failure ? (
        <Notice tone="danger" role="alert" title="The token was not created">
          {failure.message}
        </Notice>
      ) : null}
      {revealed ? (
        <Notice tone="success" role="status" title={`Token ${revealed.name} created`}>
          <p>
            Send it as the <code>x-api-key</code> header. Copy it now: <strong>it is shown only this once</strong>.
          </p>
          <div className="value-once">
            <input
              ref={valueField}
              className="input input--mono"
              readOnly
              aria-label={`Value of token ${revealed.name}`}
              value={revealed.value}
              spellCheck={false}
            />
            <Button onClick={() => void copy(revealed.value)}>Copy</Button>
            <Button
              onClick={() => {
                setRevealed(null)
                setCopied('')
              }}
            >
              Done
            </Button>
          </div>
          <p aria-live="polite">{copied}</p>
        </Notice>
      ) : null}
    </form>
  )
}
