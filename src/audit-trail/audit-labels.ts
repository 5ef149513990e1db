import type { AuditEventDTO } from '../lib/audit-types'
import { ACTION_OPTIONS, RESOURCE_TYPE_OPTIONS } from './audit-filters'

/** Words for the API's codes; a code this version does not know yet is shown as it is. */
export function resourceTypeLabel(type: string): string {
  return RESOURCE_TYPE_OPTIONS[type] ?? type
}

/** Actions the server records that nobody filters by. */
const OTHER_ACTIONS: Record<string, string> = { REVOKE: 'Revoke', RETENTION: 'Retention', RESET: 'Reset' }

export function actionLabel(action: string): string {
  return ACTION_OPTIONS[action] ?? OTHER_ACTIONS[action] ?? action
}

const PRINCIPAL_TYPES: Record<string, string> = {
  USER: 'User',
  SERVICE_ACCOUNT: 'Service account',
  SERVICE: 'Service account',
  DELEGATE: 'Delegate',
  SYSTEM: 'System',
  API_KEY: 'API key',
}

export function principalTypeLabel(type: string): string {
  return PRINCIPAL_TYPES[type] ?? type
}

const OUTCOMES: Record<string, string> = { SUCCESS: 'Success', FAILURE: 'Failure', FAILED: 'Failure' }

export function outcomeLabel(outcome: string): string {
  return OUTCOMES[outcome] ?? outcome
}

/** "project payments in organization default", "account acme". */
export function eventScopeWords({ resourceScope: scope }: AuditEventDTO): string {
  if (scope.projectIdentifier) return `project ${scope.projectIdentifier}`
  if (scope.orgIdentifier) return `organization ${scope.orgIdentifier}`
  return `account ${scope.accountIdentifier}`
}
