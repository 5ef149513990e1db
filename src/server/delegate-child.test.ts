// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import { createPaymentsProject, PAYMENTS_QUERY } from '../test/payments-bodies'
import { startTsProcess, type StartedProcess } from '../test/processes'
import { startHttpFixture, type TestHttpServer } from '../test/registry-servers/http-fixture'
import { largeIndex } from '../test/registry-servers/large-helm-index'

/**
 * The built-in delegate runs in a process of its own: a registry that sends a 32 MiB Helm index
 * slowly keeps a test busy on it, while the server answers lists at once; and the delegate
 * process, if it dies, comes back by itself.
 */

let root: string
let server: StartedProcess
let base: string
let charts: TestHttpServer
const index = Buffer.from(largeIndex(6_600))
/** The built-in delegate asked for the index: the test is running in its process. */
let indexAsked: () => void = () => undefined
const indexRequested = new Promise<void>((resolve) => (indexAsked = resolve))

beforeAll(async () => {
  mockServiceWorker.close()
  root = await mkdtemp(path.join(tmpdir(), 'delegate-child-'))
  // Sent over about two seconds: the test cannot end before the last byte.
  charts = await startHttpFixture((_request, response) => {
    indexAsked()
    response.writeHead(200, { 'Content-Type': 'application/x-yaml', 'Content-Length': index.length })
    const slice = Math.ceil(index.length / 20)
    let at = 0
    const next = () => {
      if (at >= index.length) return void response.end()
      response.write(index.subarray(at, at + slice))
      at += slice
      setTimeout(next, 100)
    }
    next()
  })
  server = startTsProcess(
    'src/server/main.ts',
    [
      '--port',
      '0',
      '--data',
      path.join(root, 'data'),
      '--dist',
      path.join(root, 'no-dist'),
      '--account',
      'acme',
      '--no-sign-in',
    ],
    { CONNECTORS_SECRET_KEY: '', CONNECTORS_SECRET_KEY_FILE: '', DATABASE_URL: '' },
  )
  const [, address] = await server.waitFor(/Artifact Repository Connectors: (http:\/\/\S+)/, 60_000)
  await server.waitFor(/Built-in delegate: local/, 30_000)
  base = address!.replace(/\/+$/, '')
  await createPaymentsProject(base)
}, 90_000)

afterAll(async () => {
  await server?.stop()
  await charts?.stop()
  await rm(root, { recursive: true, force: true })
})

async function api(method: string, apiPath: string, body?: unknown) {
  const response = await fetch(`${base}${apiPath}${apiPath.includes('?') ? '&' : '?'}${PAYMENTS_QUERY}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: response.status, body: (await response.json()) as { data: Record<string, unknown> } }
}

describe('the built-in delegate in its own process', () => {
  it('tests a registry sending a 32 MiB index while the server answers lists meanwhile', async () => {
    const created = await api('POST', '/ng/api/connectors', {
      connector: {
        name: 'Huge index',
        identifier: 'huge_index',
        orgIdentifier: 'default',
        projectIdentifier: 'payments',
        tags: {},
        type: 'HttpHelmRepo',
        spec: { helmRepoUrl: charts.url, auth: { type: 'Anonymous' }, delegateSelectors: [] },
      },
    })
    expect(created.status).toBe(200)

    const order: string[] = []
    const tested = api('POST', '/ng/api/connectors/testConnection/huge_index').then((answer) => {
      order.push('test')
      return answer
    })
    await indexRequested
    for (let count = 0; count < 5; count += 1) {
      const listed = await api('POST', '/ng/api/connectors/listV2?pageSize=5', { filterType: 'Connector' })
      expect(listed.status).toBe(200)
      order.push('list')
    }
    const result = await tested
    expect(result.body.data).toMatchObject({ status: 'SUCCESS', delegateName: 'local' })
    expect(order).toEqual(['list', 'list', 'list', 'list', 'list', 'test'])
  }, 60_000)

  it('comes back by itself when its process dies', async () => {
    const { execFileSync } = await import('node:child_process')
    const pids = execFileSync('pgrep', ['-f', '--', '--embedded-delegate-child'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number)
      .filter((pid) => pid !== process.pid)
    // Of this server (its parent), not of another test's.
    const own = pids.find((pid) => {
      try {
        const status = execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim()
        return Number(status) === server.child.pid
      } catch {
        return false
      }
    })
    expect(own, `no delegate process under ${String(server.child.pid)} in ${pids.join(' ')}`).toBeDefined()
    process.kill(own!, 'SIGKILL')
    await server.waitFor(/stopped unexpectedly \(SIGKILL\); starting it again/, 10_000)
    await expect
      .poll(async () => (await api('GET', '/api/setup/delegates/v2/up-the-hierarchy?accountId=acme')).status, {
        timeout: 15_000,
      })
      .toBe(200)
    await expect.poll(() => server.output().match(/Registered as local/g)?.length ?? 0, { timeout: 15_000 }).toBe(2)
  }, 40_000)
})
