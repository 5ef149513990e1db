import { displayUrl } from '../connector-types/connector-model'
import { findConnectorType } from '../connector-types/registry'
import type { ConnectorConnectivityDetails, ConnectorInfo, DelegateGroup, SecretDTO } from '../lib/api-types'
import { CONNECTIVITY_STATUS_LABELS } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { Principal } from './access/principal'
import type { StoredRoleAssignment } from './access/role-assignments'

/**
 * What the backend keeps, whatever stores it. Records carry their own keys so that IndexedDB can
 * store each one separately and a change rewrites one record, not the whole data set; SQL
 * stores keep the same fields in columns. `version` starts at 1 and grows by one with every
 * edit: a client sends the version it read, and a stale write is refused (store.ts).
 */

/** Who made a change, as lists show it (issue 20: "by whom"). */
export type ChangedBy = { type: string; identifier: string; name: string }

/** Who a change is by, as connectors and secrets keep it. */
export function changedBy(principal: Principal): ChangedBy {
  return { type: principal.type, identifier: principal.identifier, name: principal.name }
}

export type StoredConnector = {
  /** `scopeKey/identifier`: the IndexedDB key. */
  key: string
  scopeKey: string
  connector: ConnectorInfo
  createdAt: number
  lastModifiedAt: number
  /** Absent for a connector saved before the trail kept who (and for the seed's). */
  createdBy?: ChangedBy
  lastModifiedBy?: ChangedBy
  status: ConnectorConnectivityDetails
  version: number
  /**
   * Lower-cased text that search matches: name, identifier, description, URL, type label,
   * status label and tags as the list shows them (`connectorSearchText`). Derived, stored so
   * that a database can index it.
   */
  searchText: string
}

/** A secret of the simulated secret manager: the only place where a value lives. */
export type StoredSecret = {
  key: string
  scopeKey: string
  secret: SecretDTO
  value: string
  createdAt: number
  updatedAt: number
  /** Absent for a secret saved before secrets kept who (and for the seed's). */
  createdBy?: ChangedBy
  lastModifiedBy?: ChangedBy
  version: number
}

/** A pipeline as it was saved: its YAML text, word for word, and what lists and usage read from it. */
export type StoredPipeline = {
  key: string
  scopeKey: string
  accountIdentifier: string
  orgIdentifier: string
  projectIdentifier: string
  identifier: string
  name: string
  description: string
  tags: Record<string, string>
  stageCount: number
  /** Every connectorRef in the YAML (runtime inputs and expressions left out), in order, once each. */
  connectorRefs: string[]
  /** The same references resolved from the pipeline's scope to connector record keys, for usage. */
  connectorKeys: string[]
  yaml: string
  createdAt: number
  lastUpdatedAt: number
  version: number
  /** One of the demo's sample pipelines, its times made up (seed-pipelines.ts); gone once saved. */
  sample?: true
}

/**
 * An account, organization or project: a scope that connectors, secrets and pipelines live in,
 * created and edited by users (Harness's OrganizationDTO and ProjectDTO). One record type for
 * the three kinds, keyed by the `scopeKey` of the scope it is, so that "does this scope exist"
 * is one key lookup in every store.
 */
export type StoredScope = {
  /** `scopeKey` of the scope itself: `acme//`, `acme/default/`, `acme/default/payments`. */
  key: string
  kind: ScopeKind
  accountIdentifier: string
  /** A project's organization; '' for accounts and organizations. */
  orgIdentifier: string
  identifier: string
  name: string
  description: string
  tags: Record<string, string>
  /** Projects only: the color Harness's UI shows them in. */
  color?: string
  createdAt: number
  lastModifiedAt: number
  version: number
}

export type ScopeKind = 'account' | 'organization' | 'project'

/** The scope a stored scope record stands for. */
export function scopeOfRecord(record: StoredScope): Scope {
  return scopeOfKey(record.key)
}

export function scopeKindOf(scope: Scope): ScopeKind {
  return scope.projectIdentifier ? 'project' : scope.orgIdentifier ? 'organization' : 'account'
}

/** A new account, organization or project at `scope`, version 1. */
export function scopeRecord(
  scope: Scope,
  fields: { name: string; description?: string; tags?: Record<string, string>; color?: string },
  times: { createdAt: number; lastModifiedAt: number },
): StoredScope {
  const kind = scopeKindOf(scope)
  const record: StoredScope = {
    key: scopeKey(scope),
    kind,
    accountIdentifier: scope.accountIdentifier,
    orgIdentifier: kind === 'project' ? (scope.orgIdentifier ?? '') : '',
    identifier:
      kind === 'project'
        ? (scope.projectIdentifier ?? '')
        : kind === 'organization'
          ? (scope.orgIdentifier ?? '')
          : scope.accountIdentifier,
    name: fields.name,
    description: fields.description ?? '',
    tags: fields.tags ?? {},
    createdAt: times.createdAt,
    lastModifiedAt: times.lastModifiedAt,
    version: 1,
  }
  if (kind === 'project') record.color = fields.color ?? DEFAULT_PROJECT_COLOR
  return record
}

/** Harness's UI default for a new project. */
export const DEFAULT_PROJECT_COLOR = '#0063F7'

/** What scope search matches: identifier, name and description, lower-cased. */
export function scopeSearchText(record: StoredScope): string {
  return [record.identifier, record.name, record.description].join('\n').toLowerCase()
}

export type MockState = {
  /** Accounts, organizations and projects (StoredScope.kind tells which). */
  scopes: StoredScope[]
  connectors: StoredConnector[]
  secrets: StoredSecret[]
  delegates: DelegateGroup[]
  pipelines: StoredPipeline[]
  roleAssignments: StoredRoleAssignment[]
}

export function scopeKey(scope: Scope): string {
  return `${scope.accountIdentifier}/${scope.orgIdentifier ?? ''}/${scope.projectIdentifier ?? ''}`
}

export function recordKey(scope: Scope, identifier: string): string {
  return `${scopeKey(scope)}/${identifier}`
}

/** The scope a `scopeKey` names (the inverse of `scopeKey`). */
export function scopeOfKey(key: string): Scope {
  const [accountIdentifier = '', orgIdentifier, projectIdentifier] = key.split('/')
  const scope: Scope = { accountIdentifier }
  if (orgIdentifier) scope.orgIdentifier = orgIdentifier
  if (projectIdentifier) scope.projectIdentifier = projectIdentifier
  return scope
}

export function connectorRecord(
  scope: Scope,
  connector: ConnectorInfo,
  times: { createdAt: number; lastModifiedAt: number },
  status: ConnectorConnectivityDetails = { status: 'UNKNOWN' },
): StoredConnector {
  return {
    key: recordKey(scope, connector.identifier),
    scopeKey: scopeKey(scope),
    connector,
    createdAt: times.createdAt,
    lastModifiedAt: times.lastModifiedAt,
    status,
    version: 1,
    searchText: connectorSearchText(connector, status),
  }
}

/**
 * What search matches in a connector, as the list shows it: its name, identifier, description,
 * URL (as displayed), type label, status label and tags (`key` or `key:value`), lower-cased.
 */
export function connectorSearchText(connector: ConnectorInfo, status: ConnectorConnectivityDetails): string {
  const definition = findConnectorType(connector.type)
  const url = definition ? displayUrl(connector) : ''
  const tags = Object.entries(connector.tags).map(([key, value]) => (value ? `${key}:${value}` : key))
  const parts = [
    connector.name,
    connector.identifier,
    connector.description ?? '',
    url,
    definition?.label ?? connector.type,
    CONNECTIVITY_STATUS_LABELS[status.status],
    ...tags,
  ]
  return parts.join('\n').toLowerCase()
}

export function secretRecord(
  scope: Scope,
  secret: SecretDTO,
  value: string,
  times: { createdAt: number; updatedAt: number },
): StoredSecret {
  return {
    key: recordKey(scope, secret.identifier),
    scopeKey: scopeKey(scope),
    secret,
    value,
    createdAt: times.createdAt,
    updatedAt: times.updatedAt,
    version: 1,
  }
}
