// @vitest-environment node
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import { createPaymentsProject, PAYMENTS_QUERY, paymentsDockerConnector } from '../test/payments-bodies'
import { startTsProcess, type StartedProcess } from '../test/processes'
import { startRegistry, type TestRegistry } from '../test/registry-servers/registry-server'

/**
 * Secrets the delegate holds, for real (issue 21, decision 028): a server (`npm start`'s entry
 * point) with its built-in delegate, an external delegate (`npm run delegate`'s), and Debian's
 * docker-registry with htpasswd on 127.0.0.1. The registry's password is never given to the
 * server: the delegates read it from their environment or their secret directory. And the
 * built-in delegate's process gets none of the server's own secrets.
 */

const PASSWORD = 'lab-password'
const SERVER_KEY = randomBytes(32).toString('base64')

let root: string
let registry: TestRegistry
let server: StartedProcess
let base: string
const processes: StartedProcess[] = []

beforeAll(async () => {
  mockServiceWorker.close()
  root = await mkdtemp(path.join(tmpdir(), 'delegate-held-'))
  await mkdir(path.join(root, 'secrets', 'registry'), { recursive: true })
  // As `kubectl create secret --from-file` leaves it: with a trailing newline.
  await writeFile(path.join(root, 'secrets', 'registry', 'password'), `${PASSWORD}\n`)
  registry = await startRegistry({ auth: { htpasswd: { username: 'demo', password: PASSWORD } } })
  server = startTsProcess(
    'src/server/main.ts',
    [
      ...['--port', '0', '--data', path.join(root, 'data'), '--dist', path.join(root, 'no-dist')],
      ...['--account', 'acme', '--no-sign-in', '--delegate-secret-dir', path.join(root, 'secrets')],
    ],
    {
      CONNECTORS_SECRET_KEY: SERVER_KEY,
      CONNECTORS_SECRET_KEY_FILE: '',
      DATABASE_URL: '',
      CONNECTORS_DELEGATE_SECRET_LOCAL_PASS: PASSWORD,
      // Whatever the test runner's environment holds, the server is not started with this one.
      CONNECTORS_DELEGATE_SECRET_NOT_GIVEN: undefined,
    },
  )
  processes.push(server)
  const [, address] = await server.waitFor(/Artifact Repository Connectors: (http:\/\/\S+)/, 60_000)
  await server.waitFor(/Built-in delegate: local/, 30_000)
  base = address!.replace(/\/+$/, '')
  await createPaymentsProject(base)
}, 120_000)

afterAll(async () => {
  await Promise.all(processes.map((started) => started.stop()))
  await registry?.stop()
  await rm(root, { recursive: true, force: true })
}, 60_000)

type Result = { status: string; errorSummary?: string; delegateName?: string; stages?: { log: string[] }[] }

async function api(method: string, apiPath: string, body?: unknown) {
  const response = await fetch(`${base}${apiPath}${apiPath.includes('?') ? '&' : '?'}${PAYMENTS_QUERY}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, text, body: JSON.parse(text) as { data: Record<string, unknown> } }
}

/** A delegate-held secret and a connector using it, selecting delegates by `selector`; the test's result. */
async function testWithHeld(identifier: string, manager: string, reference: string, selector: string) {
  const secret = await api('POST', '/ng/api/v2/secrets', {
    secret: {
      type: 'SecretText',
      name: identifier,
      identifier,
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
      tags: {},
      spec: { secretManagerIdentifier: manager, valueType: 'Reference', value: reference },
    },
  })
  expect(secret.status, secret.text).toBe(200)
  expect(secret.text).not.toContain(PASSWORD)
  const connector = paymentsDockerConnector(`uses_${identifier}`, registry.url, {
    passwordRef: identifier,
    selectors: [selector],
  })
  expect((await api('POST', '/ng/api/connectors', { connector })).status).toBe(200)
  const tested = await api('POST', `/ng/api/connectors/testConnection/uses_${identifier}`)
  expect(tested.status).toBe(200)
  expect(tested.text).not.toContain(PASSWORD)
  return tested.body.data as Result
}

function logOf(result: Result): string[] {
  return (result.stages ?? []).flatMap((stage) => stage.log)
}

/** The environment of the server's built-in delegate process, as Linux shows it. */
function embeddedDelegateEnvironment(): string[] {
  const serverPid = server.child.pid
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8')
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (status.includes(`\nPPid:\t${serverPid}\n`) && cmdline.includes('--embedded-delegate-child')) {
        return readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0')
      }
    } catch {
      // A process that ended meanwhile.
    }
  }
  throw new Error('The built-in delegate process was not found')
}

describe('the built-in delegate', () => {
  it('reads a value from the environment the server was started with, and from --delegate-secret-dir', async () => {
    const fromEnv = await testWithHeld(
      'local_env',
      'delegateEnvironment',
      'CONNECTORS_DELEGATE_SECRET_LOCAL_PASS',
      'local',
    )
    expect(fromEnv, JSON.stringify(fromEnv)).toMatchObject({ status: 'SUCCESS', delegateName: 'local' })
    expect(logOf(fromEnv)).toContainEqual(
      expect.stringContaining("read from the delegate's environment (CONNECTORS_DELEGATE_SECRET_LOCAL_PASS)"),
    )
    const fromFile = await testWithHeld('local_file', 'delegateSecretDir', 'registry/password', 'local')
    expect(fromFile, JSON.stringify(fromFile)).toMatchObject({ status: 'SUCCESS', delegateName: 'local' })
    expect(logOf(fromFile)).toContainEqual(
      expect.stringContaining("read from the delegate's secret directory (registry/password)"),
    )
  }, 60_000)

  it('cannot read a variable the server was not started with', async () => {
    const result = await testWithHeld(
      'not_given',
      'delegateEnvironment',
      'CONNECTORS_DELEGATE_SECRET_NOT_GIVEN',
      'local',
    )
    expect(result.status).toBe('FAILURE')
    expect(result.errorSummary).toContain(
      'The delegate has no environment variable CONNECTORS_DELEGATE_SECRET_NOT_GIVEN',
    )
  }, 60_000)

  it('runs without the server’s key, its database address or any variable but its own secrets', () => {
    const environment = embeddedDelegateEnvironment()
    expect(environment).toContain(`CONNECTORS_DELEGATE_SECRET_LOCAL_PASS=${PASSWORD}`)
    const names = environment.map((pair) => pair.split('=')[0])
    expect(names).not.toContain('CONNECTORS_SECRET_KEY')
    expect(names).not.toContain('CONNECTORS_SECRET_KEY_FILE')
    expect(names).not.toContain('DATABASE_URL')
    expect(environment.join('\n')).not.toContain(SERVER_KEY)
    expect(names.filter((name) => name?.startsWith('CONNECTORS_')).sort()).toEqual([
      'CONNECTORS_DELEGATE_SECRET_LOCAL_PASS',
    ])
  })

  it('refuses to start with a --delegate-secret-dir that holds the server’s key file', async () => {
    const keyDir = path.join(root, 'keys-and-secrets')
    await mkdir(keyDir)
    const refused = startTsProcess(
      'src/server/main.ts',
      [
        ...['--port', '0', '--data', path.join(root, 'data-2'), '--dist', path.join(root, 'no-dist')],
        ...['--secret-key-file', path.join(keyDir, 'secret.key'), '--delegate-secret-dir', keyDir],
      ],
      { CONNECTORS_SECRET_KEY: '', CONNECTORS_SECRET_KEY_FILE: '', DATABASE_URL: '' },
    )
    processes.push(refused)
    const code = await new Promise<number | null>((resolve) => refused.child.once('exit', resolve))
    expect(code).toBe(1)
    expect(refused.output()).toContain('--delegate-secret-dir')
    expect(refused.output()).toContain('holds the secret key file')
    expect(refused.output()).not.toMatch(/Artifact Repository Connectors: http/)
  }, 60_000)
})

describe('an external delegate', () => {
  let token: string | undefined

  /** The same delegate (its name, its token) started again, with another environment. */
  async function startLab(env: NodeJS.ProcessEnv): Promise<StartedProcess> {
    if (!token) {
      const made = await api('POST', '/ng/api/delegate-tokens', { name: 'lab-token' })
      expect(made.status, made.text).toBe(200)
      token = String(made.body.data.value)
    }
    const delegate = startTsProcess(
      'src/delegate-agent/main.ts',
      ['--server', base, '--name', 'lab-delegate', '--tags', 'lab'],
      { DELEGATE_TOKEN: token, CONNECTORS_DELEGATE_SECRET_REG_PASS: undefined, ...env },
    )
    processes.push(delegate)
    await delegate.waitFor(/Delegate lab-delegate connected/, 60_000)
    return delegate
  }

  it('started with the variable, the test succeeds; started without it, the failure names the variable', async () => {
    const withVariable = await startLab({ CONNECTORS_DELEGATE_SECRET_REG_PASS: PASSWORD })
    const passed = await testWithHeld('reg_pass', 'delegateEnvironment', 'CONNECTORS_DELEGATE_SECRET_REG_PASS', 'lab')
    expect(passed, JSON.stringify(passed)).toMatchObject({ status: 'SUCCESS', delegateName: 'lab-delegate' })
    expect(logOf(passed)).toContainEqual(
      expect.stringContaining("read from the delegate's environment (CONNECTORS_DELEGATE_SECRET_REG_PASS)"),
    )
    expect(withVariable.output()).not.toContain(PASSWORD)
    await withVariable.stop()

    const without = await startLab({})
    const failed = await api('POST', '/ng/api/connectors/testConnection/uses_reg_pass')
    const result = failed.body.data as Result
    expect(result, failed.text).toMatchObject({ status: 'FAILURE', delegateName: 'lab-delegate' })
    expect(result.errorSummary).toContain(
      'The delegate has no environment variable CONNECTORS_DELEGATE_SECRET_REG_PASS',
    )
    expect(without.output()).not.toContain(PASSWORD)
  }, 120_000)
})
