import http from 'node:http'
import https from 'node:https'
import { isIP, type Socket } from 'node:net'
import { rootCertificates } from 'node:tls'
import { NoAnswerError, type HttpAnswer } from '../../protocols/kit/check-calls'
import { DEFAULT_NETWORK_POLICY, NetworkPolicyError, type NetworkPolicy } from '../network-policy'

/**
 * One HTTP request over node:http / node:https, with what a connection check needs and fetch
 * lacks without a dependency: extra trusted CAs, a connect timeout (DNS + TCP + TLS), an idle
 * timeout while waiting for the answer, a cap on the body, and cancel. Redirects are not
 * followed here (check-session.ts does, to decide where credentials go). Certificates are
 * always verified.
 */

export type RequestOptions = {
  method?: string
  headers?: Record<string, string>
  caCertificates?: readonly string[]
  connectTimeoutMs: number
  /** The longest silence allowed once connected, before and between chunks of the answer. */
  readTimeoutMs: number
  maxBodyBytes?: number
  signal?: AbortSignal
  /** Where the request may connect; the defaults when not given. */
  networkPolicy?: NetworkPolicy
}

/** The port a URL connects to. */
export function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' || url.protocol === 'tcp:' ? 443 : 80
}

/** A refusal as a NoAnswerError: no connection was attempted. */
export function policyRefusal(error: NetworkPolicyError): NoAnswerError {
  return new NoAnswerError('NETWORK_POLICY', error.message, undefined, undefined, {
    address: error.address,
    port: error.port,
    rule: error.rule,
    advice: error.advice,
  })
}

/**
 * The policy's answer before connecting to a literal address (a name is checked by the lookup,
 * address by address): a NoAnswerError to throw, or nothing.
 */
export function refusedLiteral(policy: NetworkPolicy, hostname: string, port: number): NoAnswerError | undefined {
  const host = hostname.replace(/^\[|\]$/g, '')
  if (!isIP(host)) return undefined
  const verdict = policy.check(host, port)
  return verdict.allowed ? undefined : policyRefusal(new NetworkPolicyError(host, host, port, verdict))
}

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : 'ERR_UNKNOWN'
}

/** OpenSSL's errors carry its whole error stack; its reason ("wrong version number") is the part to show. */
function readableMessage(error: Error): string {
  const reason = /SSL routines:[^:]*:([^:]+):/.exec(error.message)?.[1]
  return reason ?? error.message.trim()
}

/** Node's host-name error carries the certificate it refused. */
function certificateNames(error: unknown): string | undefined {
  const cert = (error as { cert?: { subjectaltname?: unknown; subject?: { CN?: unknown } } }).cert
  const names = cert?.subjectaltname ?? cert?.subject?.CN
  return typeof names === 'string' ? names : undefined
}

export function sendRequest(url: URL, options: RequestOptions): Promise<HttpAnswer> {
  const { signal } = options
  if (signal?.aborted) return Promise.reject(signal.reason as Error)
  const policy = options.networkPolicy ?? DEFAULT_NETWORK_POLICY
  const refused = refusedLiteral(policy, url.hostname, portOf(url))
  if (refused) return Promise.reject(refused)
  const secure = url.protocol === 'https:'
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  return new Promise<HttpAnswer>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined
    let settled = false
    const cleanup = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
    const fail = (error: Error) => {
      if (settled) return
      settled = true
      cleanup()
      request.destroy()
      reject(error)
    }
    const succeed = (answer: HttpAnswer) => {
      if (settled) return
      settled = true
      cleanup()
      resolve(answer)
    }
    const arm = (code: 'CONNECT_TIMEOUT' | 'READ_TIMEOUT', ms: number, what: string) => {
      clearTimeout(timer)
      timer = setTimeout(() => fail(new NoAnswerError(code, `${what} within ${ms} ms`, ms)), ms)
    }
    const onAbort = () => fail(signal?.reason as Error)

    const requestOptions: https.RequestOptions = {
      method: options.method ?? 'GET',
      headers: { 'User-Agent': 'harness-delegate-connection-check', ...options.headers },
      // A fresh connection per request: each one is timed, and none outlives the check.
      agent: false,
      // Every address the name resolves to is checked before connecting.
      lookup: policy.lookup(portOf(url)),
    }
    if (secure && options.caCertificates?.length) {
      requestOptions.ca = [...rootCertificates, ...options.caCertificates]
    }
    const request = (secure ? https : http).request(url, requestOptions)
    signal?.addEventListener('abort', onAbort, { once: true })
    arm('CONNECT_TIMEOUT', options.connectTimeoutMs, 'no connection')
    request.on('socket', (socket: Socket) => {
      const connected = () => arm('READ_TIMEOUT', options.readTimeoutMs, 'no answer')
      if (!socket.connecting) connected()
      else socket.once(secure ? 'secureConnect' : 'connect', connected)
    })
    request.on('error', (error) =>
      fail(
        error instanceof NetworkPolicyError
          ? policyRefusal(error)
          : new NoAnswerError(errorCode(error), readableMessage(error), undefined, certificateNames(error)),
      ),
    )
    request.on('response', (response) => {
      const chunks: Buffer[] = []
      let size = 0
      let truncated = false
      const answer = () => ({
        status: response.statusCode ?? 0,
        statusText: response.statusMessage ?? '',
        headers: response.headers,
        body: Buffer.concat(chunks),
        truncated,
      })
      arm('READ_TIMEOUT', options.readTimeoutMs, 'the answer stopped')
      response.on('data', (chunk: Buffer) => {
        arm('READ_TIMEOUT', options.readTimeoutMs, 'the answer stopped')
        const room = maxBody - size
        if (room < chunk.length) {
          chunks.push(chunk.subarray(0, room))
          truncated = true
          succeed(answer())
          response.destroy()
          return
        }
        chunks.push(chunk)
        size += chunk.length
      })
      response.on('end', () => succeed(answer()))
      response.on('error', (error) => fail(new NoAnswerError(errorCode(error), readableMessage(error))))
    })
    request.end()
  })
}
