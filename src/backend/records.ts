import type { ConnectorConnectivityDetails, ConnectorInfo, DelegateGroup, SecretDTO } from '../lib/api-types'
import type { Scope } from '../lib/scope'

/**
 * What the mock backend keeps. Records carry their own keys so that IndexedDB can store each
 * one separately and a change rewrites one record, not the whole data set.
 */

export type StoredConnector = {
  /** `scopeKey/identifier`: the IndexedDB key. */
  key: string
  scopeKey: string
  connector: ConnectorInfo
  createdAt: number
  lastModifiedAt: number
  status: ConnectorConnectivityDetails
}

/** A secret of the simulated secret manager: the only place where a value lives. */
export type StoredSecret = {
  key: string
  scopeKey: string
  secret: SecretDTO
  value: string
  createdAt: number
  updatedAt: number
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
  yaml: string
  createdAt: number
  lastUpdatedAt: number
}

export type MockState = {
  connectors: StoredConnector[]
  secrets: StoredSecret[]
  delegates: DelegateGroup[]
  pipelines: StoredPipeline[]
}

export function scopeKey(scope: Scope): string {
  return `${scope.accountIdentifier}/${scope.orgIdentifier ?? ''}/${scope.projectIdentifier ?? ''}`
}

export function recordKey(scope: Scope, identifier: string): string {
  return `${scopeKey(scope)}/${identifier}`
}

export function scopeOfEntity(
  entity: { orgIdentifier?: string; projectIdentifier?: string },
  accountIdentifier: string,
): Scope {
  const scope: Scope = { accountIdentifier }
  if (entity.orgIdentifier) scope.orgIdentifier = entity.orgIdentifier
  if (entity.projectIdentifier) scope.projectIdentifier = entity.projectIdentifier
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
  }
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
  }
}
