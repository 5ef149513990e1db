import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod/mini'
import { apiRequest } from '../lib/api-client'
import { createdDelegateTokenSchema, delegateTokenSchema } from '../lib/api-types'
import { DELEGATE_DOWNLOAD_PATH, DELEGATE_FILE_NAME } from '../lib/delegate-download'
import type { Scope } from '../lib/scope'

/**
 * Delegate tokens: only the real server has them (the demo's delegates are simulated). A
 * token's value comes back once, from the create call; it is handed to the caller and kept out
 * of the query cache, so it lives no longer than the view that shows it.
 */

const TOKENS_PATH = '/ng/api/delegate-tokens'
/** Every scope's token list starts with this key (a change invalidates them all: a few small lists). */
const TOKENS_KEY = ['delegate-tokens']

/**
 * The tokens of exactly this scope (a token belongs to one). Used only once the user is known to
 * have core_delegate_edit there (delegate-tokens.tsx), so that a refusal is never asked for.
 */
export function useDelegateTokens(scope: Scope) {
  return useQuery({
    queryKey: [...TOKENS_KEY, scope.accountIdentifier, scope.orgIdentifier ?? '', scope.projectIdentifier ?? ''],
    queryFn: ({ signal }) => apiRequest(z.array(delegateTokenSchema), 'GET', TOKENS_PATH, { scope, signal }),
  })
}

/** What a new token is made with: `expiresAt` in epoch ms, null for never. */
export type NewDelegateToken = { name: string; expiresAt: number | null }

/** A new token belongs to `scope`: its delegates take the tests of connectors there and below. */
export function useCreateDelegateToken(scope: Scope) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ name, expiresAt }: NewDelegateToken) =>
      apiRequest(createdDelegateTokenSchema, 'POST', TOKENS_PATH, {
        scope,
        body: expiresAt === null ? { name } : { name, expiresAt },
      }),
    // The answer holds the value: the mutation cache drops it as soon as nothing observes it.
    gcTime: 0,
    onSettled: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  })
}

export function useRevokeDelegateToken(scope: Scope) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (name: string) =>
      apiRequest(z.unknown(), 'DELETE', `${TOKENS_PATH}/${encodeURIComponent(name)}`, { scope }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
        // Its delegates are disconnected now.
        queryClient.invalidateQueries({ queryKey: ['delegates'] }),
      ]),
  })
}

/** Single-quotes a shell word unless it is plainly safe, so the command can be pasted as it is. */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9._,:/=@+-]+$/.test(value)) return value
  return `'${value.replace(/'/g, `'\\''`)}'`
}

export type DelegateCommand = {
  server: string
  token: string
  name: string
  tags: string
  /** `DELEGATE_TOKEN=… node connectors-delegate.mjs …`: other users of the machine can read a process's arguments. */
  tokenInEnvironment?: boolean
}

/** The command that fetches the delegate (one file) from the server onto the machine it is to run on. */
export function delegateDownloadCommand(server: string): string {
  return `curl -fsSLO ${shellWord(`${server.replace(/\/+$/, '')}${DELEGATE_DOWNLOAD_PATH}`)}`
}

/**
 * The command that starts the downloaded delegate with this token, with node and nothing else
 * (no checkout, no npm install); `--tags` only when there are tags.
 */
export function delegateCommand({ server, token, name, tags, tokenInEnvironment }: DelegateCommand): string {
  const tagList = tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean)
    .join(',')
  const words = tokenInEnvironment
    ? [`DELEGATE_TOKEN=${shellWord(token)}`, 'node', DELEGATE_FILE_NAME, '--server', shellWord(server)]
    : ['node', DELEGATE_FILE_NAME, '--server', shellWord(server), '--token', shellWord(token)]
  words.push('--name', shellWord(name))
  if (tagList) words.push('--tags', shellWord(tagList))
  return words.join(' ')
}
