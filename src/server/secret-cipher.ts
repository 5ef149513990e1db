import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * Secret values at rest: AES-256-GCM with a random 12-byte IV per value, stored as
 * `v1:` + base64(iv | tag | ciphertext). The record's key is the additional authenticated data,
 * so a value copied onto another row does not decrypt. Errors never carry a value.
 */

const FORMAT = 'v1:'
const IV_BYTES = 12
const TAG_BYTES = 16
export const SECRET_KEY_BYTES = 32

function checkKey(key: Buffer) {
  if (key.length !== SECRET_KEY_BYTES) throw new Error(`The secret key must be ${SECRET_KEY_BYTES} bytes`)
}

export function encryptSecretValue(key: Buffer, value: string, recordKey: string): string {
  checkKey(key)
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(recordKey, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
  return FORMAT + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')
}

export function decryptSecretValue(key: Buffer, stored: string, recordKey: string): string {
  checkKey(key)
  const bytes = stored.startsWith(FORMAT) ? Buffer.from(stored.slice(FORMAT.length), 'base64') : undefined
  if (!bytes || bytes.length < IV_BYTES + TAG_BYTES) {
    throw new Error(`The stored value of secret ${recordKey} is not in a known format`)
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(recordKey, 'utf8'))
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    throw new Error(
      `The value of secret ${recordKey} could not be decrypted: is the server's secret key the one it was stored with?`,
    )
  }
}

/** A key given as 64 hex digits or as base64 of 32 bytes. */
export function parseSecretKey(text: string, source: string): Buffer {
  const trimmed = text.trim()
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : undefined
  if (!key || key.length !== SECRET_KEY_BYTES) {
    throw new Error(`${source} must hold ${SECRET_KEY_BYTES} bytes, as base64 or as 64 hex digits`)
  }
  return key
}
