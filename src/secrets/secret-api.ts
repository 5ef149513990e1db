import type { QueryClient } from '@tanstack/react-query'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, apiRequest } from '../lib/api-client'
import type { CreateSecretBody } from '../lib/api-types'
import { booleanSchema, pageResponseSchema, secretResponseSchema } from '../lib/api-types'
import { resolveReferenceScope } from '../lib/references'
import type { Scope } from '../lib/scope'

export const secretKeys = {
  all: ['secrets'] as const,
  list: (scope: Scope, searchTerm: string) => ['secrets', 'list', scope, searchTerm] as const,
  one: (scope: Scope, identifier: string) => ['secrets', 'one', scope, identifier] as const,
}

const secretPageSchema = pageResponseSchema(secretResponseSchema)

export function useSecretList(scope: Scope, searchTerm: string, enabled = true) {
  return useQuery({
    queryKey: secretKeys.list(scope, searchTerm.trim()),
    queryFn: ({ signal }) =>
      apiRequest(secretPageSchema, 'GET', '/ng/api/v2/secrets', {
        scope,
        query: { type: 'SecretText', searchTerm: searchTerm.trim(), pageIndex: 0, pageSize: 100 },
        signal,
      }),
    enabled,
    placeholderData: (previous) => previous,
  })
}

/** The secret a reference written at `from` points to (name and scope, never its value). */
export function useSecretByReference(reference: string, from: Scope) {
  const { scope, identifier } = resolveReferenceScope(reference, from)
  return useQuery({
    queryKey: secretKeys.one(scope, identifier),
    queryFn: () =>
      apiRequest(secretResponseSchema, 'GET', `/ng/api/v2/secrets/${encodeURIComponent(identifier)}`, { scope }),
    enabled: reference !== '',
  })
}

export function isSecretIdentifierUnique(scope: Scope, identifier: string) {
  return apiRequest(
    booleanSchema,
    'GET',
    `/ng/api/v2/secrets/validateUniqueIdentifier/${encodeURIComponent(identifier)}`,
    {
      scope,
    },
  )
}

export type NewSecret = { name: string; identifier: string; description: string; value: string }

/** Creates a text secret in `scope`; the value goes to the server once and is never read back. */
export function createSecretAt(scope: Scope, secret: NewSecret) {
  const body: CreateSecretBody = {
    secret: {
      type: 'SecretText',
      name: secret.name.trim(),
      identifier: secret.identifier,
      description: secret.description.trim(),
      tags: {},
      ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
      ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
      spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value: secret.value },
    },
  }
  return apiRequest(secretResponseSchema, 'POST', '/ng/api/v2/secrets', { scope, body })
}

export function useCreateSecret(scope: Scope) {
  const queryClient = useQueryClient()
  return useMutation({
    // The value is the mutation's input: drop it from the cache as soon as the call ends.
    gcTime: 0,
    mutationFn: (secret: NewSecret) => createSecretAt(scope, secret),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: secretKeys.all }),
  })
}

/**
 * Whether `identifier` names a secret of `scope`, asked of the server now (never a cached
 * answer): what an import's preview needs before it promises a connector will be created.
 */
export async function fetchSecretExists(
  queryClient: QueryClient,
  scope: Scope,
  identifier: string,
  signal?: AbortSignal,
): Promise<boolean> {
  try {
    await queryClient.fetchQuery({
      queryKey: secretKeys.one(scope, identifier),
      queryFn: ({ signal: querySignal }) =>
        apiRequest(secretResponseSchema, 'GET', `/ng/api/v2/secrets/${encodeURIComponent(identifier)}`, {
          scope,
          signal: signal ?? querySignal,
        }),
      staleTime: 0,
      retry: false,
    })
    return true
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false
    throw error
  }
}
