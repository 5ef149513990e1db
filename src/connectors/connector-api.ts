import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '../lib/api-client'
import type { ConnectorFilter, ConnectorRequest } from '../lib/api-types'
import {
  booleanSchema,
  catalogueResponseSchema,
  connectorResponseSchema,
  connectorValidationResultSchema,
  entitySetupUsageSchema,
  pageResponseSchema,
} from '../lib/api-types'
import { resolveReferenceScope } from '../lib/references'
import type { Scope } from '../lib/scope'

export const connectorKeys = {
  all: ['connectors'] as const,
  list: (scope: Scope, searchTerm: string, pageIndex: number) =>
    ['connectors', 'list', scope, searchTerm, pageIndex] as const,
  catalogue: (accountIdentifier: string) => ['connectors', 'catalogue', accountIdentifier] as const,
}

export const CONNECTOR_PAGE_SIZE = 50

const connectorPageSchema = pageResponseSchema(connectorResponseSchema)
const entityUsagePageSchema = pageResponseSchema(entitySetupUsageSchema)

export function fetchConnectorPage(scope: Scope, searchTerm: string, pageIndex: number, signal?: AbortSignal) {
  const body: ConnectorFilter = { filterType: 'Connector', categories: ['ARTIFACTORY'] }
  return apiRequest(connectorPageSchema, 'POST', '/ng/api/connectors/listV2', {
    scope,
    query: { searchTerm: searchTerm.trim(), pageIndex, pageSize: CONNECTOR_PAGE_SIZE },
    body,
    signal,
  })
}

export function useConnectorPage(scope: Scope, searchTerm: string, pageIndex: number) {
  return useQuery({
    queryKey: connectorKeys.list(scope, searchTerm.trim(), pageIndex),
    queryFn: ({ signal }) => fetchConnectorPage(scope, searchTerm, pageIndex, signal),
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
    mutationFn: ({ connector, isNew, version }: ConnectorRequest & { isNew: boolean; version?: number }) =>
      apiRequest(connectorResponseSchema, isNew ? 'POST' : 'PUT', '/ng/api/connectors', {
        scope: { accountIdentifier: scope.accountIdentifier },
        body: { connector } satisfies ConnectorRequest,
        headers: !isNew && version !== undefined ? { 'If-Match': `"${version}"` } : {},
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectorKeys.all }),
  })
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
