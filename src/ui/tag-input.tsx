import type { KeyboardEvent, Ref } from 'react'
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
}

/**
 * Chips typed as `key` or `key:value`. Enter or a comma adds one; Enter never submits the
 * form (a user pressing Enter after a tag means "add it", not "Continue").
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

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault()
      if (draft.trim()) commit(draft)
    } else if (event.key === 'Backspace' && draft === '' && value.length) {
      onChange(value.slice(0, -1))
    }
  }

  return (
    <div className={['tag-input', invalid ? 'tag-input--invalid' : ''].join(' ').trim()}>
      {value.length ? (
        <ul className="tag-input__chips" aria-label="Tags added">
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
      <input
        id={id}
        ref={inputRef}
        className="input tag-input__input"
        value={draft}
        placeholder={placeholder}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        onChange={(event) => {
          if (event.target.value.includes(',')) commit(event.target.value)
          else setDraft(event.target.value)
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (draft.trim()) commit(draft)
          onBlur?.()
        }}
      />
    </div>
  )
}
