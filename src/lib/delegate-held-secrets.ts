/**
 * Secrets that stay on the delegate (decision 028): the server keeps only where the delegate
 * finds the value, an environment variable or a file under its `--secret-dir`, and the delegate
 * reads it when it runs the test. The same rules serve the API, the form and the delegate
 * (which checks them again: a task is only as trustworthy as the server that sent it).
 */

/** The secret manager of a value stored (encrypted) on the server. */
export const SERVER_SECRET_MANAGER = 'harnessSecretManager'
/** The value is the delegate's environment variable of this name. */
export const DELEGATE_ENVIRONMENT = 'delegateEnvironment'
/** The value is the file at this path under the delegate's `--secret-dir`. */
export const DELEGATE_SECRET_DIR = 'delegateSecretDir'

export type DelegateHeldManager = typeof DELEGATE_ENVIRONMENT | typeof DELEGATE_SECRET_DIR

/** Only these variables can be named: never the server's key, a token, PATH or anything else. */
export const DELEGATE_VARIABLE_PREFIX = 'CONNECTORS_DELEGATE_SECRET_'
export const DELEGATE_VARIABLE_PATTERN = /^CONNECTORS_DELEGATE_SECRET_[A-Z0-9_]+$/
export const DELEGATE_VARIABLE_MAX_LENGTH = 128
export const DELEGATE_SECRET_PATH_MAX_LENGTH = 255
/** A segment as a Kubernetes secret key or a vault agent's file is named: letters, digits, . _ - */
const PATH_SEGMENT = /^[A-Za-z0-9._-]+$/
/** The largest value a delegate reads from a file or a variable. */
export const DELEGATE_SECRET_MAX_BYTES = 64 * 1024

export function isDelegateHeldManager(manager: unknown): manager is DelegateHeldManager {
  return manager === DELEGATE_ENVIRONMENT || manager === DELEGATE_SECRET_DIR
}

/** Why a variable name cannot be read by a delegate, in words; undefined when it can. */
export function variableNameProblem(name: string): string | undefined {
  if (name === '') return 'Name the environment variable, for example CONNECTORS_DELEGATE_SECRET_REG_PASS.'
  if (name.length > DELEGATE_VARIABLE_MAX_LENGTH) {
    return `The variable name is ${name.length} characters long; at most ${DELEGATE_VARIABLE_MAX_LENGTH}.`
  }
  if (!DELEGATE_VARIABLE_PATTERN.test(name)) {
    return `Only variables named ${DELEGATE_VARIABLE_PREFIX}… (capital letters, digits and _) can be read by a delegate: never the server's key or any other variable of its machine.`
  }
  return undefined
}

/** Why a path cannot be read under a delegate's secret directory, in words; undefined when it can. */
export function secretPathProblem(path: string): string | undefined {
  if (path === '') return 'Name the file, relative to the delegate’s secret directory, for example registry/password.'
  if (path.includes('\0')) return 'The path cannot hold a NUL character.'
  if (path.length > DELEGATE_SECRET_PATH_MAX_LENGTH) {
    return `The path is ${path.length} characters long; at most ${DELEGATE_SECRET_PATH_MAX_LENGTH}.`
  }
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) {
    return 'The path must be relative to the delegate’s secret directory, not absolute (no leading /).'
  }
  const segments = path.split('/')
  if (segments.some((segment) => segment === '..')) return 'The path cannot leave the secret directory (no .. segment).'
  if (segments.some((segment) => segment === '' || segment === '.')) {
    return 'The path has an empty or "." segment; write it as folder/file, for example registry/password.'
  }
  if (!segments.every((segment) => PATH_SEGMENT.test(segment))) {
    return 'Folders and file names can hold letters, digits, dots, dashes and _ only, separated by /.'
  }
  return undefined
}

/** The rule for a reference of the given manager. */
export function delegateReferenceProblem(manager: DelegateHeldManager, reference: string): string | undefined {
  return manager === DELEGATE_ENVIRONMENT ? variableNameProblem(reference) : secretPathProblem(reference)
}

/** Where a secret's value lives, as a secret's spec says it. */
export type SecretLocation =
  | { kind: 'server' }
  | { kind: 'environment'; name: string }
  | { kind: 'secretDir'; path: string }

export function secretLocation(spec: { secretManagerIdentifier: string; value?: string | undefined }): SecretLocation {
  if (spec.secretManagerIdentifier === DELEGATE_ENVIRONMENT) return { kind: 'environment', name: spec.value ?? '' }
  if (spec.secretManagerIdentifier === DELEGATE_SECRET_DIR) return { kind: 'secretDir', path: spec.value ?? '' }
  return { kind: 'server' }
}

/** Where a secret's value lives, in the words every screen uses (the reference follows a colon). */
export const SECRET_LOCATION_WORDS: Record<SecretLocation['kind'], string> = {
  server: 'Stored on the server',
  environment: 'Delegate environment',
  secretDir: 'Delegate secret directory',
}

/** The variable name or the path of a delegate-held location; undefined when stored on the server. */
export function secretLocationReference(location: SecretLocation): string | undefined {
  if (location.kind === 'environment') return location.name
  if (location.kind === 'secretDir') return location.path
  return undefined
}

/** "Stored on the server", "Delegate environment: NAME", "Delegate secret directory: path". */
export function secretLocationLabel(spec: { secretManagerIdentifier: string; value?: string | undefined }): string {
  const location = secretLocation(spec)
  const reference = secretLocationReference(location)
  const words = SECRET_LOCATION_WORDS[location.kind]
  return reference === undefined ? words : `${words}: ${reference}`
}
