import { type KeyboardEvent, useId, useState } from 'react'
import { delegateTagProblem, MAX_DELEGATE_TAG_LENGTH, tooManySelectors } from '../connector-types/delegate-tag-rule'

type Props = { selectors: string[]; onChange: (selectors: string[]) => void }

/**
 * The chosen tags as chips, and a field to type one no delegate has yet (a delegate started
 * later with it will take the tests). What the API would refuse is refused here, in its words,
 * and what was typed stays in the field to be corrected.
 */
export function DelegateTagEntry({ selectors, onChange }: Props) {
  const [draft, setDraft] = useState('')
  const [problem, setProblem] = useState<string>()
  const id = useId()

  function add() {
    const tag = draft.trim()
    const duplicate = selectors.find((selector) => selector.toLowerCase() === tag.toLowerCase())
    const refusal =
      delegateTagProblem(draft) ??
      (duplicate ? `${duplicate} is already chosen (tags are compared without regard to case).` : undefined) ??
      tooManySelectors(selectors.length + 1)
    setProblem(refusal)
    if (refusal) return
    onChange([...selectors, tag])
    setDraft('')
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter adds the tag; it never submits the wizard's step.
    if (event.key === 'Enter') {
      event.preventDefault()
      add()
    }
  }

  return (
    <div className="delegate-tag-entry">
      {selectors.length ? (
        <ul className="tag-input__chips" aria-label="Delegate tags chosen">
          {selectors.map((tag) => (
            <li key={tag} className="chip">
              <span className="chip__text">{tag}</span>
              <button
                type="button"
                className="chip__remove"
                aria-label={`Remove ${tag}`}
                onClick={() => onChange(selectors.filter((other) => other !== tag))}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <label className="field__label" htmlFor={`${id}-tag`}>
        Add a delegate tag
      </label>
      <div className="delegate-tag-entry__row">
        <input
          id={`${id}-tag`}
          className="input"
          value={draft}
          maxLength={MAX_DELEGATE_TAG_LENGTH * 4}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : `${id}-hint`}
          onChange={(event) => {
            setDraft(event.target.value)
            setProblem(undefined)
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="button" onClick={add}>
          Add
        </button>
      </div>
      {problem ? (
        <p id={`${id}-problem`} className="field__error" role="alert">
          {problem}
        </p>
      ) : (
        <p id={`${id}-hint`} className="field__help">
          Any tag, including one no delegate has yet; Enter adds it.
        </p>
      )}
    </div>
  )
}
