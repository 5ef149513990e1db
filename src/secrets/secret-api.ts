import type { QueryClient } from '@tanstack/react-query'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, apiRequest } from '../lib/api-client'
import type { CreateSecretBody, SecretResponse, UpdateSecretBody } from '../lib/api-types'
import { booleanSchema, entitySetupUsageSchema, pageResponseSchema, secretResponseSchema } from '../lib/api-types'
import { isDelegateHeldManager, SERVER_SECRET_MANAGER } from '../lib/delegate-held-secrets'
import { resolveReferenceScope } from '../lib/references'
import type { Scope } from '../lib/scope'

export const secretKeys = {
  all: ['secrets'] as const,
  list: (scope: Scope, searchTerm: string) => ['secrets', 'list', scope, searchTerm] as const,
  page: (scope: Scope, searchTerm: string, pageIndex: number) =>
    ['secrets', 'page', scope, searchTerm, pageIndex] as const,
  one: (scope: Scope, identifier: string) => ['secrets', 'one', scope, identifier] as const,
  usage: (scope: Scope, identifier: string) => ['secrets', 'usage', scope, identifier] as const,
}

const secretPageSchema = pageResponseSchema(secretResponseSchema)
const usagePageSchema = pageResponseSchema(entitySetupUsageSchema)

/** How many secrets a page of the Secrets page shows. */
export const SECRET_PAGE_SIZE = 50

/** A page of the scope's secrets, each with how many connectors use it. */
export function useSecretPage(scope: Scope, searchTerm: string, pageIndex: number) {
  return useQuery({
    queryKey: secretKeys.page(scope, searchTerm.trim(), pageIndex),
    queryFn: ({ signal }) =>
      apiRequest(secretPageSchema, 'GET', '/ng/api/v2/secrets', {
        scope,
        query: { type: 'SecretText', searchTerm: searchTerm.trim(), pageIndex, pageSize: SECRET_PAGE_SIZE },
        signal,
      }),
    placeholderData: (previous) => previous,
  })
}

/** `acc/org/project/identifier`, as Harness's entity setup usage names an entity. */
function entityFqn(scope: Scope, identifier: string): string {
  return [scope.accountIdentifier, scope.orgIdentifier, scope.projectIdentifier, identifier].filter(Boolean).join('/')
}

function fetchUsagePage(scope: Scope, identifier: string, pageIndex: number, pageSize: number, signal?: AbortSignal) {
  return apiRequest(usagePageSchema, 'GET', '/ng/api/entitySetupUsage', {
    scope,
    query: { referredEntityFQN: entityFqn(scope, identifier), referredEntityType: 'Secrets', pageIndex, pageSize },
    signal,
  })
}

/** The first connectors that use a secret, by name, and how many there are. */
export function useSecretUsage(scope: Scope, identifier: string) {
  return useQuery({
    queryKey: secretKeys.usage(scope, identifier),
    queryFn: ({ signal }) => fetchUsagePage(scope, identifier, 0, 20, signal),
  })
}

/** Every connector that uses a secret, where it lives: what "Test connectors using this secret" tests. */
export async function fetchSecretUsers(
  scope: Scope,
  identifier: string,
  signal?: AbortSignal,
): Promise<{ scope: Scope; identifier: string }[]> {
  const users: { scope: Scope; identifier: string }[] = []
  for (let pageIndex = 0; ; pageIndex++) {
    const page = await fetchUsagePage(scope, identifier, pageIndex, 200, signal)
    for (const row of page.content) {
      const { identifier: connector, ...at } = row.referredByEntity.entityRef
      users.push({ scope: withoutEmpty(at), identifier: connector })
    }
    if (page.content.length < 200 || (pageIndex + 1) * 200 >= page.totalItems) return users
  }
}

function withoutEmpty(at: { accountIdentifier: string; orgIdentifier?: string; projectIdentifier?: string }): Scope {
  const scope: Scope = { accountIdentifier: at.accountIdentifier }
  if (at.orgIdentifier) scope.orgIdentifier = at.orgIdentifier
  if (at.projectIdentifier) scope.projectIdentifier = at.projectIdentifier
  return scope
}

/** Where a secret's value lives (decision 028): a manager, and for a delegate-held one its reference. */
export type SecretPlace = {
  /** harnessSecretManager (stored), delegateEnvironment or delegateSecretDir; stored when absent. */
  location?: string
  /** The variable name or the path, for a delegate-held secret. */
  reference?: string
}

/** The spec of a body: a stored value (only when given), or where a delegate reads it. */
function specOf(place: SecretPlace, value: string): UpdateSecretBody['secret']['spec'] {
  const location = place.location ?? SERVER_SECRET_MANAGER
  if (isDelegateHeldManager(location)) {
    return { secretManagerIdentifier: location, valueType: 'Reference', value: place.reference ?? '' }
  }
  return { secretManagerIdentifier: SERVER_SECRET_MANAGER, valueType: 'Inline', ...(value === '' ? {} : { value }) }
}

/** An edit of a secret: a value only when it changes (empty keeps the stored one). */
export type SecretEdit = SecretPlace & {
  identifier: string
  name: string
  description: string
  tags: Record<string, string>
  value: string
  /** The version the page read: a secret changed since is not overwritten unseen. */
  version: number | undefined
}

/** A secret as stored now (never its value): what a refused stale save is compared with. */
export function fetchSecret(scope: Scope, identifier: string) {
  return apiRequest(secretResponseSchema, 'GET', `/ng/api/v2/secrets/${encodeURIComponent(identifier)}`, { scope })
}

export function useUpdateSecret(scope: Scope) {
  const queryClient = useQueryClient()
  return useMutation({
    // The value is the mutation's input: drop it from the cache as soon as the call ends.
    gcTime: 0,
    mutationFn: (edit: SecretEdit): Promise<SecretResponse> => {
      const body: UpdateSecretBody = {
        secret: {
          type: 'SecretText',
          name: edit.name.trim(),
          identifier: edit.identifier,
          description: edit.description.trim(),
          tags: edit.tags,
          ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
          ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
          spec: specOf(edit, edit.value),
        },
      }
      return apiRequest(secretResponseSchema, 'PUT', `/ng/api/v2/secrets/${encodeURIComponent(edit.identifier)}`, {
        scope,
        body,
        headers: edit.version === undefined ? {} : { 'If-Match': `"${edit.version}"` },
      })
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: secretKeys.all }),
  })
}

export function useDeleteSecret(scope: Scope) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ identifier, force, version }: { identifier: string; force: boolean; version?: number }) =>
      apiRequest(booleanSchema, 'DELETE', `/ng/api/v2/secrets/${encodeURIComponent(identifier)}`, {
        scope,
        query: force ? { forceDelete: 'true' } : {},
        headers: version === undefined ? {} : { 'If-Match': `"${version}"` },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: secretKeys.all }),
  })
}

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

export type NewSecret = SecretPlace & {
  name: string
  identifier: string
  description: string
  value: string
  tags?: Record<string, string>
}

/** Creates a text secret in `scope`; the value goes to the server once and is never read back. */
export function createSecretAt(scope: Scope, secret: NewSecret) {
  const body: CreateSecretBody = {
    secret: {
      type: 'SecretText',
      name: secret.name.trim(),
      identifier: secret.identifier,
      description: secret.description.trim(),
      tags: secret.tags ?? {},
      ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
      ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
      spec: { value: secret.value, ...specOf(secret, secret.value) },
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
