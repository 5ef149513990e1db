import type { FormEvent, RefObject } from 'react'
import { useId } from 'react'
import { Button } from '../../ui/button'
import { Field } from '../../ui/field'
import { Notice } from '../../ui/notice'

type Props = {
  text: string
  onText: (text: string) => void
  onFile: (file: File | undefined) => void
  onSubmit: () => void
  onCancel: () => void
  checking: boolean
  problem: string
  textarea: RefObject<HTMLTextAreaElement | null>
}

/** The import's first step: a file (previewed at once) or pasted YAML. */
export function ImportYamlInput({ text, onText, onFile, onSubmit, onCancel, checking, problem, textarea }: Props) {
  const fileId = useId()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSubmit()
  }
  return (
    <form className="import-dialog__form" onSubmit={submit} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={fileId}>
          YAML file
        </label>
        <input
          id={fileId}
          type="file"
          accept=".yaml,.yml,application/yaml,text/yaml,text/plain"
          onChange={(event) => onFile(event.target.files?.[0])}
        />
      </div>
      <Field label="Or paste YAML" help="One or more connector: documents, separated by lines of ---.">
        {({ inputProps }) => (
          <textarea
            {...inputProps}
            ref={textarea}
            className="input input--mono"
            rows={10}
            spellCheck={false}
            value={text}
            onChange={(event) => onText(event.target.value)}
          />
        )}
      </Field>
      {problem ? (
        <Notice tone="danger" role="alert">
          {problem}
        </Notice>
      ) : null}
      <div className="dialog__actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={checking} disabled={!text.trim()}>
          Preview
        </Button>
      </div>
      {checking ? (
        <p className="muted" role="status">
          Checking the documents…
        </p>
      ) : null}
    </form>
  )
}
