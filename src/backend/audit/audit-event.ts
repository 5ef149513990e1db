/**
 * One entry of the audit trail (issue 20): who did what to which resource, where, when, with what
 * outcome, and for an update the YAML before and after (secret values never in it). An event is
 * written in the transaction of its change; its `sequence` has no gaps, and its `hmac` chains it
 * to the event before it (audit-chain.ts), so that an edited or removed row is found.
 */

export type AuditActorType = 'USER' | 'SERVICE_ACCOUNT' | 'DELEGATE' | 'SYSTEM'

export type AuditActor = { type: AuditActorType; identifier: string; name: string }

export type AuditAction =
  | 'CREATE'
  | 'UPDATE'
  | 'DELETE'
  | 'TEST'
  | 'SIGN_IN'
  | 'SIGN_IN_FAILED'
  | 'SIGN_OUT'
  | 'REVOKE'
  | 'RETENTION'
  | 'RESET'

/** What the change is of: everything the chain covers except its place in it. */
export type AuditDraft = {
  time: number
  actor: AuditActor
  action: AuditAction
  resourceType: string
  resourceIdentifier: string
  /** The scope key of the resource (`account/org/project`), '' for the server's own events. */
  scopeKey: string
  outcome: 'SUCCESS' | 'FAILURE'
  clientAddress: string
  /** One line a person reads in the list: "URL changed", "Tested: Success on local". */
  summary: string
  yamlBefore?: string
  yamlAfter?: string
}

export type AuditEvent = AuditDraft & {
  /** 1, 2, 3… without gaps, in the order events were appended. */
  sequence: number
  /** HMAC-SHA256 (hex) over this event's content and the previous event's `hmac`. */
  hmac: string
}

/**
 * The bytes the HMAC covers: every field in a fixed order, as JSON, so that the demo and the
 * server (and a verifier written later, in any language) compute the same text.
 */
export function canonicalContent(fields: ReturnType<typeof eventFields>): string {
  return JSON.stringify(fields)
}

/** The event's fields in the chain's fixed order (the server's columns follow it too). */
export function eventFields(event: AuditDraft & { sequence: number }) {
  return [
    event.sequence,
    event.time,
    event.actor.type,
    event.actor.identifier,
    event.actor.name,
    event.action,
    event.resourceType,
    event.resourceIdentifier,
    event.scopeKey,
    event.outcome,
    event.clientAddress,
    event.summary,
    event.yamlBefore ?? null,
    event.yamlAfter ?? null,
  ]
}
