// Test support: what the real server answers about delegates and their tokens, for component
// tests (the demo's mock backend has no tokens and simulated delegates only).
import { http } from 'msw'
import { errorResponse, invalidRequest, ok } from '../backend/api-responses'
import { createTokenProblems } from '../backend/delegate-token-routes'
import type { DelegateGroup, DelegateToken } from '../lib/api-types'

export const NOW = Date.now()

export const REAL_DELEGATE_GROUPS: DelegateGroup[] = [
  {
    delegateGroupIdentifier: 'local',
    groupName: 'local',
    groupImplicitSelectors: ['local'],
    groupCustomSelectors: ['docker', 'helm'],
    activelyConnected: true,
    lastHeartBeat: NOW - 4_000,
    instances: [
      {
        hostname: 'build-box',
        connected: true,
        lastHeartBeat: NOW - 4_000,
        maxConcurrency: 4,
        runningTests: 1,
      },
    ],
  },
  {
    delegateGroupIdentifier: 'edge',
    groupName: 'edge',
    groupImplicitSelectors: ['edge'],
    groupCustomSelectors: ['east'],
    activelyConnected: false,
    lastHeartBeat: NOW - 5 * 60_000,
    instances: [
      {
        hostname: 'edge-1',
        connected: false,
        lastHeartBeat: NOW - 5 * 60_000,
        maxConcurrency: 8,
        runningTests: 0,
      },
    ],
  },
]

/** The real server's delegate list and token routes, over tokens held in memory. */
export function realDelegatesHandlers(
  tokens: DelegateToken[] = [],
  value = 'dlg_secret-value-123',
  /** The server's --public-url, which it gives out with a new token. */
  serverUrl?: string,
) {
  return [
    http.get('*/api/setup/delegates/v2/up-the-hierarchy', () =>
      Response.json({ metaData: {}, resource: { delegateGroupDetails: REAL_DELEGATE_GROUPS }, responseMessages: [] }),
    ),
    http.get('*/ng/api/delegate-tokens', () => ok(tokens)),
    http.post('*/ng/api/delegate-tokens', async ({ request }) => {
      const body = (await request.json()) as { name: string; expiresAt?: number | null }
      // The server's own rules, so that the form meets the refusals it will meet there.
      const problems = createTokenProblems(body, Date.now())
      if (problems.length) return invalidRequest(problems)
      const { name, expiresAt } = body
      if (tokens.some((token) => token.name === name)) {
        return errorResponse(409, 'DUPLICATE_FIELD', `A token named ${name} exists; choose another name.`)
      }
      const token: DelegateToken = { name, createdAt: Date.now(), ...(expiresAt ? { expiresAt, expired: false } : {}) }
      tokens.unshift(token)
      return ok({ token, value, ...(serverUrl ? { serverUrl } : {}) })
    }),
    http.delete('*/ng/api/delegate-tokens/:name', ({ params }) => {
      const token = tokens.find((each) => each.name === params.name && each.revokedAt === undefined)
      if (!token)
        return errorResponse(404, 'RESOURCE_NOT_FOUND_EXCEPTION', `No live token named ${String(params.name)}.`)
      token.revokedAt = Date.now()
      return ok(true)
    }),
  ]
}
