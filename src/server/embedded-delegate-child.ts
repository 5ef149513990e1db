import { startDelegate, type RunningDelegate } from '../delegate-agent/agent'
import { delegateSecretVariables } from '../delegate-agent/held-secrets'
import { embeddedNetworkPolicy } from './embedded-delegate-policy'
import type { ServerOptions } from './server-options'

/**
 * The built-in delegate's own process (started by embedded-delegate.ts with the server's entry
 * and `--embedded-delegate-child`): the same delegate as `npm run delegate`, whose checks (a
 * registry's answer, a Helm index) run on this process's thread and in its memory, never the
 * server's. It talks to the server over the IPC channel its parent opened: no socket, and the
 * token, made at each start, only ever in the parent's message.
 */

export const CHILD_FLAG = '--embedded-delegate-child'

export type ChildStart = {
  type: 'start'
  token: string
  serverUrl: string
  caCertificates: string[]
  /** The built-in delegate's secret directory (--delegate-secret-dir), real and checked. */
  secretDir?: string
  options: Pick<
    ServerOptions,
    'delegateTags' | 'delegateConcurrency' | 'allowNetwork' | 'denyNetwork' | 'databaseUrl' | 'publicUrl'
  > & { listeningPort: number }
}

export type ParentMessage =
  | ChildStart
  | { type: 'response'; id: number; status: number; headers: [string, string][]; body: string }
  | { type: 'failed'; id: number; message: string }
  | { type: 'stop' }

export type ChildMessage =
  | { type: 'fetch'; id: number; url: string; method: string; headers: [string, string][]; body?: string }
  | { type: 'abort'; id: number }
  | { type: 'registered' }
  | { type: 'stopped' }

function send(message: ChildMessage): void {
  process.send?.(message)
}

export function runEmbeddedDelegateChild(): void {
  const pending = new Map<number, { resolve: (response: Response) => void; reject: (error: Error) => void }>()
  let nextId = 1
  let delegate: RunningDelegate | undefined

  /** fetch() over the IPC channel: the parent answers it with its app, as for a client on this machine. */
  function ipcFetch(url: string, init: RequestInit): Promise<Response> {
    const id = nextId++
    return new Promise<Response>((resolve, reject) => {
      const signal = init.signal
      if (signal?.aborted) return reject(signal.reason as Error)
      const onAbort = () => {
        pending.delete(id)
        send({ type: 'abort', id })
        reject(signal?.reason as Error)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const done = () => signal?.removeEventListener('abort', onAbort)
      pending.set(id, {
        resolve: (response) => {
          done()
          resolve(response)
        },
        reject: (error) => {
          done()
          reject(error)
        },
      })
      send({
        type: 'fetch',
        id,
        url,
        method: init.method ?? 'GET',
        headers: [...new Headers(init.headers).entries()],
        ...(typeof init.body === 'string' ? { body: init.body } : {}),
      })
    })
  }

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'response' || message.type === 'failed') {
      const waiting = pending.get(message.id)
      pending.delete(message.id)
      if (!waiting) return
      if (message.type === 'failed') waiting.reject(new TypeError(`fetch failed: ${message.message}`))
      else waiting.resolve(new Response(message.body, { status: message.status, headers: message.headers }))
      return
    }
    if (message.type === 'stop') {
      void (delegate?.stop() ?? Promise.resolve()).finally(() => {
        send({ type: 'stopped' })
        process.exit(0)
      })
      return
    }
    void start(message)
  })

  async function start(message: ChildStart) {
    const { options } = message
    delegate = startDelegate({
      server: message.serverUrl,
      token: message.token,
      name: 'local',
      tags: options.delegateTags,
      maxConcurrency: options.delegateConcurrency,
      caCertificates: message.caCertificates,
      networkPolicy: await embeddedNetworkPolicy(options),
      // Its environment holds only the CONNECTORS_DELEGATE_SECRET_ variables the server was started with.
      heldSecrets: {
        environment: delegateSecretVariables(process.env),
        ...(message.secretDir ? { secretDir: message.secretDir } : {}),
      },
      fetch: ipcFetch,
      log: (line) => console.log(`[delegate local] ${line}`),
    })
    await delegate.registered
    send({ type: 'registered' })
  }

  // The parent decides when to stop (it has tests to let finish); without it there is nothing to do.
  process.on('SIGINT', () => undefined)
  process.on('SIGTERM', () => undefined)
  process.on('disconnect', () => process.exit(0))
}
