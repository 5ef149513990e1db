import { connect } from 'node:net'
import { NoAnswerError } from '../../protocols/kit/check-calls'
import { NetworkPolicyError, type NetworkPolicy } from '../network-policy'
import { policyRefusal } from './http-request'

/**
 * Opens a TCP connection and closes it at once: the Helm types' reachability check. Resolves when
 * it connected; rejects with a NoAnswerError (refused, unknown host, timeout, the network policy),
 * or with a plain error once `signal` aborts, which the session turns into cancel or its limit.
 */
export function tryConnect(
  hostname: string,
  port: number,
  options: { policy: NetworkPolicy; signal: AbortSignal; connectTimeoutMs: number },
): Promise<void> {
  const { policy, signal, connectTimeoutMs } = options
  return new Promise<void>((resolve, reject) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port, lookup: policy.lookup(port) })
    const done = (error?: Error) => {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      socket.destroy()
      if (error) reject(error)
      else resolve()
    }
    const onAbort = () => done(new Error('aborted'))
    const timer = setTimeout(
      () => done(new NoAnswerError('CONNECT_TIMEOUT', `no connection within ${connectTimeoutMs} ms`, connectTimeoutMs)),
      connectTimeoutMs,
    )
    signal.addEventListener('abort', onAbort, { once: true })
    socket.once('connect', () => done())
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(
        error instanceof NetworkPolicyError
          ? policyRefusal(error)
          : new NoAnswerError(error.code ?? 'ERR_UNKNOWN', error.message),
      ),
    )
  })
}
