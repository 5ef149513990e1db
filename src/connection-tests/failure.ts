import type { FailureKind } from '../lib/api-types'

export type Failure = {
  kind: FailureKind
  /** Harness's errorSummary is `"<category> (<summary>)"`. */
  category: string
  /** The one-line part of the summary; the full message when that fits on a line. */
  summary: string
  /** The error's message as Harness words it, however long. */
  message: string
  reason: string
  code: number
  /** "Try these suggestions": what to change. */
  hints: string[]
  /** "Issue could be": what went wrong. */
  explanations: string[]
}

/** Reason and code per kind: Harness's where error_messages.properties has one, else ours. */
const KIND_DEFAULTS: Record<FailureKind, { reason: string; code: number }> = {
  BAD_CREDENTIALS: { reason: 'Invalid Credentials', code: 480 },
  CREDENTIALS_REQUIRED: { reason: 'Invalid Credentials', code: 480 },
  EXPIRED_TOKEN: { reason: 'Invalid Credentials', code: 480 },
  DNS: { reason: 'Unknown Host', code: 450 },
  CONNECTION_REFUSED: { reason: 'Connection Refused', code: 450 },
  TIMEOUT: { reason: 'Connection Timed Out', code: 450 },
  TLS: { reason: 'Certificate Validation Failed', code: 450 },
  SERVER_ERROR: { reason: 'Server Error', code: 450 },
  NOT_FOUND: { reason: 'Not Found', code: 450 },
  WRONG_SERVER: { reason: 'Wrong Server Type', code: 450 },
  INVALID_DETAILS: { reason: 'Invalid Connector Details', code: 450 },
  NO_DELEGATE: { reason: 'No Eligible Delegate Found', code: 460 },
  MISSING_SECRET: { reason: 'Secret Not Found', code: 450 },
  DELEGATE_LOST: { reason: 'Delegate Lost', code: 460 },
  NETWORK_POLICY: { reason: 'Refused by the Delegate Network Policy', code: 450 },
}

const CREDENTIAL_KINDS: readonly FailureKind[] = ['BAD_CREDENTIALS', 'CREDENTIALS_REQUIRED', 'EXPIRED_TOKEN']

export function failure(
  kind: FailureKind,
  message: string,
  details: { hints: string[]; explanations: string[]; category?: string; code?: number; summary?: string },
): Failure {
  const defaults = KIND_DEFAULTS[kind]
  const category = details.category ?? (CREDENTIAL_KINDS.includes(kind) ? 'Authentication Failed' : defaults.reason)
  return {
    kind,
    category,
    summary: details.summary ?? message,
    message,
    reason: defaults.reason,
    code: details.code ?? defaults.code,
    hints: details.hints,
    explanations: details.explanations,
  }
}

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** `a`/`an` before a label, for messages that name a type ("Not an Artifactory server"). */
export function withArticle(label: string): string {
  return /^([aeiou]|HTTP\b)/i.test(label) ? `an ${label}` : `a ${label}`
}
