// @vitest-environment node
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { RunningServer } from './shutdown'
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, startServer, stopOnSignals } from './shutdown'

beforeAll(() => {
  // The shared setup answers fetch() with Mock Service Worker; these tests talk to a real server.
  mockServiceWorker.close()
})

const running: RunningServer[] = []
/** Requests a test holds in flight; a failed assertion must not leave them holding stop() up. */
const held: (() => void)[] = []
afterEach(async () => {
  vi.useRealTimers()
  for (const release of held.splice(0)) release()
  await Promise.all(running.splice(0).map((server) => server.stop()))
})

describe('graceful shutdown', () => {
  it('finishes a slow request in flight, refuses new connections, then closes the store', async () => {
    const events: string[] = []
    let release: () => void = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    held.push(() => release())
    const server = await startServer({
      hostname: '127.0.0.1',
      port: 0,
      fetch: async (request) => {
        if (new URL(request.url).pathname === '/slow') {
          events.push('slow started')
          await released
          events.push('slow answered')
        }
        return new Response('done')
      },
      close: () => {
        events.push('store closed')
      },
    })
    running.push(server)
    const base = `http://127.0.0.1:${server.port}`

    const slow = fetch(`${base}/slow`).then(async (response) => ({
      status: response.status,
      body: await response.text(),
    }))
    await vi.waitFor(() => expect(events).toContain('slow started'))

    // The grace period runs on fake time, so that all of it can pass without waiting for it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const stopped = server.stop()
    expect(server.stop()).toBe(stopped)
    expect(server.server.listening).toBe(false)
    await expect(fetch(`${base}/other`)).rejects.toThrow()
    // All of the grace period but its last millisecond: the request in flight holds the store open.
    await vi.advanceTimersByTimeAsync(DEFAULT_SHUTDOWN_TIMEOUT_MS - 1)
    vi.useRealTimers()
    expect(events).not.toContain('store closed')

    release()
    expect(await slow).toEqual({ status: 200, body: 'done' })
    await stopped
    expect(events).toEqual(['slow started', 'slow answered', 'store closed'])
  })

  it('cuts a request that outlasts the timeout, and still closes the store', async () => {
    const close = vi.fn()
    let arrived: () => void = () => {}
    const inFlight = new Promise<void>((resolve) => (arrived = resolve))
    const server = await startServer({
      hostname: '127.0.0.1',
      port: 0,
      shutdownTimeoutMs: 100,
      fetch: () => {
        arrived()
        return new Promise<Response>(() => {})
      },
      close,
    })
    running.push(server)
    const hanging = fetch(`http://127.0.0.1:${server.port}/`).catch((error: unknown) => error)
    // Stop only once the request is in the app: it is then in flight, not a connection refused.
    await inFlight
    const started = Date.now()
    await server.stop()
    expect(Date.now() - started).toBeLessThan(2000)
    expect(close).toHaveBeenCalledOnce()
    expect(await hanging).toBeInstanceOf(Error)
  })

  it('stops on SIGTERM and exits 0', async () => {
    const exit = vi.fn()
    const stop = vi.fn(() => Promise.resolve())
    const remove = stopOnSignals(stop, { exit, log: () => {} })
    try {
      process.emit('SIGTERM', 'SIGTERM')
      await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0))
      expect(stop).toHaveBeenCalledOnce()
    } finally {
      remove()
    }
  })

  it('exits 1 at once on a second signal', () => {
    const exit = vi.fn()
    const remove = stopOnSignals(() => new Promise<void>(() => {}), { exit, log: () => {} })
    try {
      process.emit('SIGINT', 'SIGINT')
      process.emit('SIGINT', 'SIGINT')
      expect(exit).toHaveBeenCalledWith(1)
    } finally {
      remove()
    }
  })
})
