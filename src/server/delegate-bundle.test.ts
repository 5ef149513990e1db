// @vitest-environment node
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import { DELEGATE_DOWNLOAD_PATH, DELEGATE_FILE_NAME } from '../lib/delegate-download'
import {
  createPaymentsProject,
  PAYMENTS_QUERY,
  paymentsDockerConnector,
  paymentsSecretBody,
} from '../test/payments-bodies'
import { startNodeProcess, startTsProcess, type StartedProcess } from '../test/processes'
import { registrySuiteTitle, startRegistry, type TestRegistry } from '../test/registry-servers/registry-server'

/**
 * Defect 12: a delegate started elsewhere needed a checkout and its 488 packages (tsx). The build
 * makes it one file (`npm run build:delegate`), the server serves it, and plain node runs it from
 * an empty folder: here against a real server and Debian's docker-registry with htpasswd.
 */

const ROOT = path.resolve(import.meta.dirname, '../..')
const dirs: string[] = []
const processes: StartedProcess[] = []
let work: string
let registry: TestRegistry

beforeAll(async () => {
  mockServiceWorker.close()
  work = await mkdtemp(path.join(tmpdir(), 'delegate-bundle-'))
  dirs.push(work)
  registry = await startRegistry({ auth: { htpasswd: { username: 'demo', password: 'bundle-password' } } })
  // The build's own step, into a dist of this test's (the app itself is not needed to serve the file).
  await promisify(execFile)(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--ssr',
      'src/delegate-agent/main.ts',
      '--mode',
      'delegate',
      '--outDir',
      path.join(work, 'dist/delegate'),
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } },
  )
}, 120_000)

afterAll(async () => {
  await Promise.all(processes.map((started) => started.stop()))
  await registry?.stop()
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
}, 60_000)

async function api(base: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${base}${route}${route.includes('?') ? '&' : '?'}${PAYMENTS_QUERY}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: response.status, body: (await response.json()) as { data: Record<string, unknown> } }
}

/** Whether node could find a package from `dir`: a node_modules there or in any folder above. */
function nodeModulesAbove(dir: string): string[] {
  const found: string[] = []
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'node_modules'))) found.push(at)
    if (path.dirname(at) === at) return found
  }
}

describe(registrySuiteTitle('the delegate as one file'), () => {
  it('is downloaded from the server and run by plain node in an empty folder; a test succeeds through it', async () => {
    const built = await readFile(path.join(work, 'dist/delegate', DELEGATE_FILE_NAME))
    expect((await readdir(path.join(work, 'dist/delegate'))).sort()).toEqual([DELEGATE_FILE_NAME])

    const server = startTsProcess(
      'src/server/main.ts',
      [
        ...['--port', '0', '--no-delegate', '--account', 'acme', '--no-sign-in'],
        ...['--data', path.join(work, 'data'), '--dist', path.join(work, 'dist')],
      ],
      { CONNECTORS_SECRET_KEY: randomBytes(32).toString('base64'), CONNECTORS_SECRET_KEY_FILE: '', DATABASE_URL: '' },
    )
    processes.push(server)
    const [, address = ''] = await server.waitFor(/Artifact Repository Connectors: (http:\/\/\S+)/, 90_000)
    const base = address.replace(/\/+$/, '')
    await createPaymentsProject(base)

    // What the Delegates page links to: the built file as it is, nothing of this server's in it.
    const download = await fetch(`${base}${DELEGATE_DOWNLOAD_PATH}`)
    expect(download.status).toBe(200)
    expect(download.headers.get('Content-Type')).toMatch(/^text\/javascript/)
    const bytes = Buffer.from(await download.arrayBuffer())
    expect(bytes.equals(built)).toBe(true)

    const machine = await mkdtemp(path.join(tmpdir(), 'delegate-machine-'))
    dirs.push(machine)
    expect(nodeModulesAbove(machine)).toEqual([])
    await writeFile(path.join(machine, DELEGATE_FILE_NAME), bytes)

    const token = await api(base, 'POST', '/ng/api/delegate-tokens', { name: 'bundle-token' })
    expect(token.status).toBe(200)
    // Only what a user's shell would have: no NODE_OPTIONS (tsx), no NODE_PATH.
    const delegate = startNodeProcess(
      DELEGATE_FILE_NAME,
      ['--server', base, '--name', 'bundled-delegate', '--tags', 'bundled'],
      { cwd: machine, env: { PATH: process.env.PATH ?? '', DELEGATE_TOKEN: String(token.body.data.value) } },
    )
    processes.push(delegate)
    await delegate.waitFor(/Delegate bundled-delegate connected/, 30_000)

    expect(
      (await api(base, 'POST', '/ng/api/v2/secrets', paymentsSecretBody('bundle_password', 'bundle-password'))).status,
    ).toBe(200)
    const created = await api(base, 'POST', '/ng/api/connectors', {
      connector: paymentsDockerConnector('bundled_registry', registry.url, {
        passwordRef: 'bundle_password',
        selectors: ['bundled'],
      }),
    })
    expect(created.status).toBe(200)
    const tested = await api(base, 'POST', '/ng/api/connectors/testConnection/bundled_registry')
    expect(tested.status).toBe(200)
    expect(tested.body.data).toMatchObject({ status: 'SUCCESS', delegateName: 'bundled-delegate' })
    // The delegate's own log never shows the secret it used.
    expect(delegate.output()).not.toContain('bundle-password')
  }, 180_000)
})
