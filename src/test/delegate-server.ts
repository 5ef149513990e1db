// Test support: the server's app with real delegates, on a database of its own (PGlite in a
// temporary folder, or a PostgreSQL URL), answered in-process (no port) so that several servers
// can share one database in one test.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createApi } from '../backend/create-api'
import { createServerSeedState } from '../backend/seed-data'
import { startDelegate, type DelegateOptions, type RunningDelegate } from '../delegate-agent/agent'
import type { Scope } from '../lib/scope'
import { scopeQuery } from '../lib/scope'
import { createServerApp } from '../server/app'
import { createServerDispatch, type DispatchOptions, type ServerDispatch } from '../server/delegate-dispatch'
import { createDelegateRoutes } from '../server/delegate-routes'
import { openSqlStore, type SqlStore } from '../server/sql-store'

export const TEST_HOST = '127.0.0.1:4999'
const SECRET_KEY = Buffer.alloc(32, 7)

export type DelegateTestServer = {
  store: SqlStore
  dispatch: ServerDispatch
  /** The app, as a client on this machine reaches it. */
  fetch(pathAndQuery: string, init?: RequestInit): Promise<Response>
  /** JSON API call in a scope; answers the parsed body and the status. */
  api<T = unknown>(
    method: string,
    path: string,
    options?: { scope?: Scope; body?: unknown },
  ): Promise<{ status: number; body: T }>
  startDelegate(options: Partial<DelegateOptions> & Pick<DelegateOptions, 'name'>): RunningDelegate
  close(): Promise<void>
}

export async function startDelegateTestServer(
  options: { databaseUrl?: string; dataDir?: string; dispatch?: Partial<DispatchOptions>; pollWaitMs?: number } = {},
): Promise<DelegateTestServer> {
  const ownDir = options.databaseUrl || options.dataDir ? undefined : await mkdtemp(path.join(tmpdir(), 'delegates-'))
  const store = await openSqlStore({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: options.dataDir ?? ownDir }),
    secretKey: SECRET_KEY,
    seed: createServerSeedState,
  })
  const dispatch = createServerDispatch({ client: store.client, store, sweepMs: 0, pollMs: 50, ...options.dispatch })
  const api = createApi({ store, latency: 0, simulatedWorld: false, dispatch })
  const app = createServerApp({
    api,
    distDir: tmpdir(),
    allowedHosts: [TEST_HOST],
    logError: () => undefined,
    delegateRoutes: createDelegateRoutes(dispatch.agents, { pollWaitMs: options.pollWaitMs ?? 2_000 }),
  })
  const fetchApp = async (pathAndQuery: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    headers.set('Host', TEST_HOST)
    return app.fetch(new Request(`http://${TEST_HOST}${pathAndQuery}`, { ...init, headers }))
  }
  const delegates: RunningDelegate[] = []

  return {
    store,
    dispatch,
    fetch: fetchApp,
    async api<T>(method: string, apiPath: string, call: { scope?: Scope; body?: unknown } = {}) {
      const query = call.scope
        ? `${apiPath.includes('?') ? '&' : '?'}${new URLSearchParams(scopeQuery(call.scope))}`
        : ''
      const response = await fetchApp(`${apiPath}${query}`, {
        method,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      })
      return { status: response.status, body: (await response.json()) as T }
    },
    startDelegate(delegateOptions) {
      const delegate = startDelegate({
        server: `http://${TEST_HOST}`,
        token: dispatch.embeddedToken,
        fetch: async (url, init) => {
          const headers = new Headers(init.headers)
          headers.set('Host', TEST_HOST)
          return app.fetch(new Request(url, { ...init, headers }))
        },
        ...delegateOptions,
      })
      delegates.push(delegate)
      return delegate
    },
    async close() {
      await Promise.all(delegates.map((delegate) => delegate.stop()))
      dispatch.close()
      await store.close()
      if (ownDir) await rm(ownDir, { recursive: true, force: true })
    },
  }
}

/** Reads an ndjson answer to its end (or until `until` says stop), parsed line by line. */
export async function readEvents(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text()
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}
