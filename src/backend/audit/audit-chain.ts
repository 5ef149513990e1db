import { hkdf } from '@noble/hashes/hkdf.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { AuditDraft, AuditEvent } from './audit-event'
import { canonicalContent, eventFields } from './audit-event'

/**
 * The audit trail's chain. Each event's HMAC covers its content and the previous event's HMAC,
 * keyed from the server's secret key: someone with SQL access alone can neither recompute a row
 * they edited nor splice one out. Synchronous on purpose (@noble/hashes, decision 025): the demo
 * computes it inside an IndexedDB transaction, where an `await` on crypto.subtle would commit it.
 */

/** The chain's first link, and the link a retention anchor restarts from is recorded in its event. */
export const GENESIS = '0'.repeat(64)

/** The audit key, derived from the server's secret key so that the secret key itself never signs anything. */
export function auditKey(secretKey: Uint8Array): Uint8Array {
  // Copied: a Node Buffer is another realm's Uint8Array under a test's jsdom, which @noble refuses.
  return hkdf(
    sha256,
    new Uint8Array(secretKey),
    utf8ToBytes('artifact-repository-connectors'),
    utf8ToBytes('audit-trail v1'),
    32,
  )
}

/** HMAC-SHA256 of `content` under `key`, in hex. */
export type Mac = (key: Uint8Array, content: string) => string

/** Synchronous and in plain JavaScript, for the browser; the server passes Node's own (the same MAC, faster). */
export const nobleMac: Mac = (key, content) => bytesToHex(hmac(sha256, key, utf8ToBytes(content)))

export function linkHmac(
  key: Uint8Array,
  previousHmac: string,
  event: AuditDraft & { sequence: number },
  mac: Mac = nobleMac,
): string {
  return macOfFields(key, previousHmac, eventFields(event), mac)
}

/** The link's HMAC over the previous HMAC and the event's canonical content (its fields as JSON). */
function macOfFields(key: Uint8Array, previousHmac: string, fields: ReturnType<typeof eventFields>, mac: Mac): string {
  return mac(key, `${previousHmac}\n${canonicalContent(fields)}`)
}

/** Appends drafts after the chain's head: their sequences and HMACs. */
export function chainEvents(
  key: Uint8Array,
  head: { sequence: number; hmac: string },
  drafts: readonly AuditDraft[],
  mac: Mac = nobleMac,
): AuditEvent[] {
  return chainLinks(key, head, drafts, mac).map((link) => link.event)
}

/**
 * As `chainEvents`, with each event's fields in the chain's order (a stored row's columns, the
 * HMAC after them): the server writes them as they were signed, without working them out again.
 */
export function chainLinks(
  key: Uint8Array,
  head: { sequence: number; hmac: string },
  drafts: readonly AuditDraft[],
  mac: Mac = nobleMac,
): { event: AuditEvent; fields: ReturnType<typeof eventFields> }[] {
  const links: { event: AuditEvent; fields: ReturnType<typeof eventFields> }[] = []
  let { sequence, hmac: previous } = head
  for (const draft of drafts) {
    sequence += 1
    const linked = { ...draft, sequence }
    const fields = eventFields(linked)
    previous = macOfFields(key, previous, fields, mac)
    links.push({ event: { ...linked, hmac: previous }, fields })
  }
  return links
}

export type ChainProblem =
  /** The row's content or HMAC is not what was written (edited, or its HMAC forged). */
  | { sequence: number; problem: 'altered' }
  /** Rows from `sequence` to `until` are missing (removed from the middle). */
  | { sequence: number; until: number; problem: 'missing' }
  /** The trail ends before the last sequence the server recorded apart (rows removed from the end). */
  | { sequence: number; until: number; problem: 'missing-at-end' }

/**
 * Every place the chain breaks, given the events in sequence order from `start` (the first
 * sequence kept, after retention, and the HMAC it chains from) and the last sequence the server
 * recorded apart. An altered row is named; the row after it too when its stored HMAC was changed.
 */
export function verifyChain(
  key: Uint8Array,
  events: readonly AuditEvent[],
  options: { start?: { sequence: number; previousHmac: string }; lastSequence: number; mac?: Mac },
): ChainProblem[] {
  const problems: ChainProblem[] = []
  let expected = options.start?.sequence ?? 1
  let previous: string | undefined = options.start?.previousHmac ?? GENESIS
  for (const event of events) {
    if (event.sequence > expected) {
      problems.push({ sequence: expected, until: event.sequence - 1, problem: 'missing' })
      // The first row after a gap chains from a row that is gone: the gap is what is named.
      previous = undefined
    }
    if (previous !== undefined && linkHmac(key, previous, event, options.mac) !== event.hmac) {
      problems.push({ sequence: event.sequence, problem: 'altered' })
    }
    previous = event.hmac
    expected = event.sequence + 1
  }
  if (options.lastSequence >= expected) {
    problems.push({ sequence: expected, until: options.lastSequence, problem: 'missing-at-end' })
  }
  return problems
}
