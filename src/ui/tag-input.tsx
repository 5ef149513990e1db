import type { KeyboardEvent, ReactNode, Ref } from 'react'
import { useState } from 'react'

type Props = {
  id: string
  value: string[]
  onChange: (chips: string[]) => void
  onBlur?: () => void
  describedBy?: string
  invalid?: boolean
  placeholder?: string
  inputRef?: Ref<HTMLInputElement>
  /** Read out after the chip's text on its remove button. */
  removeLabel?: (chip: string) => string
  /** The chip list's accessible name ("Tags added" unless said). */
  chipsLabel?: string
  /**
   * Checks a draft before it becomes a chip: answers the words of a refusal, or undefined. With
   * a check, a draft is one chip, added on Enter or Add only (a comma is the check's to refuse);
   * a refused draft stays in the field to be corrected, and the words go to `onProblem`.
   */
  check?: (draft: string) => string | undefined
  /** The check's refusal, and undefined once the draft changes or a chip is added. */
  onProblem?: (problem: string | undefined) => void
  /** A button after the field that adds the draft, with this text. */
  addLabel?: string
  /** The field's own label, between the chips and the field (a caller without one labels `id`). */
  label?: ReactNode
  maxLength?: number
}

/**
 * Chips typed as `key` or `key:value`. Enter or a comma adds one; Enter never submits the
 * form (a user pressing Enter after a tag means "add it", not "Continue"). With `check`, each
 * draft is checked whole before it is added (delegate tags).
 */
export function TagInput({
  id,
  value,
  onChange,
  onBlur,
  describedBy,
  invalid,
  placeholder,
  inputRef,
  removeLabel,
  chipsLabel = 'Tags added',
  check,
  onProblem,
  addLabel,
  label,
  maxLength,
}: Props) {
  const [draft, setDraft] = useState('')

  function commit(text: string) {
    const chips = text
      .split(',')
      .map((chip) => chip.trim())
      .filter((chip) => chip && !value.includes(chip))
    if (chips.length) onChange([...value, ...chips])
    setDraft('')
  }

  /** A checked draft: added whole when the check takes it, else kept with the check's words. */
  function commitChecked(checkDraft: (draft: string) => string | undefined) {
    const problem = checkDraft(draft)
    onProblem?.(problem)
    if (problem) return
    onChange([...value, draft.trim()])
    setDraft('')
  }

  function add() {
    if (check) commitChecked(check)
    else if (draft.trim()) commit(draft)
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' || (!check && event.key === ',')) {
      event.preventDefault()
      add()
    } else if (!check && event.key === 'Backspace' && draft === '' && value.length) {
      onChange(value.slice(0, -1))
    }
  }

  const input = (
    <input
      id={id}
      ref={inputRef}
      className="input tag-input__input"
      value={draft}
      placeholder={placeholder}
      maxLength={maxLength}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      onChange={(event) => {
        if (check) {
          setDraft(event.target.value)
          onProblem?.(undefined)
        } else if (event.target.value.includes(',')) commit(event.target.value)
        else setDraft(event.target.value)
      }}
      onKeyDown={onKeyDown}
      onBlur={() => {
        // A checked draft waits for Enter or Add: leaving the field adds nothing unasked.
        if (!check && draft.trim()) commit(draft)
        onBlur?.()
      }}
    />
  )

  return (
    <div className={['tag-input', invalid ? 'tag-input--invalid' : ''].join(' ').trim()}>
      {value.length ? (
        <ul className="tag-input__chips" aria-label={chipsLabel}>
          {value.map((chip) => (
            <li key={chip} className="chip">
              <span className="chip__text">{chip}</span>
              <button
                type="button"
                className="chip__remove"
                aria-label={removeLabel ? removeLabel(chip) : `Remove tag ${chip}`}
                onClick={() => onChange(value.filter((other) => other !== chip))}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {label}
      {addLabel ? (
        <div className="tag-input__row">
          {input}
          <button type="button" className="button" onClick={add}>
            {addLabel}
          </button>
        </div>
      ) : (
        input
      )}
    </div>
  )
}
