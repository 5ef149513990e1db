// Test support: the server's app with real delegates, on a database of its own (PGlite in a
// temporary folder, or a PostgreSQL URL), answered in-process (no port) so that several servers
// can share one database in one test.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { bootstrapDirectory, bootstrapPrincipal, grantBootstrapAdmin } from '../backend/access/bootstrap'
import type { Authenticate } from '../backend/access/principal'
import { auditKey } from '../backend/audit/audit-chain'
import { createApi } from '../backend/create-api'
import type { ServerErrorEntry } from '../backend/router'
import { SEED_ACCOUNT, serverSeedWithDemoScopes } from '../backend/seed-data'
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
  /** The server's Hono app, for a test that serves it on a real port. */
  app: { fetch: (request: Request, bindings?: unknown) => Response | Promise<Response> }
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
  /**
   * A delegate speaking to this app in-process. `local` presents the built-in delegate's token;
   * any other name a token of its own (`test-<name>`), made on first use, as a delegate started
   * elsewhere would, at the account unless `tokenScope` says where.
   */
  startDelegate(
    options: Partial<DelegateOptions> & Pick<DelegateOptions, 'name'> & { tokenScope?: Scope },
  ): RunningDelegate
  close(): Promise<void>
}

export async function startDelegateTestServer(
  options: {
    databaseUrl?: string
    dataDir?: string
    dispatch?: Partial<DispatchOptions>
    pollWaitMs?: number
    /** Host headers served besides TEST_HOST (a test that serves the app on a real port). */
    extraHosts?: () => readonly string[]
    /** Where the API's 5xx go (the server logs them). */
    onServerError?: (entry: ServerErrorEntry) => void
    /** Who calls the API; the bootstrap service account (Account Admin) unless a test says. */
    authenticate?: Authenticate
  } = {},
): Promise<DelegateTestServer> {
  const ownDir = options.databaseUrl || options.dataDir ? undefined : await mkdtemp(path.join(tmpdir(), 'delegates-'))
  const store = await openSqlStore({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: options.dataDir ?? ownDir }),
    secretKey: SECRET_KEY,
    // A real server's start, in the demo's account and projects that these tests use.
    seed: serverSeedWithDemoScopes,
  })
  const dispatch = createServerDispatch({
    client: store.client,
    store,
    sweepMs: 0,
    pollMs: 50,
    // Its writes go on the audit trail as a real server's do (main.ts).
    trail: { key: auditKey(SECRET_KEY), committed: () => undefined },
    ...options.dispatch,
  })
  // These tests call the API as automation does: the bootstrap service account, Account Admin.
  await grantBootstrapAdmin(store, SEED_ACCOUNT)
  const api = createApi({
    store,
    authenticate: options.authenticate ?? (() => Promise.resolve(bootstrapPrincipal(SEED_ACCOUNT))),
    principals: bootstrapDirectory(),
    latency: 0,
    simulatedWorld: false,
    dispatch,
    ...(options.onServerError ? { onServerError: options.onServerError } : {}),
  })
  const app = createServerApp({
    api,
    distDir: tmpdir(),
    allowedHosts: () => [TEST_HOST, ...(options.extraHosts?.() ?? [])],
    logError: () => undefined,
    ready: () => store.ready(),
    delegateRoutes: createDelegateRoutes(dispatch.agents, { pollWaitMs: options.pollWaitMs ?? 2_000 }),
  })
  const fetchApp = async (pathAndQuery: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    headers.set('Host', TEST_HOST)
    // As a client on the network frames it: the body rules read Content-Length.
    if (typeof init.body === 'string' && !headers.has('Content-Length')) {
      headers.set('Content-Length', String(Buffer.byteLength(init.body)))
    }
    return app.fetch(new Request(`http://${TEST_HOST}${pathAndQuery}`, { ...init, headers }))
  }
  const delegates: RunningDelegate[] = []
  const tokens = new Map<string, string>()
  const tokenFor = async (name: string, scope: Scope): Promise<string> => {
    if (name === 'local') return dispatch.embeddedToken
    let value = tokens.get(name)
    if (!value) {
      const created = await dispatch.createToken(scope, `test-${name}`)
      if (!created) throw new Error(`The test token test-${name} exists already`)
      value = created.value
      tokens.set(name, value)
    }
    return value
  }

  return {
    app,
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
    startDelegate({ tokenScope, ...delegateOptions }) {
      // The token is made on the delegate's first call, so that starting one stays synchronous.
      const token = tokenFor(delegateOptions.name, tokenScope ?? { accountIdentifier: SEED_ACCOUNT })
      const delegate = startDelegate({
        server: `http://${TEST_HOST}`,
        token: delegateOptions.token ?? '',
        ...delegateOptions,
        fetch: async (url, init) => {
          const headers = new Headers(init.headers)
          headers.set('Host', TEST_HOST)
          if (delegateOptions.token === undefined) headers.set('Authorization', `Bearer ${await token}`)
          if (delegateOptions.fetch) return delegateOptions.fetch(url, { ...init, headers })
          return app.fetch(new Request(url, { ...init, headers }))
        },
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

/**
 * Reads an ndjson answer to its end, parsed line by line; `onEvent` sees each event as it
 * arrives, while the answer is still streaming.
 */
export async function readEvents(
  response: Response,
  onEvent?: (event: Record<string, unknown>) => void,
): Promise<Record<string, unknown>[]> {
  const events: Record<string, unknown>[] = []
  const take = (line: string) => {
    if (!line) return
    const event = JSON.parse(line) as Record<string, unknown>
    events.push(event)
    onEvent?.(event)
  }
  if (!response.body) return events
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffered = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    const lines = (buffered + value).split('\n')
    buffered = lines.pop() ?? ''
    lines.forEach(take)
  }
  take(buffered)
  return events
}
