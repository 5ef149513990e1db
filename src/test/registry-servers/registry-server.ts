import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { freePort, removeDir, run, startProcess, tempDir, waitForHttp, type TestServer } from './server-kit'

/**
 * Debian's docker-registry (CNCF Distribution 2.8) on 127.0.0.1, configured as in
 * docs/reference/live-servers.md §1–3: htpasswd Basic, or token auth, optionally with TLS. Storage and config
 * live in a temp folder removed by `stop()`.
 */

export const REGISTRY_BIN = '/usr/bin/docker-registry'

/**
 * Throws when the registry binary is missing: like the PostgreSQL tests (pg-test-server.ts), a
 * suite that needs it fails with how to install it, never skips.
 */
export function requireRegistry(): void {
  if (!existsSync(REGISTRY_BIN)) {
    throw new Error(
      `${REGISTRY_BIN} is not installed: the tests against a real Docker registry need it ` +
        '(Debian/Ubuntu: apt-get install docker-registry apache2-utils; .ci/run installs them).',
    )
  }
}

/** A suite title that names the registry binary it runs against. */
export function registrySuiteTitle(title: string): string {
  return `${title} (${REGISTRY_BIN})`
}

export type RegistryAuth =
  | { htpasswd: { username: string; password: string } }
  | { token: { realm: string; service: string; issuer: string; rootCertBundle: string } }
  | 'none'

export type RegistryOptions = {
  auth: RegistryAuth
  /** PEM files of the server certificate and key: the registry then speaks only TLS. */
  tls?: { certFile: string; keyFile: string }
}

export type TestRegistry = TestServer & { dataDir: string }

function authConfig(auth: RegistryAuth, dir: string): string {
  if (auth === 'none') return ''
  if ('htpasswd' in auth) {
    return `auth:\n  htpasswd:\n    realm: basic-realm\n    path: ${join(dir, 'htpasswd')}\n`
  }
  const { realm, service, issuer, rootCertBundle } = auth.token
  return `auth:\n  token:\n    realm: ${realm}\n    service: ${service}\n    issuer: ${issuer}\n    rootcertbundle: ${rootCertBundle}\n`
}

export async function startRegistry(options: RegistryOptions): Promise<TestRegistry> {
  requireRegistry()
  const dir = await tempDir('registry')
  try {
    if (options.auth !== 'none' && 'htpasswd' in options.auth) {
      const { username, password } = options.auth.htpasswd
      // Distribution accepts bcrypt only (htpasswd -B).
      const { stdout } = await run('htpasswd', ['-Bbn', username, password])
      await writeFile(join(dir, 'htpasswd'), stdout)
    }
    const port = await freePort()
    const tls = options.tls ? `  tls:\n    certificate: ${options.tls.certFile}\n    key: ${options.tls.keyFile}\n` : ''
    const config = [
      'version: 0.1',
      'log:\n  level: error\n  accesslog:\n    disabled: true',
      `storage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true`,
      `http:\n  addr: 127.0.0.1:${port}\n  secret: loopback-test-secret\n${tls}`,
      authConfig(options.auth, dir),
    ].join('\n')
    await writeFile(join(dir, 'config.yml'), config)
    const server = startProcess(REGISTRY_BIN, ['serve', join(dir, 'config.yml')])
    const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`
    const ca = options.tls ? await readFile(options.tls.certFile, 'utf8') : undefined
    try {
      await waitForHttp(`${url}/v2/`, { ca, process: server.child })
    } catch (error) {
      await server.stop()
      throw new Error(`docker-registry did not start: ${String(error)}\n${server.stderr()}`)
    }
    return {
      url,
      port,
      dataDir: join(dir, 'data'),
      stop: async () => {
        await server.stop()
        await removeDir(dir)
      },
    }
  } catch (error) {
    await removeDir(dir)
    throw error
  }
}
