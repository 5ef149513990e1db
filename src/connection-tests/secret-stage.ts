import {
  hoursSince,
  lookedUpIn,
  missingSecret,
  passwordRequired,
  shownUsername,
  type ConnectorAuth,
  type DeclaredAuth,
} from './credentials'
import { heldReadFailure, readFromWords, type HeldRead, type HeldSecret } from './delegate-held'
import { failure, type Failure } from './failure'

/**
 * The secret stage both engines run: the simulator looks references up in its world's secrets,
 * a delegate in the values its task brought. It knows the credential kinds a method maps to.
 */

/**
 * A secret's value as the engine found it; the simulated manager also knows when it changed. A
 * value the delegate holds says where it was read, or why it could not be (delegate-held.ts).
 */
export type FoundSecret =
  | { identifier: string; value: string; updatedAt?: number; readFrom?: HeldSecret }
  | { identifier: string; unreadable: { held: HeldSecret; failure: Failure } }

/** A delegate-held secret as read (or not): what the secret stage looks up. */
export function foundFromHeld(identifier: string, held: HeldSecret, read: HeldRead, delegate?: string): FoundSecret {
  return 'value' in read
    ? { identifier, value: read.value, readFrom: held }
    : { identifier, unreadable: { held, failure: heldReadFailure(held, read.problem, delegate) } }
}

/** A value the delegate could not read: noted, naming the variable or the path, and the test stops. */
function unreadable(found: Extract<FoundSecret, { unreadable: unknown }>, stage: SecretStageNotes, ms?: number) {
  stage.note(`Secret ${found.identifier}: ${found.unreadable.failure.message}`, ms)
  return { failure: found.unreadable.failure }
}

/** Where the secret stage writes: the simulator's StageLog (with its simulated time) or a real stage. */
export type SecretStageNotes = { note(line: string, ms?: number): void }

export type BasicResolution =
  | { failure: Failure }
  | {
      /** For texts and the engines: `username` is what texts show, `usernameValue` what is sent when it differs. */
      auth: Extract<ConnectorAuth, { scheme: 'basic' }>
      /** What a server receives. Never written to a log. */
      username: string
      password: string
    }

/**
 * The secret stage of a username-and-password connector, for both engines: the simulator looks
 * references up in its world's secrets, a delegate in the values its task brought. A reference
 * without a value stops the test here, as the manager does before it hands out a task.
 */
export function resolveBasicCredentials(
  declared: Extract<DeclaredAuth, { scheme: 'basic' }>,
  lookup: (reference: string) => FoundSecret | undefined,
  stage: SecretStageNotes,
  /** The simulator's: how long the stage takes, and its clock for "last updated N h ago". */
  simulated?: { ms: number; now: number },
): BasicResolution {
  const ms = simulated?.ms
  if (!declared.passwordRef) {
    stage.note(`Username ${declared.username || '(empty)'} has no password secret`, ms)
    return { failure: passwordRequired() }
  }
  let usernameValue: string | undefined
  if (declared.usernameRef) {
    const usernameSecret = lookup(declared.usernameRef)
    stage.note(`Username secret: ${declared.usernameRef} (looked up in ${lookedUpIn(declared.usernameRef)})`)
    if (!usernameSecret) {
      stage.note(`Secret ${declared.usernameRef} not found`, ms)
      return { failure: missingSecret(declared.usernameRef, 'Username') }
    }
    if ('unreadable' in usernameSecret) return unreadable(usernameSecret, stage, ms)
    stage.note(`Secret ${usernameSecret.identifier} resolved; the username is never written to a log`)
    usernameValue = usernameSecret.value
  }
  const secret = lookup(declared.passwordRef)
  const shown = shownUsername(declared.username, secret && 'value' in secret ? secret.value : undefined)
  const who = declared.usernameRef ? 'Password secret' : `Username: ${shown || '(empty)'}; password secret`
  stage.note(`${who}: ${declared.passwordRef} (looked up in ${lookedUpIn(declared.passwordRef)})`)
  if (!secret) return notFound(declared.passwordRef, 'Password', stage, ms)
  if ('unreadable' in secret) return unreadable(secret, stage, ms)
  noteResolved(secret, stage, simulated)
  // A withheld username (it repeats the password) is still sent as it is.
  const sent = usernameValue ?? (shown === declared.username ? undefined : declared.username)
  const auth: Extract<ConnectorAuth, { scheme: 'basic' }> = {
    ...declared,
    username: shown,
    secret: { identifier: secret.identifier, value: secret.value, updatedAt: secret.updatedAt ?? 0 },
    ...(sent !== undefined ? { usernameValue: sent } : {}),
  }
  return { auth, username: sent ?? declared.username, password: secret.value }
}

/**
 * The secret stage of a token connector, for both engines: the token is resolved like a password
 * and sent as `Authorization: Bearer`; its value is never written.
 */
export function resolveBearerToken(
  declared: Extract<DeclaredAuth, { scheme: 'bearer' }>,
  lookup: (reference: string) => FoundSecret | undefined,
  stage: SecretStageNotes,
  simulated?: { ms: number; now: number },
): { failure: Failure } | { auth: Extract<ConnectorAuth, { scheme: 'bearer' }>; token: string } {
  const ms = simulated?.ms
  if (!declared.tokenRef) {
    stage.note('No token secret is chosen', ms)
    return {
      failure: failure('MISSING_SECRET', 'Token is a required field', {
        hints: ['Choose a secret under Token (Create or Select a Secret), or switch Authentication to Anonymous.'],
        explanations: ['Token is blank. It is a required field'],
      }),
    }
  }
  stage.note(`Token secret: ${declared.tokenRef} (looked up in ${lookedUpIn(declared.tokenRef)})`)
  const secret = lookup(declared.tokenRef)
  if (!secret) return notFound(declared.tokenRef, 'Token', stage, ms)
  if ('unreadable' in secret) return unreadable(secret, stage, ms)
  noteResolved(secret, stage, simulated)
  return {
    auth: {
      ...declared,
      secret: { identifier: secret.identifier, value: secret.value, updatedAt: secret.updatedAt ?? 0 },
    },
    token: secret.value,
  }
}

/** What a server receives, once the secret stage resolved it. Never written to a log. */
export type CredentialValues =
  | { scheme: 'basic'; username: string; password: string }
  | { scheme: 'bearer'; token: string }

/** The secret stage for any method that sends credentials: its title, its notes, and what is sent. */
export function resolveCredentials(
  declared: Exclude<DeclaredAuth, { scheme: 'none' }>,
  lookup: (reference: string) => FoundSecret | undefined,
  stage: SecretStageNotes,
  simulated?: { ms: number; now: number },
): { failure: Failure } | { auth: Exclude<ConnectorAuth, { scheme: 'none' }>; values: CredentialValues } {
  if (declared.scheme === 'bearer') {
    const resolved = resolveBearerToken(declared, lookup, stage, simulated)
    return 'failure' in resolved
      ? resolved
      : { auth: resolved.auth, values: { scheme: 'bearer', token: resolved.token } }
  }
  const resolved = resolveBasicCredentials(declared, lookup, stage, simulated)
  if ('failure' in resolved) return resolved
  return { auth: resolved.auth, values: { scheme: 'basic', username: resolved.username, password: resolved.password } }
}

/** The reference the secret stage is named after (its simulated duration is seeded by it). */
export function mainSecretRef(declared: Exclude<DeclaredAuth, { scheme: 'none' }>): string {
  return declared.scheme === 'bearer' ? declared.tokenRef : declared.passwordRef
}

/** A reference with nothing behind it: noted, and the test stops here. */
function notFound(
  reference: string,
  field: 'Password' | 'Token',
  stage: SecretStageNotes,
  ms: number | undefined,
): { failure: Failure } {
  stage.note(`Secret ${reference} not found`, ms)
  return { failure: missingSecret(reference, field) }
}

/** The secret was found: its name and (in the simulator) its age, never its value. */
function noteResolved(
  secret: Extract<FoundSecret, { value: string }>,
  stage: SecretStageNotes,
  simulated?: { ms: number; now: number },
): void {
  const age =
    simulated && secret.updatedAt !== undefined && !secret.readFrom
      ? `, last updated ${hoursSince(simulated.now, secret.updatedAt)} h ago`
      : ''
  const from = secret.readFrom ? `: ${readFromWords(secret.readFrom)}` : ''
  stage.note(`Secret ${secret.identifier} resolved${from}${age}; its value is never written to a log`, simulated?.ms)
}
