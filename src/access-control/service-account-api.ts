import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod/mini'
import { apiRequest } from '../lib/api-client'
import type { Scope } from '../lib/scope'
import { apiKeySchema, DAY_MS, serviceAccountSchema, tokenAggregateSchema } from '../lib/service-account-types'

/**
 * Service accounts, their API keys and tokens (the server with sign-in). A token's value comes
 * back once, from the create call: it is handed to the caller and kept out of the query cache.
 */

const scopeParts = (scope: Scope) => [scope.accountIdentifier, scope.orgIdentifier ?? '', scope.projectIdentifier ?? '']

export const serviceAccountKeys = {
  list: (scope: Scope) => ['access-control', 'service-accounts', ...scopeParts(scope)] as const,
  keys: (scope: Scope, account: string) => ['access-control', 'api-keys', ...scopeParts(scope), account] as const,
  tokens: (scope: Scope, account: string) => ['access-control', 'api-tokens', ...scopeParts(scope), account] as const,
}

const API_KEY_TYPE = 'SERVICE_ACCOUNT'

export function useServiceAccounts(scope: Scope, enabled: boolean) {
  return useQuery({
    queryKey: serviceAccountKeys.list(scope),
    queryFn: ({ signal }) =>
      apiRequest(z.array(serviceAccountSchema), 'GET', '/ng/api/serviceaccount', { scope, signal }),
    enabled,
    retry: false,
  })
}

export function useCreateServiceAccount(scope: Scope) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (account: { identifier: string; name: string }) =>
      apiRequest(serviceAccountSchema, 'POST', '/ng/api/serviceaccount', {
        scope,
        body: { ...account, description: '', tags: {}, ...scopeBody(scope) },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['access-control'] }),
  })
}

export function useDeleteServiceAccount(scope: Scope) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (identifier: string) =>
      apiRequest(z.unknown(), 'DELETE', `/ng/api/serviceaccount/${encodeURIComponent(identifier)}`, { scope }),
    // Its bindings went with it.
    onSuccess: () =>
      queryClient.invalidateQueries({
        predicate: ({ queryKey }) => queryKey[0] === 'access-control' || queryKey[0] === 'acl',
      }),
  })
}

export function useApiKeys(scope: Scope, account: string) {
  return useQuery({
    queryKey: serviceAccountKeys.keys(scope, account),
    queryFn: ({ signal }) =>
      apiRequest(z.array(apiKeySchema), 'GET', '/ng/api/apikey', {
        scope,
        query: { apiKeyType: API_KEY_TYPE, parentIdentifier: account },
        signal,
      }),
    retry: false,
  })
}

export function useCreateApiKey(scope: Scope, account: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (key: { identifier: string; name: string; days: number }) =>
      apiRequest(apiKeySchema, 'POST', '/ng/api/apikey', {
        scope,
        body: {
          identifier: key.identifier,
          name: key.name,
          apiKeyType: API_KEY_TYPE,
          parentIdentifier: account,
          defaultTimeToExpireToken: key.days * DAY_MS,
          ...scopeBody(scope),
        },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceAccountKeys.keys(scope, account) }),
  })
}

export function useTokens(scope: Scope, account: string) {
  return useQuery({
    queryKey: serviceAccountKeys.tokens(scope, account),
    queryFn: ({ signal }) =>
      apiRequest(z.array(tokenAggregateSchema), 'GET', '/ng/api/token', {
        scope,
        query: { apiKeyType: API_KEY_TYPE, parentIdentifier: account },
        signal,
      }),
    retry: false,
  })
}

export function useCreateToken(scope: Scope, account: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (token: { identifier: string; name: string; apiKey: string; validTo: number }) =>
      apiRequest(z.string(), 'POST', '/ng/api/token', {
        scope,
        body: {
          identifier: token.identifier,
          name: token.name,
          apiKeyIdentifier: token.apiKey,
          parentIdentifier: account,
          apiKeyType: API_KEY_TYPE,
          validTo: token.validTo,
          ...scopeBody(scope),
        },
      }),
    // The answer is the value: the mutation cache drops it as soon as nothing observes it.
    gcTime: 0,
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceAccountKeys.tokens(scope, account) }),
  })
}

export function useRevokeToken(scope: Scope, account: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (token: { identifier: string; apiKey: string }) =>
      apiRequest(z.unknown(), 'DELETE', `/ng/api/token/${encodeURIComponent(token.identifier)}`, {
        scope,
        query: { apiKeyType: API_KEY_TYPE, parentIdentifier: account, apiKeyIdentifier: token.apiKey },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceAccountKeys.tokens(scope, account) }),
  })
}

function scopeBody(scope: Scope) {
  return {
    accountIdentifier: scope.accountIdentifier,
    ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
    ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
  }
}
