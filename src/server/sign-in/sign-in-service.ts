import { stringify } from 'yaml'
import type { AuditDraft } from '../../backend/audit/audit-event'
import { type AuditSink, writeWithEvent } from '../audit/sql-audit-trail'
import type { SqlClient, SqlQueryable } from '../sql-client'
import { hashPassword, verifyPassword } from './passwords'
import { checkNewUser, type NewUserInput, SignInRefusal, WRONG_CREDENTIALS } from './sign-in-refusal'
import {
  countUsers,
  deleteSession,
  deleteSessionsOfUser,
  findSession,
  findUserByEmail,
  insertOneTimeToken,
  insertSession,
  insertUser,
  retireSetupTokens,
  setInvitedUserPassword,
  touchSession,
  spendOneTimeToken,
  type UserRow,
} from './sql-sign-in'
import { createThrottle, type Throttle } from './throttle'
import { newToken, newUserIdentifier, tokenHash } from './tokens'

/**
 * Users, sessions and one-time links, without HTTP (routes.ts speaks HTTP). Every secret is
 * random, handed out once, and kept only as its SHA-256.
 */

export type SignedInUser = { identifier: string; email: string; name: string; accountIdentifier: string }

export type SignInServiceOptions = {
  client: SqlClient
  accountIdentifier: string
  /** Idle expiry (24 h by default) and absolute expiry (7 days). */
  idleMs?: number
  maxMs?: number
  setupLinkMs?: number
  inviteLinkMs?: number
  now?: () => number
  throttle?: Throttle
  /** Where sign-in, failed sign-in and sign-out events go (issue 20): appended with the session's write. */
  trail?: AuditSink
  /** The first user was created by the setup link: grant them Account Admin. */
  onFirstAdmin?: (user: SignedInUser, details: { accountName?: string }) => Promise<void> | void
}

export const HOUR_MS = 3_600_000
/** last_seen_at is written at most this often, not at every request. */
export const TOUCH_EVERY_MS = 60_000

export type SessionLookup = { user: SignedInUser; token: string } | { expired: true } | undefined

export function createSignInService(options: SignInServiceOptions) {
  const db = options.client
  const now = options.now ?? Date.now
  const idleMs = options.idleMs ?? 24 * HOUR_MS
  const maxMs = options.maxMs ?? 7 * 24 * HOUR_MS
  const throttle = options.throttle ?? createThrottle({ now })
  let someoneExists = false

  const publicUser = (user: UserRow): SignedInUser => ({
    identifier: user.identifier,
    email: user.email,
    name: user.name,
    accountIdentifier: user.accountIdentifier,
  })

  async function createUser(input: NewUserInput): Promise<UserRow> {
    const user: UserRow = {
      identifier: newUserIdentifier(),
      accountIdentifier: options.accountIdentifier,
      email: input.email.trim(),
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      createdAt: now(),
      disabled: false,
    }
    if (await findUserByEmail(db, user.accountIdentifier, user.email))
      throw new SignInRefusal(409, 'DUPLICATE_FIELD', `A user with the email ${user.email} exists already.`)
    await recorded(userEvent('CREATE', user, `Created user ${user.email}`), (q) => insertUser(q, user))
    someoneExists = true
    return user
  }

  /** A user's own change of their account (setup, accepting an invitation): name and email, never the password. */
  function userEvent(action: 'CREATE' | 'UPDATE', user: UserRow, summary: string, before?: UserRow): AuditDraft {
    const yaml = (row: UserRow) => stringify({ user: { identifier: row.identifier, name: row.name, email: row.email } })
    return {
      ...sessionEvent('SIGN_IN', user, '', summary),
      action,
      ...(before ? { yamlBefore: yaml(before) } : {}),
      yamlAfter: yaml(user),
    }
  }

  /** The event of a sign-in or sign-out, at the account: the attempt or the session is the change. */
  function sessionEvent(
    action: 'SIGN_IN' | 'SIGN_IN_FAILED' | 'SIGN_OUT',
    who: { identifier: string; name: string },
    clientAddress: string,
    summary: string,
  ): AuditDraft {
    return {
      time: now(),
      actor: { type: 'USER', identifier: who.identifier, name: who.name },
      action,
      resourceType: 'USER',
      resourceIdentifier: who.identifier,
      scopeKey: `${options.accountIdentifier}//`,
      outcome: action === 'SIGN_IN_FAILED' ? 'FAILURE' : 'SUCCESS',
      clientAddress,
      summary,
    }
  }

  const recorded = <T>(event: AuditDraft | undefined, write: (q: SqlQueryable) => Promise<T>) =>
    writeWithEvent(db, options.trail, event, write)

  async function startSession(
    user: UserRow,
    userAgent: string,
    clientAddress = '',
    how = 'Signed in',
  ): Promise<string> {
    const token = newToken()
    const at = now()
    await recorded(sessionEvent('SIGN_IN', user, clientAddress, `${how}: ${user.email}`), (q) =>
      insertSession(q, {
        tokenHash: tokenHash(token),
        userIdentifier: user.identifier,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: at + maxMs,
        userAgent: userAgent.slice(0, 512),
      }),
    )
    return token
  }

  return {
    idleMs,
    maxMs,

    /** Whether no user exists yet (then every API request is refused with SETUP_REQUIRED). */
    async setupRequired(): Promise<boolean> {
      if (someoneExists) return false
      someoneExists = (await countUsers(db)) > 0
      return !someoneExists
    },

    /** At start with no user: a new one-time setup token (the old ones stop working), or undefined. */
    async issueSetupToken(): Promise<string | undefined> {
      if ((await countUsers(db)) > 0) return undefined
      const token = newToken()
      const at = now()
      await db.transaction(async (tx) => {
        await retireSetupTokens(tx, at)
        await insertOneTimeToken(tx, {
          tokenHash: tokenHash(token),
          kind: 'SETUP',
          accountIdentifier: options.accountIdentifier,
          email: null,
          createdAt: at,
          expiresAt: at + (options.setupLinkMs ?? HOUR_MS),
        })
      })
      return token
    },

    /** The setup page: the first user, then the hook, then a session. Answers the session token. */
    async setup(
      token: string,
      input: NewUserInput & { accountName?: string },
      userAgent: string,
    ): Promise<{ user: SignedInUser; sessionToken: string }> {
      checkNewUser(input)
      if ((await countUsers(db)) > 0 || !(await spendOneTimeToken(db, tokenHash(token), 'SETUP', now())))
        throw new SignInRefusal(
          400,
          'SETUP_LINK_INVALID',
          'This setup link has been used or has expired. Restart the server to print a new one, or sign in.',
        )
      const user = await createUser(input)
      const accountName = input.accountName?.trim()
      await options.onFirstAdmin?.(publicUser(user), accountName ? { accountName } : {})
      return { user: publicUser(user), sessionToken: await startSession(user, userAgent) }
    },

    /** An invitation for `email`, valid 7 days: answers the token to put in the link. */
    /**
     * An invitation: the user exists from now on (without a password, so nobody can sign in as
     * them), so that an admin can bind their roles at once; the link lets them set a password.
     */
    async createInvite(
      email: string,
      event?: (user: UserRow) => AuditDraft,
    ): Promise<{ token: string; userIdentifier: string }> {
      const address = email.trim()
      if (!/^[^\s@]+@[^\s@]+$/.test(address) || address.length > 254)
        throw new SignInRefusal(400, 'INVALID_REQUEST', `${address || 'An empty address'} is not an email address.`)
      if (await findUserByEmail(db, options.accountIdentifier, address))
        throw new SignInRefusal(409, 'USER_ALREADY_ADDED', `A user with the email ${address} exists already.`)
      const user: UserRow = {
        identifier: newUserIdentifier(),
        accountIdentifier: options.accountIdentifier,
        email: address,
        name: address.split('@')[0] ?? address,
        passwordHash: null,
        createdAt: now(),
        disabled: false,
      }
      const token = newToken()
      const at = now()
      // The user, the link and the user's audit event: one transaction.
      await recorded(event?.(user), async (q) => {
        await insertUser(q, user)
        await insertOneTimeToken(q, {
          tokenHash: tokenHash(token),
          kind: 'INVITE',
          accountIdentifier: options.accountIdentifier,
          email: email.trim(),
          createdAt: at,
          expiresAt: at + (options.inviteLinkMs ?? 7 * 24 * HOUR_MS),
        })
      })
      return { token, userIdentifier: user.identifier }
    },

    async acceptInvite(
      token: string,
      input: Omit<NewUserInput, 'email'>,
      userAgent: string,
    ): Promise<{ user: SignedInUser; sessionToken: string }> {
      checkNewUser({ ...input, email: 'invited@example.com' })
      const invite = await spendOneTimeToken(db, tokenHash(token), 'INVITE', now())
      if (!invite?.email)
        throw new SignInRefusal(
          400,
          'INVITE_LINK_INVALID',
          'This invitation has been used or has expired. Ask an administrator for a new one.',
        )
      const invited = await findUserByEmail(db, options.accountIdentifier, invite.email)
      if (invited && invited.passwordHash === null) {
        const passwordHash = await hashPassword(input.password)
        const user = { ...invited, name: input.name.trim(), passwordHash }
        await recorded(userEvent('UPDATE', user, `Accepted the invitation: ${user.email}`, invited), (q) =>
          setInvitedUserPassword(q, invited.identifier, user.name, passwordHash),
        )
        return { user: publicUser(user), sessionToken: await startSession(user, userAgent) }
      }
      const user = await createUser({ ...input, email: invite.email })
      return { user: publicUser(user), sessionToken: await startSession(user, userAgent) }
    },

    async signIn(
      email: string,
      password: string,
      clientAddress: string,
      userAgent: string,
    ): Promise<{ user: SignedInUser; sessionToken: string }> {
      const keys = [`email:${email.trim().toLowerCase()}`, `address:${clientAddress}`]
      const refused = await throttle.beforeAttempt(keys)
      if (refused)
        throw new SignInRefusal(
          429,
          'TOO_MANY_ATTEMPTS',
          `Too many failed sign-ins. Try again in ${refused.retryAfterSeconds} seconds.`,
          refused.retryAfterSeconds,
        )
      const user = await findUserByEmail(db, options.accountIdentifier, email)
      // An unknown email is checked against a dummy hash: it takes as long as a wrong password.
      const right = await verifyPassword(user?.passwordHash, password)
      if (!user || !right || user.disabled) {
        throttle.failed(keys)
        // The attempt is the event: who it named (the address as typed when nobody has it), from where.
        const named = user ?? { identifier: email.trim().toLowerCase().slice(0, 256), name: email.trim().slice(0, 256) }
        await recorded(sessionEvent('SIGN_IN_FAILED', named, clientAddress, `Failed sign-in as ${named.name}`), () =>
          Promise.resolve(),
        )
        throw new SignInRefusal(401, 'INVALID_CREDENTIAL', WRONG_CREDENTIALS)
      }
      throttle.succeeded(keys.slice(0, 1))
      return { user: publicUser(user), sessionToken: await startSession(user, userAgent, clientAddress) }
    },

    /**
     * Single sign-on said who this is (a verified email): their user, made on the first sign-in
     * without a password, and a session.
     */
    async signInWithProvider(
      identity: { email: string; name: string },
      userAgent: string,
    ): Promise<{ user: SignedInUser; sessionToken: string }> {
      let user = await findUserByEmail(db, options.accountIdentifier, identity.email)
      if (!user) {
        user = {
          identifier: newUserIdentifier(),
          accountIdentifier: options.accountIdentifier,
          email: identity.email.trim(),
          name: identity.name.trim() || identity.email.trim(),
          passwordHash: null,
          createdAt: now(),
          disabled: false,
        }
        await insertUser(db, user)
        someoneExists = true
      }
      if (user.disabled) throw new SignInRefusal(403, 'USER_DISABLED', 'This user is disabled. Ask an administrator.')
      return {
        user: publicUser(user),
        sessionToken: await startSession(user, userAgent, '', 'Signed in with single sign-on'),
      }
    },

    /** The session a cookie's token names; `expired` when it names one no longer valid. */
    async session(token: string): Promise<SessionLookup> {
      const hash = tokenHash(token)
      const found = await findSession(db, hash)
      if (!found) return { expired: true }
      const at = now()
      if (found.user.disabled || at >= found.session.expiresAt || at - found.session.lastSeenAt >= idleMs) {
        await deleteSession(db, hash)
        return { expired: true }
      }
      if (at - found.session.lastSeenAt >= TOUCH_EVERY_MS) await touchSession(db, hash, at)
      return { user: publicUser(found.user), token }
    },

    async signOut(token: string, clientAddress = ''): Promise<void> {
      const hash = tokenHash(token)
      const found = await findSession(db, hash)
      const event = found && sessionEvent('SIGN_OUT', found.user, clientAddress, `Signed out: ${found.user.email}`)
      await recorded(event, (q) => deleteSession(q, hash))
    },

    /** Every session of the user ends, on every browser (a stolen cookie included). */
    async signOutEverywhere(user: SignedInUser, clientAddress = ''): Promise<number> {
      const event = sessionEvent('SIGN_OUT', user, clientAddress, `Signed out of all sessions: ${user.email}`)
      return recorded(event, (q) => deleteSessionsOfUser(q, user.identifier))
    },
  }
}

export type SignInService = ReturnType<typeof createSignInService>
