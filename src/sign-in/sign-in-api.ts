import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod/mini'
import { ApiError, apiRequest } from '../lib/api-client'

/** The server's sign-in API (/api/auth/*, decision 022): who is signed in, and the ways in and out. */

const userSchema = z.object({
  identifier: z.string(),
  email: z.string(),
  name: z.string(),
  accountIdentifier: z.string(),
})
export type SignedInUser = z.infer<typeof userSchema>

const sessionSchema = z.union([
  z.object({ signedIn: z.literal(true), user: userSchema }),
  z.object({ signedIn: z.literal(false), setupRequired: z.boolean(), sso: z.optional(z.boolean()) }),
])
export type SessionState = z.infer<typeof sessionSchema>

export const SESSION_QUERY_KEY = ['auth', 'session'] as const

export function useSession(enabled: boolean) {
  return useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: ({ signal }) => apiRequest(sessionSchema, 'GET', '/api/auth/session', { signal }),
    enabled,
    staleTime: 60_000,
    retry: 1,
  })
}

/** A refusal that means "sign in again": the session ended, or there is none. */
export function endsSession(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 401 &&
    (error.body?.code === 'SESSION_EXPIRED' || error.body?.code === 'UNAUTHORIZED')
  )
}

/** Signing in, up or out changes who the app is for: nothing read for the last one is kept. */
function useAuthMutation<V>(path: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: V) => apiRequest(sessionSchema, 'POST', path, body === undefined ? {} : { body }),
    onSuccess: (session) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' })
      queryClient.setQueryData(SESSION_QUERY_KEY, session)
    },
  })
}

export const useSignIn = () => useAuthMutation<{ email: string; password: string }>('/api/auth/sign-in')
export const useSetup = () =>
  useAuthMutation<{ token: string; accountName?: string; name: string; email: string; password: string }>(
    '/api/auth/setup',
  )
export const useAcceptInvite = () =>
  useAuthMutation<{ token: string; name: string; password: string }>('/api/auth/invites/accept')
export const useSignOut = () => useAuthMutation<undefined>('/api/auth/sign-out')
export const useSignOutEverywhere = () => useAuthMutation<undefined>('/api/auth/sign-out-everywhere')

/** The message of a refusal, in the server's words. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong. Try again.'
}

export const MIN_PASSWORD_LENGTH = 12
