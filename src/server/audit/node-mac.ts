import { createHmac } from 'node:crypto'
import type { Mac } from '../../backend/audit/audit-chain'

/** The trail's HMAC in Node's native crypto: the same MAC as the browser's, for a fraction of the time. */
export const nodeMac: Mac = (key, content) => createHmac('sha256', key).update(content, 'utf8').digest('hex')
