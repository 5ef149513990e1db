import { useState } from 'react'
import {
  DELEGATE_TOKEN_LIFETIMES,
  delegateTokenExpiryProblem,
  type DelegateTokenLifetime,
  expiryOf,
} from '../lib/delegate-token-expiry'
import { Field } from '../ui/field'

const day = new Intl.DateTimeFormat('en', { dateStyle: 'medium' })

/** `YYYY-MM-DD` of a local day, as a date input reads and writes it. */
function inputDate(timestamp: number): string {
  const date = new Date(timestamp)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

export type ExpiryChoice = { lifetime: DelegateTokenLifetime; date: string }

/**
 * The expiry a choice makes at `now`, or the words for why it makes none: the same limits as
 * the API's (delegate-token-expiry.ts), so the form refuses what the server would.
 */
export function chosenExpiry(choice: ExpiryChoice, now: number): { expiresAt: number | null } | { problem: string } {
  const expiresAt = expiryOf(choice.lifetime, choice.date, now)
  if (expiresAt === 'no-date') return { problem: 'Choose the day the token expires.' }
  const problem = delegateTokenExpiryProblem(expiresAt, now)
  return problem ? { problem } : { expiresAt }
}

type Props = {
  choice: ExpiryChoice
  onChange: (choice: ExpiryChoice) => void
  /** What is wrong with the choice (the form's or the server's words), shown at the field chosen with. */
  error: string | undefined
  /** The field to focus when the choice is refused: the date when one is asked for. */
  fieldRef: (element: HTMLElement | null) => void
  disabled?: boolean
}

/**
 * When a new token stops being accepted: Never, 30 or 90 days, or a day chosen (good through
 * its end), as Harness offers lifetimes. Says the day a lifetime comes to, before it is made.
 */
export function DelegateTokenExpiryField({ choice, onChange, error, fieldRef, disabled }: Props) {
  // When the form was opened: the day a lifetime comes to, and the earliest day offered. The
  // expiry itself is computed at submit (chosenExpiry), from the time of the click.
  const [now] = useState(() => Date.now())
  const onDate = choice.lifetime === 'date'
  const expiry = expiryOf(choice.lifetime, choice.date, now)
  const help =
    expiry === null
      ? 'Until revoked.'
      : typeof expiry === 'number' && !onDate
        ? `Until ${day.format(expiry)}.`
        : undefined
  return (
    <>
      <Field
        className="token-form__expiry"
        label="Expires"
        error={onDate ? undefined : error}
        help={onDate || error ? undefined : help}
      >
        {({ inputProps }) => (
          <select
            {...inputProps}
            ref={onDate ? undefined : fieldRef}
            className="input"
            value={choice.lifetime}
            disabled={disabled}
            onChange={(event) => onChange({ ...choice, lifetime: event.target.value as DelegateTokenLifetime })}
          >
            {DELEGATE_TOKEN_LIFETIMES.map((lifetime) => (
              <option key={lifetime.value} value={lifetime.value}>
                {lifetime.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {onDate ? (
        <Field
          className="token-form__expiry"
          label="Expiry date"
          error={error}
          help={error ? undefined : 'The token is accepted until the end of this day.'}
        >
          {({ inputProps }) => (
            <input
              {...inputProps}
              ref={fieldRef}
              type="date"
              className="input"
              min={inputDate(now)}
              value={choice.date}
              disabled={disabled}
              onChange={(event) => onChange({ ...choice, date: event.target.value })}
            />
          )}
        </Field>
      ) : null}
    </>
  )
}
