import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { ServerType } from '@hono/node-server'

/**
 * Listening, and stopping gracefully: stop accepting connections, let the requests in flight
 * finish (for at most a timeout), then close what the server holds (the store) and resolve.
 */

export type RunningServer = {
  server: ServerType
  /** The port listened on (the one the system chose, for port 0). */
  port: number
  /** Stops the server; idempotent: every call gets the same promise. */
  stop(): Promise<void>
}

export type StartServerOptions = {
  /** The app; `bindings` are @hono/node-server's (`incoming`, `outgoing`: the request came over HTTP). */
  fetch: (request: Request, bindings?: unknown) => Response | Promise<Response>
  hostname: string
  port: number
  /** Serve HTTPS with this certificate chain and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** Called as stopping starts, before the requests in flight are waited for (long polls end here). */
  onStopping?: () => void
  /** Called once no request is left: the store's close. */
  close?: () => void | Promise<void>
  /** How long requests in flight may take to finish once stopping; 10 s by default. */
  shutdownTimeoutMs?: number
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const active = new Set<ServerResponse>()
  let stopping: Promise<void> | undefined
  let onIdle: (() => void) | undefined

  const server = await new Promise<ServerType>((resolve, reject) => {
    const fetch = (request: Request, bindings: unknown) => options.fetch(request, bindings)
    const { hostname, port, tls } = options
    const created = tls
      ? serve({
          fetch,
          hostname,
          port,
          createServer: createHttpsServer,
          serverOptions: { cert: tls.cert, key: tls.key },
        })
      : serve({ fetch, hostname, port })
    created.once('error', reject)
    created.once('listening', () => {
      created.off('error', reject)
      resolve(created)
    })
  })

  // Counted at Node's level, so that a response still streaming its body is in flight too.
  server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
    active.add(response)
    if (stopping && !response.headersSent) response.setHeader('Connection', 'close')
    response.once('close', () => {
      active.delete(response)
      if (active.size === 0) onIdle?.()
    })
  })

  const address = server.address() as AddressInfo

  async function shutDown(): Promise<void> {
    options.onStopping?.()
    // The answers still to come close their connections rather than keep them alive.
    for (const response of active) if (!response.headersSent) response.setHeader('Connection', 'close')
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    const http = server as ServerType & { closeIdleConnections?(): void; closeAllConnections?(): void }
    http.closeIdleConnections?.()
    const idle = new Promise<void>((resolve) => {
      onIdle = () => {
        http.closeIdleConnections?.()
        resolve()
      }
      if (active.size === 0) onIdle()
    })
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS)
      timer.unref()
    })
    await Promise.race([idle, timeout])
    clearTimeout(timer)
    // Whatever is still open after the timeout is cut.
    http.closeAllConnections?.()
    await closed
    await options.close?.()
  }

  return {
    server,
    port: address.port,
    stop: () => (stopping ??= shutDown()),
  }
}

/**
 * Stops on SIGINT or SIGTERM, then exits 0 (1 when stopping failed); a second signal exits
 * at once. Returns a function that removes the handlers.
 */
export function stopOnSignals(
  stop: () => Promise<void>,
  options: { log?: (message: string) => void; exit?: (code: number) => void } = {},
): () => void {
  const log = options.log ?? ((message: string) => console.log(message))
  const exit = options.exit ?? ((code: number) => process.exit(code))
  let received = false
  const handler = (signal: NodeJS.Signals) => {
    if (received) {
      log(`${signal} again: exiting now.`)
      exit(1)
      return
    }
    received = true
    log(`${signal}: finishing the requests in flight, then stopping…`)
    stop().then(
      () => exit(0),
      (error: unknown) => {
        log(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`)
        exit(1)
      },
    )
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}
