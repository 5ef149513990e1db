import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect } from 'vitest'
import { demoAuthentication, demoDirectory } from '../backend/access/demo-principals'
import { call, setApiBase } from '../backend/api-test-helpers'
import { createApi } from '../backend/create-api'
import { SEED_ACCOUNT, createSeedState } from '../backend/seed-data'
import { createServerApp } from '../server/app'
import { allowedHostHeaders } from '../server/host-names'
import type { RunningServer } from '../server/shutdown'
import { startServer } from '../server/shutdown'
import type { SqlStore } from '../server/sql-store'
import { openSqlStore } from '../server/sql-store'

/**
 * The same API tests on both hosts of the backend core: `describeOnBothHosts(name, fn)` runs
 * `fn`'s tests twice,
 *
 * - on the in-browser host: Mock Service Worker answers fetch() on the page's origin, over the
 *   in-memory store that src/test/setup.ts puts back to the seed after every test;
 * - on the Node server: `createServerApp` over the SQL store (embedded PGlite in a temporary
 *   folder), listening on a free port of 127.0.0.1 and called over real HTTP. Before every test
 *   `POST /ng/api/demo/reset` puts the seed back (the simulated world allows it).
 *
 * The tests call the API through `call()` (api-test-helpers.ts), whose base this switches.
 */

export type HostName = 'in-browser' | 'server'

export const HOST_LABELS: Record<HostName, string> = {
  'in-browser': 'in-browser host (Mock Service Worker)',
  server: 'Node server (HTTP on loopback)',
}

type LoopbackServer = { base: string; requests: () => number; stop(): Promise<void> }

async function startLoopbackServer(): Promise<LoopbackServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'connectors-both-hosts-'))
  let store: SqlStore | undefined
  try {
    store = await openSqlStore({ dataDir, secretKey: randomBytes(32), seed: createSeedState, resettable: true })
    let port = 0
    let requests = 0
    const app = createServerApp({
      api: createApi({
        store,
        latency: 0,
        simulatedWorld: true,
        authenticate: demoAuthentication(SEED_ACCOUNT),
        principals: demoDirectory(),
      }),
      // No built app: these tests call the API only.
      distDir: path.join(dataDir, 'no-dist'),
      allowedHosts: () => allowedHostHeaders({ host: '127.0.0.1', port }),
    })
    const opened = store
    const running: RunningServer = await startServer({
      fetch: (request) => {
        requests++
        return app.fetch(request)
      },
      hostname: '127.0.0.1',
      port: 0,
      close: () => opened.close(),
    })
    port = running.port
    return {
      base: `http://127.0.0.1:${port}`,
      requests: () => requests,
      async stop() {
        await running.stop()
        await rm(dataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await store?.close()
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
}

/** Runs `fn`'s tests once on each host, in a describe block named after `name` and the host. */
export function describeOnBothHosts(name: string, fn: (host: HostName) => void): void {
  describe(`${name} — ${HOST_LABELS['in-browser']}`, () => {
    beforeEach(() => setApiBase(undefined))
    fn('in-browser')
  })

  describe(`${name} — ${HOST_LABELS.server}`, () => {
    let server: LoopbackServer | undefined
    let requestsBefore = 0

    beforeAll(async () => {
      server = await startLoopbackServer()
    }, 30_000)

    afterAll(async () => {
      setApiBase(undefined)
      await server?.stop()
    }, 15_000)

    beforeEach(async () => {
      setApiBase(server!.base)
      const reset = await call('POST', '/ng/api/demo/reset')
      expect(reset.status, reset.text).toBe(200)
      requestsBefore = server!.requests()
    })

    afterEach(() => {
      // Proof that the requests reached the server rather than Mock Service Worker.
      expect(server!.requests()).toBeGreaterThan(requestsBefore)
      setApiBase(undefined)
    })

    fn('server')
  })
}
