import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import https from 'node:https'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

/** Shared by the loopback test servers: ports, temp folders, child processes, readiness. */

export const run = promisify(execFile)

export type TestServer = {
  /** `http(s)://127.0.0.1:<port>` (no trailing slash). */
  url: string
  port: number
  stop(): Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** A port nothing listens on (taken, then released). */
export const closedPort = freePort

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `${prefix}-`))
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true })
}

/** Any HTTP status from `url`, or undefined while nothing answers. */
function probe(url: string, ca?: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const client = url.startsWith('https:') ? https : http
    const request = client.get(url, { agent: false, ...(ca ? { ca } : {}), timeout: 1000 }, (response) => {
      response.resume()
      resolve(response.statusCode)
    })
    request.on('error', () => resolve(undefined))
    request.on('timeout', () => request.destroy())
  })
}

/** Polls `url` until the server answers anything, or fails after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  options: { ca?: string; timeoutMs?: number; process?: ChildProcess } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000)
  for (;;) {
    if (options.process && options.process.exitCode !== null) {
      throw new Error(`${url}: the server exited with code ${options.process.exitCode}`)
    }
    if ((await probe(url, options.ca)) !== undefined) return
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${options.timeoutMs ?? 15_000} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export type StartedProcess = { child: ChildProcess; stop(): Promise<void>; stderr(): string }

/** Starts a child process; `stop()` sends SIGTERM and waits for it to exit (SIGKILL after 5 s). */
export function startProcess(command: string, args: string[]): StartedProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    child,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Closes an http(s) server and every connection it still holds. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

export function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}

/** `Basic` credentials of a request, or undefined. */
export function basicCredentials(request: http.IncomingMessage): { username: string; password: string } | undefined {
  const header = request.headers.authorization ?? ''
  if (!/^basic /i.test(header)) return undefined
  const decoded = Buffer.from(header.slice(6), 'base64').toString()
  const colon = decoded.indexOf(':')
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
