import type { CredentialsToSend } from '../connector-types/auth-methods'
import { credentialsToSend } from '../connector-types/auth-methods'
import { parseReference } from '../lib/references'
import { failure, type Failure } from './failure'
import type { ResolvedSecret } from './test-plan'

export const SECRET_STAGE_TITLE = 'Resolve the password secret'
export const TOKEN_STAGE_TITLE = 'Resolve the token secret'

/** What our words say for a plain username that repeats the password's value (a user's slip). */
export const USERNAME_WITHHELD = '(withheld: it repeats the password)'

/**
 * The username as texts show it. Our words never hold a credential: a plain username that holds
 * the password's value is not written out (it is sent, of course). A username from a secret is
 * its reference expression already.
 */
export function shownUsername(username: string, passwordValue: string | undefined): string {
  return passwordValue && username.includes(passwordValue) ? USERNAME_WITHHELD : username
}

/** What the connector says to send (auth-methods.ts), before its secrets are resolved. */
export type DeclaredAuth = CredentialsToSend

export type ConnectorAuth =
  | { scheme: 'none' }
  | (Extract<DeclaredAuth, { scheme: 'basic' }> & {
      secret: ResolvedSecret
      /**
       * The username a server receives when `username` is not it: from a secret, or withheld
       * (shownUsername); never written to a log.
       */
      usernameValue?: string
    })
  | (Extract<DeclaredAuth, { scheme: 'bearer' }> & { secret: ResolvedSecret })

/** A connector without an auth block is anonymous, as Harness treats a Docker connector without credentials. */
export function readAuth(spec: Record<string, unknown>): DeclaredAuth {
  return credentialsToSend(spec)
}

export function hoursSince(now: number, then: number): number {
  return Math.max(0, Math.floor((now - then) / 3_600_000))
}

/** Where a reference is looked up, as stage logs and hints say it. */
export function lookedUpIn(reference: string): string {
  const { level } = parseReference(reference)
  return level === 'same' ? "the connector's own scope" : `the ${level} scope`
}

/** A reference with no secret behind it (MISSING_SECRET). */
export function missingSecret(reference: string, field: 'Username' | 'Password' | 'Token'): Failure {
  const where = lookedUpIn(reference)
  return failure('MISSING_SECRET', `Secret [${reference}] does not exist or has been deleted`, {
    hints: [
      field !== 'Username'
        ? `Choose an existing secret under ${field} (Create or Select a Secret), or create a text secret with identifier ${parseReference(reference).identifier} in ${where}.`
        : `Choose an existing secret for the Username, type it as plain text, or create a text secret with identifier ${parseReference(reference).identifier} in ${where}.`,
      'A connector can use secrets of its own scope and of the scopes above it; prefix org. or account. for those.',
    ],
    explanations: [`The ${field.toLowerCase()} refers to the secret ${reference}, which is not in ${where}.`],
  })
}

/** A username without a password secret. */
export function passwordRequired(): Failure {
  return failure('MISSING_SECRET', 'Password is a required field along with Username', {
    hints: ['Choose a secret under Password (Create or Select a Secret), or switch Authentication to Anonymous.'],
    explanations: ['Password is blank. It is a required field'],
  })
}

/** How a request line shows who is calling, without anything derived from the password. */
export function caller(auth: ConnectorAuth, scheme = 'Basic'): string {
  if (auth.scheme === 'none') return '(no credentials)'
  if (auth.scheme === 'bearer') return `(Authorization: Bearer, token from secret ${auth.tokenRef})`
  return `(Authorization: ${scheme}, user ${auth.username || '(empty)'})`
}

/** The secret stage's title: what the method's test resolves. */
export function secretStageTitle(declared: DeclaredAuth): string {
  return declared.scheme === 'bearer' ? TOKEN_STAGE_TITLE : SECRET_STAGE_TITLE
}
