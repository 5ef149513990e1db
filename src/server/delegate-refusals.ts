/**
 * What the delegates' API answers (delegate-agent-side.ts), and its refusals in the words a
 * delegate logs: a token refused (unknown, revoked, expired), a delegate another token registered,
 * one the server does not know.
 */

export type Refusal = { status: 401 | 403 | 404 | 503; code: string; message: string }
export type Answer<T> = { ok: true; value: T } | { ok: false; refusal: Refusal }

export const ok = <T>(value: T): Answer<T> => ({ ok: true, value })
export const refused = (status: Refusal['status'], code: string, message: string): Answer<never> => ({
  ok: false,
  refusal: { status, code, message },
})

export const NOT_YOURS = refused(
  403,
  'DELEGATE_NOT_YOURS',
  'This delegate registered with another token: a token acts only for the delegates it registered.',
)
// The delegate registers again (the server forgot it, or it was marked disconnected).
export const UNKNOWN = refused(404, 'DELEGATE_NOT_REGISTERED', 'This delegate is not registered; register again.')
export const REVOKED = refused(401, 'INVALID_TOKEN', 'The delegate token was revoked.')
/** No token, or one that is unknown or revoked: the same words, which tell nothing of which. */
export const NO_VALID_TOKEN = refused(
  401,
  'INVALID_TOKEN',
  'A valid delegate token is required (node connectors-delegate.mjs --token, or DELEGATE_TOKEN).',
)
/** Refused as a revoked token is, in words the delegate logs: which token, and since when. */
export function expired(name: string, at: number): Answer<never> {
  const when = `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`
  return refused(
    401,
    'INVALID_TOKEN',
    `The delegate token ${name} expired on ${when}: create a new token on the Delegates page and start the delegate with it.`,
  )
}
// The delegate backs off and polls again, by then the restarted server (or another one).
export const STOPPING = refused(503, 'SERVER_STOPPING', 'The server is stopping; poll again in a moment.')
