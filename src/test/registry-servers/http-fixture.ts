import http from 'node:http'
import https from 'node:https'
import { closeServer, listen, type TestServer } from './server-kit'

/** A Node HTTP(S) server on 127.0.0.1 that records what it was sent (never the credentials' values). */

export type RecordedRequest = { method: string; path: string; authorization: 'none' | 'basic' | 'bearer' | 'other' }

export type TestHttpServer = TestServer & { requests: RecordedRequest[] }

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void

function schemeOf(header: string | undefined): RecordedRequest['authorization'] {
  if (!header) return 'none'
  if (/^basic /i.test(header)) return 'basic'
  if (/^bearer /i.test(header)) return 'bearer'
  return 'other'
}

export async function startHttpFixture(
  handler: Handler,
  tls?: { certPem: string; keyPem: string },
): Promise<TestHttpServer> {
  const requests: RecordedRequest[] = []
  const listener: Handler = (request, response) => {
    requests.push({
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      authorization: schemeOf(request.headers.authorization),
    })
    handler(request, response)
  }
  const server = tls
    ? https.createServer({ cert: tls.certPem, key: tls.keyPem }, listener)
    : http.createServer(listener)
  const port = await listen(server)
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    stop: () => closeServer(server),
  }
}

/** A page of HTML, as a web server or a router answers what it does not serve. */
export function htmlPage(response: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', ...headers })
  response.end(`<!DOCTYPE html><html><head><title>${status}</title></head><body><h1>${status}</h1></body></html>\n`)
}
