import type { KeyObject } from 'node:crypto'
import { createHmac, createSecretKey } from 'node:crypto'
import type { Mac } from '../../backend/audit/audit-chain'

// A store signs every event with one key: Node checks and copies it once, not on every event.
const keyObjects = new WeakMap<Uint8Array, KeyObject>()

function keyObjectOf(key: Uint8Array): KeyObject {
  let keyObject = keyObjects.get(key)
  if (!keyObject) keyObjects.set(key, (keyObject = createSecretKey(key)))
  return keyObject
}

/** The trail's HMAC in Node's native crypto: the same MAC as the browser's, for a fraction of the time. */
export const nodeMac: Mac = (key, content) =>
  createHmac('sha256', keyObjectOf(key)).update(content, 'utf8').digest('hex')
