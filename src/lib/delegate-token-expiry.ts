/**
 * When a delegate token stops being accepted: chosen at creation (Never, 30 or 90 days, or a
 * date), as epoch milliseconds; absent or null means never. The API and the create form refuse
 * the same expiries with the same words.
 */

const DAY_MS = 24 * 60 * 60 * 1000
/** Far enough for any plan; near enough that a typo of a year is caught. */
export const MAX_DELEGATE_TOKEN_DAYS = 3650

export const DELEGATE_TOKEN_EXPIRY_RULE =
  'A delegate token expires at a time in the future, at most 10 years from now, or never.'

/** The words for an expiry that cannot be taken at `now`, or undefined when it can (or is never). */
export function delegateTokenExpiryProblem(expiresAt: unknown, now: number): string | undefined {
  if (expiresAt === undefined || expiresAt === null) return undefined
  if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt)) {
    return `${DELEGATE_TOKEN_EXPIRY_RULE} Give expiresAt as a time in epoch milliseconds.`
  }
  if (expiresAt <= now || expiresAt - now > MAX_DELEGATE_TOKEN_DAYS * DAY_MS) return DELEGATE_TOKEN_EXPIRY_RULE
  return undefined
}

/** The choices the create form offers, as Harness offers lifetimes; `date` asks for a day. */
export const DELEGATE_TOKEN_LIFETIMES = [
  { value: 'never', label: 'Never', days: undefined },
  { value: '30', label: '30 days', days: 30 },
  { value: '90', label: '90 days', days: 90 },
  { value: 'date', label: 'On a date', days: undefined },
] as const

export type DelegateTokenLifetime = (typeof DELEGATE_TOKEN_LIFETIMES)[number]['value']

/** The expiry of a lifetime chosen at `now`: never, a number of days on, or the end of the chosen day (local time). */
export function expiryOf(lifetime: DelegateTokenLifetime, date: string, now: number): number | null | 'no-date' {
  if (lifetime === 'never') return null
  if (lifetime === 'date') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
    if (!match) return 'no-date'
    const [, year, month, day] = match.map(Number) as [number, number, number, number]
    // The token is good through the whole of the chosen day.
    const end = new Date(year, month - 1, day, 23, 59, 59, 999)
    // 2027-02-31 is no day at all (Date would make it March 3rd).
    return end.getMonth() === month - 1 && end.getDate() === day ? end.getTime() : 'no-date'
  }
  return now + Number(lifetime) * DAY_MS
}
