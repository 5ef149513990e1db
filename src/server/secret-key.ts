import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { decryptSecretValue, encryptSecretValue, parseSecretKey, SECRET_KEY_BYTES } from './secret-cipher'
import type { SqlClient } from './sql-client'
import { text } from './sql-rows'

/**
 * The key that encrypts secret values, kept apart from the data it protects, and checked against
 * the database before a server runs with it:
 *
 * - `CONNECTORS_SECRET_KEY` when set; otherwise a key file: `--secret-key-file`, or by default
 *   `keys/secret.key` beside the data folder (a copy of `./data` then carries no key). A key file
 *   of an older version, `<data>/secret.key`, is moved there.
 * - With `DATABASE_URL` the key must be given: every server sharing the database needs the same
 *   one, so a server never makes one up for a shared database.
 * - The database keeps a check value encrypted with the key (the first time a server has
 *   decrypted a stored secret with it, or on an empty database); a server whose key cannot
 *   decrypt it refuses to start, saying how to fix it.
 */

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SecretKeyError'
  }
}

export type SecretKey = {
  key: Buffer
  /** Where the key came from, as messages name it. */
  source: string
  /** Made by this start: a database that already holds secrets cannot have been stored with it. */
  created?: boolean
}

const NEW_KEY_COMMAND = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`

/** `keys/secret.key` in the folder that holds the data folder: `./data` → `./keys/secret.key`. */
export function defaultSecretKeyFile(dataDir: string): string {
  return join(dirname(resolve(dataDir)), 'keys', 'secret.key')
}

export async function loadSecretKey(options: {
  dataDir: string
  /** --secret-key-file (or CONNECTORS_SECRET_KEY_FILE). */
  keyFile?: string
  /** A shared PostgreSQL: the key must be given, never made. */
  databaseUrl?: string
  env?: Readonly<Record<string, string | undefined>>
}): Promise<SecretKey> {
  const fromEnv = options.env?.CONNECTORS_SECRET_KEY
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { key: parseSecretKey(fromEnv, 'CONNECTORS_SECRET_KEY'), source: 'CONNECTORS_SECRET_KEY' }
  }
  const keyFile = options.keyFile || options.env?.CONNECTORS_SECRET_KEY_FILE || undefined
  if (options.databaseUrl) {
    if (!keyFile) {
      throw new SecretKeyError(
        'With DATABASE_URL the secret key must be given, the same for every server sharing the database: ' +
          `set CONNECTORS_SECRET_KEY, or --secret-key-file <file>. Make one once with ${NEW_KEY_COMMAND} ` +
          'and keep it apart from the database backups.',
      )
    }
    if (!existsSync(keyFile)) {
      throw new SecretKeyError(
        `The secret key file ${keyFile} does not exist. A server never makes a key for a shared database: ` +
          `copy the file the other servers use, or, for the first server, make one with ${NEW_KEY_COMMAND} > ${keyFile}.`,
      )
    }
    return readKeyFile(keyFile)
  }
  const file = keyFile ?? defaultSecretKeyFile(options.dataDir)
  await adoptOldKeyFile(join(options.dataDir, 'secret.key'), file)
  if (existsSync(file)) return readKeyFile(file)
  await createKeyFile(file)
  console.log(
    `Made the secret key ${resolve(file)}: back it up, apart from the data. Without it the secrets cannot be read.`,
  )
  return { ...(await readKeyFile(file)), created: true }
}

async function readKeyFile(file: string): Promise<SecretKey> {
  // Only its owner reads it, whatever made it.
  await chmod(file, 0o600).catch(() => undefined)
  return { key: parseSecretKey(await readFile(file, 'utf8'), file), source: file }
}

/** Makes the key's folder 0700 if it makes it; a folder that exists (the user's own) is left as it is. */
async function privateFolder(folder: string): Promise<void> {
  const made = await mkdir(folder, { recursive: true, mode: 0o700 })
  if (made !== undefined) await chmod(folder, 0o700)
}

/** Written aside, then linked into place: of two servers starting at once, one creates it, the other reads it. */
async function createKeyFile(file: string): Promise<void> {
  await privateFolder(dirname(file))
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
  await writeFile(draft, `${randomBytes(SECRET_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  try {
    await link(draft, file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    await unlink(draft)
  }
}

/** `<data>/secret.key` of an older version moves out of the data folder. */
async function adoptOldKeyFile(old: string, file: string): Promise<void> {
  if (!existsSync(old) || resolve(old) === resolve(file)) return
  if (existsSync(file)) {
    const [a, b] = await Promise.all([readFile(old, 'utf8'), readFile(file, 'utf8')])
    if (a.trim() !== b.trim()) {
      throw new SecretKeyError(
        `Two secret keys: ${old} (from an older version) and ${file} differ. Keep the one this database's ` +
          `secrets were stored with at ${file}, and remove the other.`,
      )
    }
    await unlink(old)
    return
  }
  await privateFolder(dirname(file))
  try {
    await rename(old, file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    // Another filesystem (the data folder is a mounted volume, say): the key would leave the
    // volume that persists. Nothing is moved; the user chooses where it lives.
    throw new SecretKeyError(
      `The secret key ${old} is to move out of the data folder, to ${file}, which is on another filesystem ` +
        '(is the data folder a mounted volume?). Move it yourself to a place that persists and is backed up ' +
        'apart from the data, and start with --secret-key-file pointing at it.',
    )
  }
  await chmod(file, 0o600)
  console.log(`Moved the secret key out of the data folder: ${old} → ${file}`)
}

const CHECK_SETTING = 'secret_key_check'
const CHECK_RECORD = 'server_settings/secret_key_check'
const CHECK_PLAINTEXT = 'artifact-repository-connectors secret key check'

function mismatch(source: string, what: string): SecretKeyError {
  return new SecretKeyError(
    `The secret key from ${source} cannot decrypt ${what}: it is not the key this database's secrets were ` +
      'stored with. Start this server with that key: the same CONNECTORS_SECRET_KEY or --secret-key-file as ' +
      'the other servers on this database, or the key file from the backup that goes with this data. The server ' +
      'does not start with another key: secrets it wrote could not be read by the others, nor theirs by it.',
  )
}

/**
 * Checks the key against the database: against its check value, or, on a database without one,
 * against a stored secret, and then stores the check value. Throws a SecretKeyError in words.
 */
export async function verifySecretKey(
  client: SqlClient,
  key: Buffer,
  source = 'the configuration',
  created = false,
): Promise<void> {
  const check = async () => {
    const rows = await client.query('SELECT value FROM server_settings WHERE name = $1', [CHECK_SETTING])
    return rows[0] ? text(rows[0].value) : undefined
  }
  let stored = await check()
  const secrets =
    stored === undefined ? await client.query('SELECT scope_key, identifier, value_encrypted FROM secrets LIMIT 1') : []
  if (created && (stored !== undefined || secrets.length)) {
    throw new SecretKeyError(
      `The secret key file ${source} was missing, so a new key was made, but this database's secrets were ` +
        'stored with another key. Restore the key file from the backup that goes with this data (or give ' +
        '--secret-key-file / CONNECTORS_SECRET_KEY), then start again; the new key file was removed.',
    )
  }
  if (stored === undefined) {
    const secret = secrets[0]
    if (secret) {
      const recordKey = `${text(secret.scope_key)}/${text(secret.identifier)}`
      try {
        decryptSecretValue(key, text(secret.value_encrypted), recordKey)
      } catch {
        throw mismatch(source, 'the stored secrets')
      }
    }
    // Of two servers starting at once on a database without a check, the first one's stays.
    await client.query('INSERT INTO server_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
      CHECK_SETTING,
      encryptSecretValue(key, CHECK_PLAINTEXT, CHECK_RECORD),
    ])
    stored = await check()
  }
  let plain: string | undefined
  try {
    plain = decryptSecretValue(key, stored ?? '', CHECK_RECORD)
  } catch {
    plain = undefined
  }
  if (plain !== CHECK_PLAINTEXT) throw mismatch(source, "the database's key check")
}
