import type { RefObject } from 'react'
import { useEffect, useRef, useState } from 'react'
import { DELEGATE_DOWNLOAD_PATH, DELEGATE_FILE_NAME } from '../lib/delegate-download'
import { Button } from '../ui/button'
import { Field } from '../ui/field'
import { delegateCommand, delegateDownloadCommand } from './delegate-token-api'

type Props = {
  tokenName: string
  value: string
  /** Where delegates reach the server (its public URL); this page's origin when the server names none. */
  serverUrl?: string | undefined
  onDone: () => void
}

/**
 * A new token's value, the one time the server gives it out, with the command that starts a
 * delegate with it. The value lives in this view's state only: Done (or leaving) forgets it.
 */
export function DelegateTokenReveal({ tokenName, value, serverUrl, onDone }: Props) {
  const valueField = useRef<HTMLInputElement>(null)
  const downloadField = useRef<HTMLTextAreaElement>(null)
  const commandField = useRef<HTMLTextAreaElement>(null)
  const envCommandField = useRef<HTMLTextAreaElement>(null)
  const [delegateName, setDelegateName] = useState(tokenName)
  const [tags, setTags] = useState('')
  const [copyMessage, setCopyMessage] = useState('')

  // Whoever just created the token is taken to its value, the thing to act on now.
  useEffect(() => valueField.current?.focus(), [])

  const command = { server: serverUrl ?? window.location.origin, token: value, name: delegateName, tags }

  async function copy(text: string, field: RefObject<HTMLInputElement | HTMLTextAreaElement | null>, what: string) {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(text)
      setCopyMessage(`${what} copied to the clipboard.`)
    } catch {
      // An insecure origin or a refused permission: leave the text selected for the keyboard.
      field.current?.focus()
      field.current?.select()
      setCopyMessage(
        `Copying is not available here: the ${what.toLowerCase()} is selected, press Ctrl+C (⌘C on a Mac).`,
      )
    }
  }

  return (
    <section className="token-reveal" aria-labelledby="token-reveal-heading">
      <h3 id="token-reveal-heading" className="section-title">
        Token {tokenName} created
      </h3>
      <p>
        Copy its value now: <strong>it is shown only this once</strong>. Anyone who has it can connect delegates to this
        server until the token is revoked.
      </p>
      <Field label="Token value">
        {({ inputProps }) => (
          <div className="token-reveal__row">
            <input
              {...inputProps}
              ref={valueField}
              className="input input--mono"
              readOnly
              value={value}
              autoComplete="off"
              spellCheck={false}
            />
            <Button onClick={() => void copy(value, valueField, 'Token value')}>Copy</Button>
          </div>
        )}
      </Field>

      <div className="token-reveal__options">
        <Field label="Delegate name" help="Connectors can select the delegate by this name.">
          {({ inputProps }) => (
            <input
              {...inputProps}
              className="input"
              value={delegateName}
              onChange={(event) => setDelegateName(event.target.value)}
            />
          )}
        </Field>
        <Field label="Tags" optional help="Comma-separated, for connectors' delegate selectors.">
          {({ inputProps }) => (
            <input {...inputProps} className="input" value={tags} onChange={(event) => setTags(event.target.value)} />
          )}
        </Field>
      </div>

      <p>
        On the machine the delegate is to run on, which needs Node.js 20.19 or later and nothing else: fetch the
        delegate (one file), then start it. Or{' '}
        <a href={DELEGATE_DOWNLOAD_PATH} download={DELEGATE_FILE_NAME}>
          download {DELEGATE_FILE_NAME}
        </a>{' '}
        here and copy it there.
      </p>
      <Field label="Command to download the delegate">
        {({ inputProps }) => (
          <div className="token-reveal__row">
            <textarea
              {...inputProps}
              ref={downloadField}
              className="input input--mono token-reveal__command"
              readOnly
              rows={2}
              value={delegateDownloadCommand(command.server)}
              spellCheck={false}
            />
            <Button onClick={() => void copy(delegateDownloadCommand(command.server), downloadField, 'Command')}>
              Copy download command
            </Button>
          </div>
        )}
      </Field>
      <Field label="Command to start a delegate">
        {({ inputProps }) => (
          <div className="token-reveal__row">
            <textarea
              {...inputProps}
              ref={commandField}
              className="input input--mono token-reveal__command"
              readOnly
              rows={3}
              value={delegateCommand(command)}
              spellCheck={false}
            />
            <Button onClick={() => void copy(delegateCommand(command), commandField, 'Command')}>Copy command</Button>
          </div>
        )}
      </Field>
      <Field
        label="Preferred: the token in the environment"
        help="Other users of the machine can read a process's arguments, but not its environment."
      >
        {({ inputProps }) => (
          <div className="token-reveal__row">
            <textarea
              {...inputProps}
              ref={envCommandField}
              className="input input--mono token-reveal__command"
              readOnly
              rows={3}
              value={delegateCommand({ ...command, tokenInEnvironment: true })}
              spellCheck={false}
            />
            <Button
              onClick={() =>
                void copy(delegateCommand({ ...command, tokenInEnvironment: true }), envCommandField, 'Command')
              }
            >
              Copy preferred command
            </Button>
          </div>
        )}
      </Field>

      <div className="token-reveal__actions">
        <p role="status" className="muted">
          {copyMessage}
        </p>
        <Button variant="primary" onClick={onDone}>
          Done
        </Button>
      </div>
    </section>
  )
}
