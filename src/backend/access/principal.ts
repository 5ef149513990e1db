/**
 * Who sends a request. Harness's principal types, of which people (`USER`) and automation
 * (`SERVICE_ACCOUNT`, through its API keys) can hold role bindings; a delegate's token and the
 * server's own jobs are not principals of the API.
 */

export type PrincipalType = 'USER' | 'SERVICE_ACCOUNT'

/** How a role assignment names its principal (Harness's `principal: {identifier, type}`). */
export type PrincipalRef = { identifier: string; type: PrincipalType }

export type Principal = PrincipalRef & {
  /** The name people read in lists and in the header. */
  name: string
  email: string
  /** The account the principal belongs to: it acts nowhere else. */
  accountIdentifier: string
  /**
   * A service account's scope (its scope key): its bindings count there and in the scopes inside
   * it only, even one made above it before such bindings were refused.
   */
  homeScopeKey?: string
}

/**
 * The host's answer to "who is this?": the principal, or the answer that refuses the request
 * (401 with what to do). The demo answers with its "View as" user; the server reads the
 * session cookie or the API key.
 */
export type Authenticate = (request: Request) => Promise<Principal | Response>

export function samePrincipal(a: PrincipalRef, b: PrincipalRef): boolean {
  return a.type === b.type && a.identifier === b.identifier
}
