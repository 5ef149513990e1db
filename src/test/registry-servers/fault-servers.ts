import { createServer, type Socket } from 'node:net'
import { htmlPage, startHttpFixture, type TestHttpServer } from './http-fixture'
import type { TestServer } from './server-kit'

/** Servers that fail the way networks and servers do: silent, 5xx, redirecting elsewhere. */

/** Accepts connections and never answers a byte (the check's read or total timeout fires). */
export function startSilentServer(): Promise<TestServer> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        stop: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}

/** Answers every request with `status` (503 by default) and `Retry-After` for a 503. */
export function startStatusServer(status = 503): Promise<TestHttpServer> {
  return startHttpFixture((_request, response) => {
    htmlPage(response, status, status === 503 ? { 'Retry-After': '120' } : {})
  })
}

/** Redirects every request to the same path on `target` (another host: another port counts). */
export function startRedirectServer(target: string, status = 302): Promise<TestHttpServer> {
  return startHttpFixture((request, response) => {
    response.writeHead(status, { Location: new URL(request.url ?? '/', target).href })
    response.end()
  })
}
