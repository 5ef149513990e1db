import { constants } from 'node:fs'
import { open, realpath } from 'node:fs/promises'
import path from 'node:path'
import type { HeldRead, HeldSecret } from '../connection-tests/delegate-held'
import {
  DELEGATE_ENVIRONMENT,
  DELEGATE_SECRET_MAX_BYTES,
  DELEGATE_VARIABLE_PREFIX,
  delegateReferenceProblem,
} from '../lib/delegate-held-secrets'

/**
 * Where this delegate reads the secrets it holds (decision 028): its own environment, of which
 * only `CONNECTORS_DELEGATE_SECRET_*` variables are ever read, and the files under its
 * `--secret-dir`, none when it was started without one. A task names the variable or the path;
 * the name is checked here again, whatever the server checked: a task is only as trustworthy as
 * the server that sent it, and a delegate must never send its own machine's secrets away.
 */
export type HeldSecretSource = {
  /** The variables it may read: the delegate keeps only the CONNECTORS_DELEGATE_SECRET_ ones. */
  environment: Readonly<Record<string, string | undefined>>
  /** Its --secret-dir, resolved to a real path when the delegate started; undefined reads no file. */
  secretDir?: string
}

/** The CONNECTORS_DELEGATE_SECRET_ variables of an environment, and nothing else of it. */
export function delegateSecretVariables(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith(DELEGATE_VARIABLE_PREFIX)))
}

/** A --secret-dir as the delegate keeps it: a real, existing directory (symbolic links resolved). */
export async function secretDirOf(dir: string): Promise<string> {
  const real = await realpath(dir)
  const handle = await open(real, constants.O_RDONLY)
  try {
    if (!(await handle.stat()).isDirectory()) throw new Error(`${dir} is not a directory`)
  } finally {
    await handle.close()
  }
  return real
}

/** One trailing newline, as `kubectl create secret --from-file` and `echo x > file` leave it. */
function withoutTrailingNewline(text: string): string {
  return text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text
}

export async function readHeldSecret(held: HeldSecret, source: HeldSecretSource): Promise<HeldRead> {
  if (delegateReferenceProblem(held.manager, held.reference)) return { problem: 'refused' }
  if (held.manager === DELEGATE_ENVIRONMENT) {
    // Only its own variables: an object's prototype never answers for a name.
    if (!Object.hasOwn(source.environment, held.reference)) return { problem: 'missing' }
    const value = source.environment[held.reference]
    if (value === undefined) return { problem: 'missing' }
    if (Buffer.byteLength(value, 'utf8') > DELEGATE_SECRET_MAX_BYTES) return { problem: 'too-large' }
    return { value }
  }
  const dir = source.secretDir
  if (dir === undefined) return { problem: 'no-secret-dir' }
  let real: string
  try {
    real = await realpath(path.join(dir, held.reference))
  } catch {
    return { problem: 'missing' }
  }
  // A symbolic link inside the directory may point anywhere: what counts is where it ends.
  const relative = path.relative(dir, real)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { problem: 'outside' }
  let handle
  try {
    // O_NOFOLLOW: the path just checked is the one opened, not a link swapped in since; O_NONBLOCK:
    // a named pipe put there cannot hold the test open.
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch {
    return { problem: 'missing' }
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) return { problem: 'not-a-file' }
    if (stat.size > DELEGATE_SECRET_MAX_BYTES) return { problem: 'too-large' }
    // Read at most one byte past the limit: a file that grew since stat() is still refused.
    const buffer = Buffer.alloc(DELEGATE_SECRET_MAX_BYTES + 1)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    if (bytesRead > DELEGATE_SECRET_MAX_BYTES) return { problem: 'too-large' }
    return { value: withoutTrailingNewline(buffer.subarray(0, bytesRead).toString('utf8')) }
  } finally {
    await handle.close()
  }
}
