import { existsSync } from 'node:fs'
import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { delegateSecretVariables, secretDirOf } from '../delegate-agent/held-secrets'
import { defaultSecretKeyFile } from './secret-key'
import type { ServerOptions } from './server-options'

/**
 * What the built-in delegate may read for the secrets it holds (decision 028): a connector
 * names where a value is and a host it is sent to, so the delegate that runs inside the
 * server's machine must not reach what the server keeps. Its process gets only the
 * CONNECTORS_DELEGATE_SECRET_* variables of the server's environment (never
 * CONNECTORS_SECRET_KEY, DATABASE_URL, the API key or the OIDC client secret), and reads files
 * only under `--delegate-secret-dir`, which may not hold the server's key file or its data.
 */

/** What a Node process needs of an environment to run at all; none of these is the server's secret. */
const PROCESS_BASICS = [
  'PATH',
  'HOME',
  'TMPDIR',
  'TMP',
  'TEMP',
  'TZ',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'NODE_EXTRA_CA_CERTS',
  'SystemRoot',
]

/** The built-in delegate's environment: the process basics and the delegate's secret variables. */
export function embeddedDelegateEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const basics = Object.fromEntries(
    PROCESS_BASICS.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])),
  )
  return { ...basics, ...delegateSecretVariables(env) }
}

export class DelegateSecretDirError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DelegateSecretDirError'
  }
}

async function realOrResolved(file: string): Promise<string> {
  return existsSync(file) ? realpath(file) : path.resolve(file)
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

/**
 * The --delegate-secret-dir as the built-in delegate gets it: a real directory that holds
 * neither the server's secret key file, nor its data, nor its TLS key. Refused with words
 * otherwise: a start that would hand them to any connector's test does not happen.
 */
export async function embeddedSecretDir(
  options: Pick<ServerOptions, 'delegateSecretDir' | 'secretKeyFile' | 'dataDir' | 'tls'>,
): Promise<string | undefined> {
  if (options.delegateSecretDir === undefined) return undefined
  let dir: string
  try {
    dir = await secretDirOf(options.delegateSecretDir)
  } catch (error) {
    throw new DelegateSecretDirError(`--delegate-secret-dir: ${error instanceof Error ? error.message : String(error)}`)
  }
  const kept: [string, string][] = [
    ['the secret key file', options.secretKeyFile ?? defaultSecretKeyFile(options.dataDir)],
    ['the data folder', options.dataDir],
    ...(options.tls ? [['the TLS private key', options.tls.keyFile] as [string, string]] : []),
  ]
  for (const [what, file] of kept) {
    const real = await realOrResolved(file)
    if (isInside(dir, real) || isInside(real, dir)) {
      throw new DelegateSecretDirError(
        `--delegate-secret-dir: ${options.delegateSecretDir} holds ${what} (${file}); give the built-in delegate a folder of its own secrets only.`,
      )
    }
  }
  return dir
}
