// @vitest-environment node
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HeldSecret } from '../connection-tests/delegate-held'
import { server as mockNetwork } from '../demo-backend/node-mock-backend'
import { WITHHELD } from '../protocols/kit/remote-text'
import { checkTask, PASSWORD_REF } from '../test/registry-servers/check-task'
import { startHttpFixture, type TestHttpServer } from '../test/registry-servers/http-fixture'
import { runConnectionCheck } from './checks/run-check'
import { delegateSecretVariables, readHeldSecret, secretDirOf, type HeldSecretSource } from './held-secrets'

/**
 * The delegate plays the last line of defence (decision 028): whatever a task names, it reads
 * only CONNECTORS_DELEGATE_SECRET_ variables and files that really lie under its --secret-dir.
 * These tests are the attacks: a task crafted to name the server's key, paths that climb out,
 * a symbolic link inside the directory that points outside it.
 */

const env = (reference: string): HeldSecret => ({ manager: 'delegateEnvironment', reference })
const file = (reference: string): HeldSecret => ({ manager: 'delegateSecretDir', reference })

describe('what a delegate reads of the secrets it holds', () => {
  let root: string
  let secretDir: string
  let source: HeldSecretSource

  beforeAll(async () => {
    root = await realpath(await mkdtemp(path.join(tmpdir(), 'held-secrets-')))
    await mkdir(path.join(root, 'secrets', 'registry'), { recursive: true })
    await writeFile(path.join(root, 'outside.key'), 'the-servers-own-key')
    await writeFile(path.join(root, 'secrets', 'registry', 'password'), 'from-a-file\n')
    await writeFile(path.join(root, 'secrets', 'registry', 'two-lines'), 'kept\n\n')
    await writeFile(path.join(root, 'secrets', 'big'), 'x'.repeat(64 * 1024 + 1))
    await symlink(path.join(root, 'outside.key'), path.join(root, 'secrets', 'escape'))
    await symlink(path.join(root, 'secrets', 'registry', 'password'), path.join(root, 'secrets', 'alias'))
    await symlink(root, path.join(root, 'secrets', 'up'))
    secretDir = await secretDirOf(path.join(root, 'secrets'))
    source = {
      // A delegate's whole environment, as a server that checked nothing might hope to reach it.
      environment: {
        CONNECTORS_DELEGATE_SECRET_REG_PASS: 'from-the-environment',
        CONNECTORS_SECRET_KEY: 'the-servers-own-key',
        PATH: '/usr/bin',
      },
      secretDir,
    }
  })

  afterAll(() => rm(root, { recursive: true, force: true }))

  it('refuses a task that names the server’s key, or any variable not CONNECTORS_DELEGATE_SECRET_*', async () => {
    expect(await readHeldSecret(env('CONNECTORS_SECRET_KEY'), source)).toEqual({ problem: 'refused' })
    expect(await readHeldSecret(env('PATH'), source)).toEqual({ problem: 'refused' })
    expect(await readHeldSecret(env('CONNECTORS_DELEGATE_SECRET_REG_PASS'), source)).toEqual({
      value: 'from-the-environment',
    })
    expect(await readHeldSecret(env('CONNECTORS_DELEGATE_SECRET_NOPE'), source)).toEqual({ problem: 'missing' })
    // The delegate keeps only its own CONNECTORS_DELEGATE_SECRET_ variables in the first place.
    expect(Object.keys(delegateSecretVariables(source.environment))).toEqual(['CONNECTORS_DELEGATE_SECRET_REG_PASS'])
  })

  it('refuses paths that climb out or are absolute, and a symbolic link that points outside', async () => {
    expect(await readHeldSecret(file('../../etc/passwd'), source)).toEqual({ problem: 'refused' })
    expect(await readHeldSecret(file('/etc/passwd'), source)).toEqual({ problem: 'refused' })
    expect(await readHeldSecret(file(path.join(root, 'outside.key')), source)).toEqual({ problem: 'refused' })
    expect(await readHeldSecret(file('escape'), source)).toEqual({ problem: 'outside' })
    expect(await readHeldSecret(file('up/outside.key'), source)).toEqual({ problem: 'outside' })
    // A link that stays inside is followed, as a Kubernetes secret mount's ..data links are.
    expect(await readHeldSecret(file('alias'), source)).toEqual({ value: 'from-a-file' })
  })

  it('reads a file under the directory, less one trailing newline; refuses a folder and a file past 64 KiB', async () => {
    expect(await readHeldSecret(file('registry/password'), source)).toEqual({ value: 'from-a-file' })
    expect(await readHeldSecret(file('registry/two-lines'), source)).toEqual({ value: 'kept\n' })
    expect(await readHeldSecret(file('registry'), source)).toEqual({ problem: 'not-a-file' })
    expect(await readHeldSecret(file('big'), source)).toEqual({ problem: 'too-large' })
    expect(await readHeldSecret(file('registry/none'), source)).toEqual({ problem: 'missing' })
  })

  it('reads no file at all when started without --secret-dir', async () => {
    expect(await readHeldSecret(file('registry/password'), { environment: {} })).toEqual({ problem: 'no-secret-dir' })
  })

  describe('in a connection test', () => {
    let echo: TestHttpServer

    beforeAll(async () => {
      mockNetwork.close()
      // A registry that repeats what it was sent: the Authorization header and the password in it.
      echo = await startHttpFixture((request, response) => {
        const header = request.headers.authorization ?? ''
        const decoded = Buffer.from(header.replace(/^Basic /i, ''), 'base64').toString('utf8')
        response.writeHead(401, {
          'Content-Type': 'application/json',
          'WWW-Authenticate': 'Basic realm="echo"',
          'X-Echo': decoded,
        })
        response.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: `bad password ${decoded}` }] }))
      })
    })

    afterAll(() => echo.stop())

    const heldTask = (held: HeldSecret, url = 'http://127.0.0.1:9') => ({
      ...checkTask('DockerRegistry', url, { settings: { providerType: 'Other' }, withoutSecretValue: true }),
      held: { [PASSWORD_REF]: held },
    })

    it('fails a task crafted to name the server’s key, saying so, without reading it', async () => {
      const outcome = await runConnectionCheck(heldTask(env('CONNECTORS_SECRET_KEY')), { heldSecrets: source })
      expect(outcome.result.status).toBe('FAILURE')
      expect(outcome.result.errorSummary).toContain(
        'The delegate refuses to read the environment variable CONNECTORS_SECRET_KEY',
      )
      expect(JSON.stringify(outcome)).not.toContain('the-servers-own-key')
    })

    it('names the variable that is missing, and says where a value was read', async () => {
      const missing = await runConnectionCheck(heldTask(env('CONNECTORS_DELEGATE_SECRET_REG_PASS')), {
        heldSecrets: { environment: {} },
      })
      expect(missing.result.errorSummary).toContain(
        'The delegate has no environment variable CONNECTORS_DELEGATE_SECRET_REG_PASS',
      )
      const read = await runConnectionCheck(heldTask(file('registry/password'), echo.url), { heldSecrets: source })
      expect(read.stages[0]?.log).toContainEqual(
        expect.stringContaining("read from the delegate's secret directory (registry/password)"),
      )
    })

    it('withholds what a registry echoes of a value it read, as it does a stored value', async () => {
      const outcome = await runConnectionCheck(heldTask(env('CONNECTORS_DELEGATE_SECRET_REG_PASS'), echo.url), {
        heldSecrets: source,
      })
      expect(echo.requests.some((request) => request.authorization === 'basic')).toBe(true)
      const text = JSON.stringify(outcome)
      expect(text).not.toContain('from-the-environment')
      expect(text).not.toContain(Buffer.from('demo:from-the-environment').toString('base64'))
      expect(outcome.stages[0]?.log).toContainEqual(
        expect.stringContaining("read from the delegate's environment (CONNECTORS_DELEGATE_SECRET_REG_PASS)"),
      )
      expect(text).toContain(WITHHELD)
    })
  })
})
