import { connectorToYaml } from '../../connector-types/connector-yaml'
import type { Principal } from '../access/principal'
import type { AuditAction, AuditDraft } from './audit-event'
import type { AuditDescriber, StoreChange } from './store-change'

/**
 * The request's describer: the actor is the principal (a service account's key acts as its
 * account), the time is the store's clock, and an update carries the YAML before and after.
 * Connectors hold secret references only, never values, so their YAML is safe to keep.
 */
export function changeDescriber(principal: Principal, clientAddress: string, now: () => number): AuditDescriber {
  return (change) => {
    const action: AuditAction = !change.before ? 'CREATE' : !change.after ? 'DELETE' : 'UPDATE'
    const yamlBefore = change.before ? connectorToYaml(change.before.connector) : undefined
    const yamlAfter = change.after ? connectorToYaml(change.after.connector) : undefined
    const draft: AuditDraft = {
      time: now(),
      actor: { type: principal.type, identifier: principal.identifier, name: principal.name },
      action,
      resourceType: 'CONNECTOR',
      resourceIdentifier: change.identifier,
      scopeKey: change.scopeKey,
      outcome: 'SUCCESS',
      clientAddress,
      summary: summaryOf(action, change),
      ...(yamlBefore !== undefined ? { yamlBefore } : {}),
      ...(yamlAfter !== undefined ? { yamlAfter } : {}),
    }
    return draft
  }
}

function summaryOf(action: AuditAction, change: StoreChange): string {
  const name = change.after?.connector.name ?? change.before?.connector.name ?? change.identifier
  if (action === 'CREATE') return `Created connector ${name}`
  if (action === 'DELETE') return `Deleted connector ${name}`
  return `Updated connector ${name}`
}
