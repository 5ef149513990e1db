import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import type { RunningDelegate } from '../delegate-agent/agent'
import { CHILD_FLAG, type ChildMessage, type ChildStart, type ParentMessage } from './embedded-delegate-child'
import { embeddedDelegateEnvironment } from './embedded-delegate-secrets'
import type { ServerOptions } from './server-options'

/**
 * The server's own delegate, `local`, in a process of its own (embedded-delegate-child.ts): the
 * checks it runs (a registry's answer, a Helm index) use that process's thread and memory, so
 * no registry can stall the API or grow the server. It speaks the delegate protocol to this
 * process's app over the IPC channel (no socket; the token is made at each start and only
 * handed over in a message). A child that dies is started again, after a pause that grows.
 */

/** The child's heap: a check that reads too much fails there rather than growing without end. */
const CHILD_HEAP_MB = 384
const STOP_TIMEOUT_MS = 5_000

export type EmbeddedDelegateOptions = Pick<
  ServerOptions,
  | 'delegateTags'
  | 'delegateConcurrency'
  | 'caFiles'
  | 'allowNetwork'
  | 'denyNetwork'
  | 'databaseUrl'
  | 'publicUrl'
  /** Checked already (embedded-delegate-secrets.ts): a real folder that holds none of the server's keys. */
  | 'delegateSecretDir'
> & { listeningPort: number }

export async function startEmbeddedDelegate(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  token: string,
  serverUrl: string,
  options: EmbeddedDelegateOptions,
): Promise<RunningDelegate> {
  const entry = process.argv[1]
  if (!entry) throw new Error('The server cannot start its delegate: it does not know its own entry point.')
  const script: string = entry
  const start: ChildStart = {
    type: 'start',
    token,
    serverUrl,
    caCertificates: await Promise.all(options.caFiles.map((file) => readFile(file, 'utf8'))),
    ...(options.delegateSecretDir ? { secretDir: options.delegateSecretDir } : {}),
    options: {
      delegateTags: options.delegateTags,
      delegateConcurrency: options.delegateConcurrency,
      allowNetwork: options.allowNetwork,
      denyNetwork: options.denyNetwork,
      databaseUrl: options.databaseUrl,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      listeningPort: options.listeningPort,
    },
  }
  const log = (line: string) => console.log(`[delegate local] ${line}`)
  let child: ChildProcess | undefined
  let stopping = false
  let restarts = 0
  let resolveRegistered: (id: string) => void = () => undefined
  const registered = new Promise<string>((resolve) => (resolveRegistered = resolve))

  /** The child's fetch() calls, answered by the app as for a client on this machine. */
  const inFlight = new Map<number, AbortController>()
  async function answer(target: ChildProcess, message: Extract<ChildMessage, { type: 'fetch' }>) {
    const controller = new AbortController()
    inFlight.set(message.id, controller)
    const headers = new Headers(message.headers)
    headers.set('Host', new URL(message.url).host)
    let reply: ParentMessage
    try {
      const response = await app.fetch(
        new Request(message.url, {
          method: message.method,
          headers,
          signal: controller.signal,
          ...(message.body === undefined ? {} : { body: message.body }),
        }),
      )
      reply = {
        type: 'response',
        id: message.id,
        status: response.status,
        headers: [...response.headers],
        body: await response.text(),
      }
    } catch (error) {
      reply = { type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }
    } finally {
      inFlight.delete(message.id)
    }
    if (target.connected && !controller.signal.aborted) target.send(reply)
  }

  function spawnChild() {
    const next = spawn(
      process.execPath,
      [...process.execArgv, `--max-old-space-size=${CHILD_HEAP_MB}`, script, CHILD_FLAG],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        // Never the server's environment: its key, DATABASE_URL and API key stay in this process.
        env: embeddedDelegateEnvironment(process.env),
      },
    )
    child = next
    next.on('message', (message: ChildMessage) => {
      if (message.type === 'fetch') void answer(next, message)
      else if (message.type === 'abort') inFlight.get(message.id)?.abort()
      else if (message.type === 'registered') {
        restarts = 0
        resolveRegistered('local')
      }
    })
    next.once('exit', (code, signal) => {
      for (const controller of inFlight.values()) controller.abort()
      inFlight.clear()
      if (stopping) return
      // Out of memory, say, on a registry's answer: its tests end as lost, and it comes back.
      const pause = Math.min(1_000 * 2 ** restarts, 30_000)
      restarts += 1
      log(`stopped unexpectedly (${signal ?? `exit ${code}`}); starting it again in ${pause / 1000} s`)
      setTimeout(() => {
        if (!stopping) spawnChild()
      }, pause).unref()
    })
    next.send(start)
  }

  spawnChild()
  await registered

  return {
    registered,
    delegateId: () => undefined,
    async stop() {
      stopping = true
      const current = child
      if (!current || current.exitCode !== null || current.signalCode !== null) return
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()))
      if (current.connected) current.send({ type: 'stop' } satisfies ParentMessage)
      const timer = setTimeout(() => current.kill('SIGKILL'), STOP_TIMEOUT_MS)
      await exited
      clearTimeout(timer)
    },
  }
}
