import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, apiRequest } from '../lib/api-client'
import type { ConnectorFilter, ConnectorInfo, ConnectorRequest } from '../lib/api-types'
import {
  booleanSchema,
  catalogueResponseSchema,
  connectorResponseSchema,
  connectorValidationResultSchema,
  entitySetupUsageSchema,
  pageResponseSchema,
  testHistorySchema,
} from '../lib/api-types'
import { resolveReferenceScope } from '../lib/references'
import type { Scope } from '../lib/scope'
import type { ConnectorListParams } from './list/connector-list-params'
import { STATUS_FILTERS, tagList } from './list/connector-list-params'

export const connectorKeys = {
  all: ['connectors'] as const,
  list: (scope: Scope, list: ConnectorListParams) => ['connectors', 'list', scope, list] as const,
  catalogue: (accountIdentifier: string) => ['connectors', 'catalogue', accountIdentifier] as const,
}

export const CONNECTOR_PAGE_SIZE = 50

const connectorPageSchema = pageResponseSchema(connectorResponseSchema)
const entityUsagePageSchema = pageResponseSchema(entitySetupUsageSchema)

/** The listV2 body's filter, with the tags filter (`key` or `key:value`) the backend takes too. */
type ConnectorListFilter = ConnectorFilter & { tags?: string[] }

/** One page of the list: filtered, searched, sorted and paged by the server (bulk actions read 200 a page). */
export function fetchConnectorPage(
  scope: Scope,
  list: ConnectorListParams,
  signal?: AbortSignal,
  pageSize = CONNECTOR_PAGE_SIZE,
) {
  const tags = tagList(list.tag)
  const body: ConnectorListFilter = {
    filterType: 'Connector',
    categories: ['ARTIFACTORY'],
    ...(list.type ? { types: [list.type] } : {}),
    ...(list.status ? { connectivityStatuses: [STATUS_FILTERS[list.status].status] } : {}),
    ...(tags.length ? { tags } : {}),
  }
  return apiRequest(connectorPageSchema, 'POST', '/ng/api/connectors/listV2', {
    scope,
    query: {
      searchTerm: list.searchTerm.trim(),
      sort: list.sort,
      order: list.order,
      pageIndex: list.pageIndex,
      pageSize,
    },
    body,
    signal,
  })
}

export function useConnectorPage(scope: Scope, list: ConnectorListParams) {
  const normalized: ConnectorListParams = {
    ...list,
    searchTerm: list.searchTerm.trim(),
    tag: tagList(list.tag).join(','),
  }
  return useQuery({
    queryKey: connectorKeys.list(scope, normalized),
    queryFn: ({ signal }) => fetchConnectorPage(scope, normalized, signal),
    placeholderData: (previous) => previous,
  })
}

export function fetchCatalogue(accountIdentifier: string) {
  return apiRequest(catalogueResponseSchema, 'GET', '/ng/api/connectors/catalogue', { query: { accountIdentifier } })
}

export function useCatalogue(accountIdentifier: string) {
  return useQuery({
    queryKey: connectorKeys.catalogue(accountIdentifier),
    queryFn: () => fetchCatalogue(accountIdentifier),
    staleTime: Infinity,
  })
}

/** True when no connector of this scope has the identifier yet. */
export function isConnectorIdentifierUnique(scope: Scope, identifier: string) {
  return apiRequest(booleanSchema, 'GET', '/ng/api/connectors/validateUniqueIdentifier', {
    scope,
    query: { identifier },
  })
}

export function useSaveConnector(scope: Scope) {
  const queryClient = useQueryClient()
  return useMutation({
    // An update says which version it was made from; the server refuses it (409) if that is stale.
    mutationFn: async ({ connector, isNew, version }: ConnectorRequest & { isNew: boolean; version?: number }) => {
      try {
        return await apiRequest(connectorResponseSchema, isNew ? 'POST' : 'PUT', '/ng/api/connectors', {
          scope: { accountIdentifier: scope.accountIdentifier },
          body: { connector } satisfies ConnectorRequest,
          headers: !isNew && version !== undefined ? { 'If-Match': `"${version}"` } : {},
        })
      } catch (error) {
        // A create whose answer was lost may have been stored: when its retry hears "already
        // exists", the stored connector is compared with this one, and if they are the same the
        // save is done, rather than asking the user to pick another identifier for their own.
        if (!(isNew && error instanceof ApiError && error.body?.code === 'DUPLICATE_FIELD')) throw error
        const stored = await apiRequest(
          connectorResponseSchema,
          'GET',
          `/ng/api/connectors/${encodeURIComponent(connector.identifier)}`,
          { scope: scopeOfConnector(scope.accountIdentifier, connector) },
        ).catch(() => undefined)
        if (stored && sameContent(stored.connector, connector)) return stored
        throw error
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectorKeys.all }),
  })
}

/** A connector as stored now: a refused save (409) compares it with the user's version. */
export function fetchConnector(scope: Scope, identifier: string) {
  return apiRequest(connectorResponseSchema, 'GET', `/ng/api/connectors/${encodeURIComponent(identifier)}`, { scope })
}

function scopeOfConnector(accountIdentifier: string, connector: ConnectorInfo): Scope {
  const scope: Scope = { accountIdentifier }
  if (connector.orgIdentifier) scope.orgIdentifier = connector.orgIdentifier
  if (connector.projectIdentifier) scope.projectIdentifier = connector.projectIdentifier
  return scope
}

/** The same JSON content, whatever the order of object keys (a server may store them in another). */
export function sameContent(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameContent(item, b[index]))
    )
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const left = Object.entries(a).filter(([, value]) => value !== undefined)
    const right = Object.entries(b).filter(([, value]) => value !== undefined)
    const other = new Map(right)
    return (
      left.length === right.length && left.every(([key, value]) => other.has(key) && sameContent(value, other.get(key)))
    )
  }
  return a === b
}

export function useDeleteConnector(scope: Scope) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ identifier, force = false, version }: { identifier: string; force?: boolean; version?: number }) =>
      apiRequest(booleanSchema, 'DELETE', `/ng/api/connectors/${encodeURIComponent(identifier)}`, {
        scope,
        query: force ? { forceDelete: 'true' } : {},
        headers: version === undefined ? {} : { 'If-Match': `"${version}"` },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectorKeys.all }),
  })
}

/** Re-runs a saved connector's test from the list; the list shows the stored result. */
export function useRetestConnector(scope: Scope) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (identifier: string) =>
      apiRequest(
        connectorValidationResultSchema,
        'POST',
        `/ng/api/connectors/testConnection/${encodeURIComponent(identifier)}`,
        { scope },
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: connectorKeys.all }),
  })
}

/** The connectors of one type at one scope, for a connector field's picker. */
export function useConnectorsOfType(scope: Scope, type: string, searchTerm: string, enabled: boolean) {
  return useQuery({
    queryKey: ['connectors', 'of-type', scope, type, searchTerm.trim()],
    queryFn: ({ signal }) =>
      apiRequest(connectorPageSchema, 'POST', '/ng/api/connectors/listV2', {
        scope,
        query: { searchTerm: searchTerm.trim(), pageIndex: 0, pageSize: 100 },
        body: { filterType: 'Connector', types: [type] } satisfies ConnectorFilter,
        signal,
      }),
    enabled,
    placeholderData: (previous) => previous,
  })
}

/** One connector of a scope, as Details opened from its address reads it. */
export function useConnector(scope: Scope, identifier: string, enabled = true) {
  return useQuery({
    queryKey: ['connectors', 'one', scope, identifier],
    queryFn: ({ signal }) =>
      apiRequest(connectorResponseSchema, 'GET', `/ng/api/connectors/${encodeURIComponent(identifier)}`, {
        scope,
        signal,
      }),
    enabled,
    retry: false,
  })
}

/** The connector a reference written at `from` points to. */
export function useConnectorByReference(reference: string, from: Scope) {
  const { scope, identifier } = resolveReferenceScope(reference, from)
  return useQuery({
    queryKey: ['connectors', 'one', scope, identifier],
    queryFn: () =>
      apiRequest(connectorResponseSchema, 'GET', `/ng/api/connectors/${encodeURIComponent(identifier)}`, { scope }),
    enabled: reference !== '',
    retry: false,
  })
}

function entityFqn(scope: Scope, identifier: string): string {
  return [scope.accountIdentifier, scope.orgIdentifier, scope.projectIdentifier, identifier].filter(Boolean).join('/')
}

/** Harness's entity setup usage: who refers to a connector. */
export function useConnectorUsage(scope: Scope, identifier: string) {
  return useQuery({
    queryKey: ['connectors', 'usage', scope, identifier],
    queryFn: () =>
      apiRequest(entityUsagePageSchema, 'GET', '/ng/api/entitySetupUsage', {
        query: {
          accountIdentifier: scope.accountIdentifier,
          referredEntityFQN: entityFqn(scope, identifier),
          referredEntityType: 'Connectors',
        },
      }),
  })
}

/**
 * A connector's last connection tests, newest first. The key starts with 'connectors', so that
 * a finished test (which invalidates `connectorKeys.all`) refreshes it.
 */
export function useConnectorTestHistory(scope: Scope, identifier: string) {
  return useQuery({
    queryKey: ['connectors', 'test-history', scope, identifier],
    queryFn: ({ signal }) =>
      apiRequest(testHistorySchema, 'GET', `/ng/api/connectors/${encodeURIComponent(identifier)}/testHistory`, {
        scope,
        signal,
      }),
  })
}
