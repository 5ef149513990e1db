import type { ConnectorInfo } from '../../lib/api-types'
import { secretLocationLabel } from '../../lib/delegate-held-secrets'
import type { Principal } from '../access/principal'
import type { AuditAction, AuditDraft } from './audit-event'
import { auditYaml } from './audit-yaml'
import type { AuditDescriber, StoreChange } from './store-change'

/**
 * The request's describer: the actor is the principal (a service account's key acts as its
 * account), the time is the store's clock, and an update carries the YAML before and after.
 * A secret's YAML is its description and where its value lives, never the value: an update
 * says "value changed" in words when the value is what changed.
 */
export function changeDescriber(
  principal: Pick<Principal, 'type' | 'identifier' | 'name'>,
  clientAddress: string,
  now: () => number,
): AuditDescriber {
  return (change) => {
    if (change.resource === 'connectionTest') return testEvent(principal, clientAddress, change)
    if (change.resource === 'connectionTestCancel') return cancelEvent(principal, clientAddress, now(), change)
    const revoked = change.resource === 'delegateToken' && change.after?.revokedAt !== undefined
    const action: AuditAction = revoked ? 'REVOKE' : !change.before ? 'CREATE' : !change.after ? 'DELETE' : 'UPDATE'
    const yamlBefore = change.before ? yamlOf({ ...change, after: change.before } as StoreChange) : undefined
    const valueChanged = secretValueChanged(change)
    const moved = secretLocationChange(change)
    const yamlOfAfter = change.after ? yamlOf(change) : undefined
    const yamlAfter = yamlOfAfter !== undefined && valueChanged ? `${yamlOfAfter}${VALUE_CHANGED_LINE}` : yamlOfAfter
    return {
      time: now(),
      actor: { type: principal.type, identifier: principal.identifier, name: principal.name },
      action,
      resourceType: resourceTypeOf(change),
      resourceIdentifier: change.identifier,
      scopeKey: change.scopeKey,
      outcome: 'SUCCESS',
      clientAddress,
      summary: `${summaryOf(action, change)}${moved ?? (valueChanged ? ' (value changed)' : '')}`,
      ...(yamlBefore !== undefined ? { yamlBefore } : {}),
      ...(yamlAfter !== undefined ? { yamlAfter } : {}),
    } satisfies AuditDraft
  }
}

/**
 * A connection test, recorded when it ends: who asked, which delegate ran it, the outcome. The
 * YAML is the result as the history keeps it (its log lines stay in the history, not the trail).
 */
function testEvent(
  principal: Pick<Principal, 'type' | 'identifier' | 'name'>,
  clientAddress: string,
  change: Extract<StoreChange, { resource: 'connectionTest' }>,
): AuditDraft {
  const result = change.after!
  const passed = result.status === 'SUCCESS'
  const delegate = result.delegateName ?? result.delegateId
  const on = delegate ? ` on ${delegate}` : ''
  return {
    time: result.testedAt,
    actor: { type: principal.type, identifier: principal.identifier, name: principal.name },
    action: 'TEST',
    resourceType: 'CONNECTOR',
    resourceIdentifier: change.identifier,
    scopeKey: change.scopeKey,
    outcome: passed ? 'SUCCESS' : 'FAILURE',
    clientAddress,
    summary: passed ? `Tested${on}: Connection successful` : `Tested${on}: ${result.errorSummary ?? 'Failed'}`,
    yamlAfter: auditYaml({
      connectionTest: {
        status: result.status,
        ...(delegate ? { delegate } : {}),
        durationMs: Math.round(result.durationMs),
        ...(result.errorSummary ? { errorSummary: result.errorSummary } : {}),
        stages: result.stages.map((stage) => `${stage.title}: ${stage.status}`),
      },
    }),
  }
}

/** A cancelled test: who stopped it, and the delegate that was running it (none: it was still queued). */
function cancelEvent(
  principal: Pick<Principal, 'type' | 'identifier' | 'name'>,
  clientAddress: string,
  time: number,
  change: Extract<StoreChange, { resource: 'connectionTestCancel' }>,
): AuditDraft {
  const delegate = change.after?.delegateName
  return {
    time,
    actor: { type: principal.type, identifier: principal.identifier, name: principal.name },
    action: 'TEST',
    resourceType: 'CONNECTOR',
    resourceIdentifier: change.identifier,
    scopeKey: change.scopeKey,
    outcome: 'FAILURE',
    clientAddress,
    summary: delegate ? `Test cancelled while running on ${delegate}` : 'Test cancelled before a delegate took it',
    yamlAfter: auditYaml({ connectionTest: { status: 'CANCELLED', ...(delegate ? { delegate } : {}) } }),
  }
}

/**
 * A new secret value, in words: the YAML on both sides is the same otherwise, and a diff shows
 * this line added. Compared here, inside the write, and never written anywhere.
 */
const VALUE_CHANGED_LINE = '# value changed (a secret value is never shown)\n'

function secretValueChanged(change: StoreChange): boolean {
  return change.resource === 'secret' && !!change.before && !!change.after && change.before.value !== change.after.value
}

/** Where the value lives, when an update changed it (decision 028): both places in words, never a value. */
function secretLocationChange(change: StoreChange): string | undefined {
  if (change.resource !== 'secret' || !change.before || !change.after) return undefined
  const before = secretLocationLabel(change.before.secret.spec)
  const after = secretLocationLabel(change.after.secret.spec)
  return before === after ? undefined : ` (value now: ${after}; was: ${before})`
}

/** The fields of a connector in one fixed order: two saves of the same values give the same YAML. */
const CONNECTOR_FIELDS = [
  'name',
  'identifier',
  'description',
  'orgIdentifier',
  'projectIdentifier',
  'tags',
  'type',
  'spec',
]

// Copies with plain loops: a create builds this inside its write, where every allocation shows.
// The copies have no prototype, so that a key such as `__proto__` (a tag may be called anything)
// stays a key, as it does in the record.
function sortedDeep(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(sortedDeep)
  const fields = value as Record<string, unknown>
  const sorted = Object.create(null) as Record<string, unknown>
  for (const key of Object.keys(fields).sort()) sorted[key] = sortedDeep(fields[key])
  return sorted
}

function canonicalConnector(connector: ConnectorInfo): ConnectorInfo {
  const fields = connector as unknown as Record<string, unknown>
  const ordered = Object.create(null) as Record<string, unknown>
  for (const key of CONNECTOR_FIELDS) if (fields[key] !== undefined) ordered[key] = sortedDeep(fields[key])
  for (const key of Object.keys(fields).sort()) if (!(key in ordered)) ordered[key] = sortedDeep(fields[key])
  return ordered as unknown as ConnectorInfo
}

const TYPES = {
  connector: 'CONNECTOR',
  secret: 'SECRET',
  pipeline: 'PIPELINE',
  roleAssignment: 'ROLE_ASSIGNMENT',
  serviceAccount: 'SERVICE_ACCOUNT',
  apiKey: 'API_KEY',
  apiToken: 'TOKEN',
  delegateToken: 'DELEGATE_TOKEN',
  delegate: 'DELEGATE',
  connectionTest: 'CONNECTOR',
  connectionTestCancel: 'CONNECTOR',
  user: 'USER',
} as const

function resourceTypeOf(change: StoreChange): string {
  if (change.resource !== 'scope') return TYPES[change.resource]
  const kind = (change.after ?? change.before)?.kind
  return kind === 'project' ? 'PROJECT' : kind === 'organization' ? 'ORGANIZATION' : 'ACCOUNT'
}

/** The YAML of the change's `after` record (the caller passes `before` as `after` for the old side). */
function yamlOf(change: StoreChange): string | undefined {
  switch (change.resource) {
    case 'connector':
      return change.after ? auditYaml({ connector: canonicalConnector(change.after.connector) }) : undefined
    case 'secret': {
      if (!change.after) return undefined
      const { name, identifier, type, description, tags, spec } = change.after.secret
      // Written out field by field: whatever a secret record holds, its value never reaches the trail.
      return auditYaml({
        secret: {
          name,
          identifier,
          type,
          ...(description ? { description } : {}),
          tags,
          spec: {
            secretManagerIdentifier: spec.secretManagerIdentifier,
            valueType: spec.valueType,
            // A delegate-held secret's reference (a variable name, a path) is not secret; a value never is here.
            ...(spec.valueType === 'Reference' && spec.value !== undefined ? { value: spec.value } : {}),
          },
        },
      })
    }
    case 'pipeline':
      return change.after?.yaml
    case 'scope': {
      if (!change.after) return undefined
      const { kind, identifier, name, description, tags, color, orgIdentifier } = change.after
      const body = {
        identifier,
        name,
        ...(kind === 'project' ? { orgIdentifier } : {}),
        description,
        tags,
        ...(color ? { color } : {}),
      }
      return auditYaml(
        kind === 'project' ? { project: body } : kind === 'organization' ? { organization: body } : { account: body },
      )
    }
    case 'roleAssignment': {
      if (!change.after) return undefined
      const { identifier, roleIdentifier, resourceGroupIdentifier, principal } = change.after
      return auditYaml({ roleAssignment: { identifier, roleIdentifier, resourceGroupIdentifier, principal } })
    }
    case 'serviceAccount': {
      if (!change.after) return undefined
      const { identifier, name, email, description, tags } = change.after
      return auditYaml({ serviceAccount: { identifier, name, email, description, tags } })
    }
    case 'apiKey': {
      if (!change.after) return undefined
      const { identifier, name, serviceAccount, defaultTimeToExpireToken } = change.after
      return auditYaml({
        apiKey: {
          identifier,
          name,
          apiKeyType: 'SERVICE_ACCOUNT',
          parentIdentifier: serviceAccount,
          defaultTimeToExpireToken,
        },
      })
    }
    case 'apiToken': {
      if (!change.after) return undefined
      // Names and dates only: a token's value is shown once, to its maker, and kept nowhere.
      const { identifier, name, apiKey, serviceAccount, validFrom, validTo } = change.after
      return auditYaml({
        token: { identifier, name, apiKeyIdentifier: apiKey, parentIdentifier: serviceAccount, validFrom, validTo },
      })
    }
    case 'connectionTest':
      return undefined
    case 'user': {
      if (!change.after) return undefined
      const { identifier, name, email } = change.after
      return auditYaml({ user: { identifier, name, email } })
    }
    case 'delegate':
      return change.after ? auditYaml({ delegate: { name: change.after.name } }) : undefined
    case 'delegateToken': {
      if (!change.after) return undefined
      const { name, revokedAt, expiresAt } = change.after
      if (revokedAt) return auditYaml({ delegateToken: { name, revoked: true } })
      // A create says when the token stops being accepted, in words a reader of the trail can check.
      const expires =
        expiresAt === undefined ? {} : { expiresAt: expiresAt ? new Date(expiresAt).toISOString() : 'never' }
      return auditYaml({ delegateToken: { name, ...expires } })
    }
  }
}

const NOUNS = {
  connector: 'connector',
  secret: 'secret',
  pipeline: 'pipeline',
  scope: 'scope',
  roleAssignment: 'role binding',
  serviceAccount: 'service account',
  apiKey: 'API key',
  apiToken: 'token',
  delegateToken: 'delegate token',
  delegate: 'delegate',
  connectionTest: 'connection test of',
  connectionTestCancel: 'connection test of',
  user: 'user',
} as const

function nameOf(change: StoreChange): string {
  const record = change.after ?? change.before
  if (!record) return change.identifier
  if ('connector' in record) return record.connector.name
  if ('secret' in record) return record.secret.name
  if ('testedAt' in record) return change.identifier
  if ('roleIdentifier' in record) return `${record.roleIdentifier} for ${record.principal.identifier}`
  return 'name' in record ? record.name : change.identifier
}

function summaryOf(action: AuditAction, change: StoreChange): string {
  const noun = change.resource === 'scope' ? resourceTypeOf(change).toLowerCase() : NOUNS[change.resource]
  const verb =
    action === 'CREATE' ? 'Created' : action === 'DELETE' ? 'Deleted' : action === 'REVOKE' ? 'Revoked' : 'Updated'
  return `${verb} ${noun} ${nameOf(change)}`
}
