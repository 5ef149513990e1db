import { hoursSince, type ConnectorAuth } from '../../connection-tests/credentials'
import type { SimulatedServer } from '../../lib/api-types'
import { ECR_USERNAME, credentialAdviceFor, type CredentialVerdict } from './credential-advice'

/**
 * What a simulated server is: the row of the world it answers as, and the credentials rule it
 * applies. Each protocol folder lists the servers it brings to the world (servers.ts).
 */

export const DEMO_USERNAME = 'demo'

export const DEMO_PASSWORD_SECRET = 'demo_password'

export const DEMO_PASSWORD_VALUE = 'demo-password'

export const ECR_TOKEN_SECRET = 'ecr_token'

export const ECR_EXPIRED_TOKEN_SECRET = 'ecr_token_expired'

/** `aws ecr get-login-password` tokens live 12 hours, an AWS limit. */
export const ECR_TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000

/**
 * What a server is, as rows and protocols name it (`harbor`, `nexus3`, `helm-index`). A protocol
 * lists the kinds it can validate against; its servers.ts brings rows of those kinds.
 */
export type ServerKind = string

/** Which credentials a server checks. `ignored`: a public static server never looks at them. */
export type CredentialRule = 'demo' | 'aws-ecr' | 'ignored' | 'none'

/** A connector setup that reaches "Connection successful" against a row. */
export type WorldUse = { type: string; settings?: Readonly<Record<string, string>> }

export type WorldRow = {
  /** As a user types it. Host and path are parsed from it, so the two cannot disagree. */
  url: string
  /** The guide's description of the server. */
  server: string
  /** How messages name the server ("… is Sonatype Nexus Repository 3"). */
  name: string
  kind: ServerKind
  /** The header that gives the server away in a 404, so a log shows what answered. */
  serverHeader?: string
  anonymous: SimulatedServer['anonymous']
  credentials: CredentialRule
  /** Where the server answers 404 for every path because the URL lacks its context path. */
  missingContextPath?: string
  useWith: readonly WorldUse[]
  notes: string
}

/** Whether a protocol can validate against a server of `kind` (its module lists the kinds). */
export function serves(protocol: { serverKinds: readonly ServerKind[] }, kind: ServerKind): boolean {
  return protocol.serverKinds.includes(kind)
}

/** What a row's server makes of the credentials it is sent (README.md, "The credentials rule"). */
export function judgeCredentials(row: WorldRow, auth: ConnectorAuth, now: number): CredentialVerdict {
  if (auth.scheme === 'none') {
    return row.anonymous === 'allowed' || row.credentials === 'ignored'
      ? { accepted: true, anonymous: true, ignored: false }
      : { accepted: false, problem: 'required', ageHours: 0 }
  }
  const ageHours = hoursSince(now, auth.secret.updatedAt)
  // The world's servers take a token where they take a password: the demo password as a token.
  const username = auth.scheme === 'bearer' ? DEMO_USERNAME : (auth.usernameValue ?? auth.username)
  switch (row.credentials) {
    case 'ignored':
    case 'none':
      return { accepted: true, anonymous: false, ignored: true }
    case 'aws-ecr':
      if (auth.scheme === 'bearer') return { accepted: false, problem: 'rejected', ageHours }
      if (username !== ECR_USERNAME) return { accepted: false, problem: 'not-aws', ageHours }
      return now - auth.secret.updatedAt < ECR_TOKEN_LIFETIME_MS
        ? { accepted: true, anonymous: false, ignored: false }
        : { accepted: false, problem: 'expired', ageHours }
    case 'demo':
      return username === DEMO_USERNAME && auth.secret.value === DEMO_PASSWORD_VALUE
        ? { accepted: true, anonymous: false, ignored: false }
        : { accepted: false, problem: 'rejected', ageHours }
  }
}

/** The parts of a credentials failure every protocol shares; each protocol adds its own words. */
export function credentialAdvice(
  verdict: Extract<CredentialVerdict, { accepted: false }>,
  auth: ConnectorAuth,
  row: WorldRow,
  hostname: string,
): { hints: string[]; explanations: string[] } {
  return credentialAdviceFor(verdict, auth, row.name, hostname)
}
