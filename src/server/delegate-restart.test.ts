import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startDelegate } from '../delegate-agent/agent'
import type { CheckOptions, CheckOutcome, CheckTask } from '../delegate-agent/check-types'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { Scope } from '../lib/scope'
import { startDelegateTestServer, type DelegateTestServer } from '../test/delegate-server'
import { paymentsDockerConnector } from '../test/payments-bodies'
import { startServer, type RunningServer } from './shutdown'

/**
 * A server that stops with a delegate connected over HTTP: its long polls answer at once rather
 * than holding the shutdown for their whole wait, and a test the delegate finishes while the
 * server is away is recorded by the server started again on the same data.
 */

const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

let dataDir: string

beforeAll(async () => {
  mockServiceWorker.close()
  dataDir = await mkdtemp(path.join(tmpdir(), 'delegate-restart-'))
})

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

/** The server's app on a real port, stopping as `npm start` does (long polls end first). */
async function serve(
  port: number,
  pollWaitMs: number,
): Promise<{ server: DelegateTestServer; running: RunningServer }> {
  let host = ''
  const server = await startDelegateTestServer({ dataDir, pollWaitMs, extraHosts: () => [host] })
  const running = await startServer({
    fetch: server.app.fetch,
    hostname: '127.0.0.1',
    port,
    onStopping: () => server.dispatch.stopWaiting(),
    close: () => server.close(),
  })
  host = `127.0.0.1:${running.port}`
  return { server, running }
}

describe('a server that stops while a delegate is connected', () => {
  it('answers a waiting long poll at once, so that stopping does not wait for it', async () => {
    const { server, running } = await serve(0, 10 * 60_000)
    const token = (await server.dispatch.createToken(PAYMENTS, 'stop-watcher'))!.value
    const base = `http://127.0.0.1:${running.port}/delegate-api/v1`
    const post = (route: string, body: unknown) =>
      fetch(`${base}${route}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      })
    const { delegateId } = (await (
      await post('/register', { name: 'stop-watcher', tags: [], hostname: 'box', maxConcurrency: 1 })
    ).json()) as { delegateId: string }
    const poll = post('/poll', { delegateId, capacity: 1 })
    await vi.waitFor(() => expect(server.dispatch.agents.waitingPolls()).toBe(1))

    await running.stop()
    const answer = await poll
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({ tasks: [], cancel: [] })
  })

  it('records a result the delegate finished while the server was restarting', async () => {
    let { server, running } = await serve(0, 2_000)
    const port = running.port
    const token = (await server.dispatch.createToken(PAYMENTS, 'restart-survivor'))!.value
    const created = await server.api('POST', '/ng/api/connectors', {
      scope: PAYMENTS,
      body: {
        connector: paymentsDockerConnector('survives_restart', 'http://127.0.0.1:5999', { selectors: ['survivor'] }),
      },
    })
    expect(created.status).toBe(200)

    let started: () => void = () => undefined
    const checkStarted = new Promise<void>((resolve) => (started = resolve))
    let finish: () => void = () => undefined
    const finished = new Promise<void>((resolve) => (finish = resolve))
    const logs: string[] = []
    const delegate = startDelegate({
      server: `http://127.0.0.1:${port}`,
      token,
      name: 'survivor',
      log: (line) => logs.push(line),
      runCheck: async (_task: CheckTask, options: CheckOptions): Promise<CheckOutcome> => {
        options.onStageStarted?.(0, 'Connect to the registry')
        started()
        await finished
        const stage = { title: 'Connect to the registry', status: 'passed' as const, durationMs: 5, log: ['GET → 200'] }
        return { stages: [stage], result: { status: 'SUCCESS' } }
      },
    })
    try {
      await delegate.registered
      await server.dispatch.startTest(PAYMENTS, 'survives_restart', ['survivor'])
      await checkStarted

      await running.stop()
      // The check ends while no server answers: the delegate keeps its result and offers it again.
      finish()
      await expect.poll(() => logs.some((line) => line.includes('retrying')), { timeout: 10_000 }).toBe(true)
      ;({ server, running } = await serve(port, 2_000))

      await expect
        .poll(
          async () => {
            const history = await server.api<{ data: { content: { status: string; delegateName?: string }[] } }>(
              'GET',
              '/ng/api/connectors/survives_restart/testHistory',
              { scope: PAYMENTS },
            )
            return history.body.data.content
          },
          { timeout: 20_000, interval: 250 },
        )
        .toMatchObject([{ status: 'SUCCESS', delegateName: 'survivor' }])
    } finally {
      await delegate.stop()
      await running.stop()
    }
  }, 40_000)
})
