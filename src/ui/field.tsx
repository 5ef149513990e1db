import type { ReactNode } from 'react'
import { useId } from 'react'
import { useSettledWhilePressed } from './settled-while-pressed'

export type FieldIds = {
  inputId: string
  describedBy: string | undefined
  invalid: boolean
  /** The attributes every input of a Field carries, to spread onto it. */
  inputProps: { id: string; 'aria-describedby': string | undefined; 'aria-invalid': true | undefined }
}

export type FieldProps = {
  label: ReactNode
  /** Help text shown under the label. */
  help?: ReactNode
  error?: string
  optional?: boolean
  /** Anything else under the input (guidance, previews). */
  footer?: ReactNode
  children: (ids: FieldIds) => ReactNode
  className?: string
  /** A fixed id for the input, when something else needs to find it. */
  id?: string
}

/** A labelled input with its help and error wired to it by id, so screen readers read all three. */
export function Field({ label, help, error: currentError, optional, footer, children, className, id }: FieldProps) {
  // A message that appears or goes while the user presses another control waits for the release.
  const error = useSettledWhilePressed(currentError)
  const generatedId = useId()
  const inputId = id ?? generatedId
  const helpId = `${inputId}-help`
  const errorId = `${inputId}-error`
  const describedBy = [error ? errorId : '', help ? helpId : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].join(' ').trim()}>
      <label className="field__label" htmlFor={inputId}>
        {label}
        {optional ? <span className="field__optional"> (optional)</span> : null}
      </label>
      {children({
        inputId,
        describedBy,
        invalid: Boolean(error),
        inputProps: { id: inputId, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined },
      })}
      {error ? (
        <p className="field__error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
      {help ? (
        <p className="field__help" id={helpId}>
          {help}
        </p>
      ) : null}
      {footer}
    </div>
  )
}
