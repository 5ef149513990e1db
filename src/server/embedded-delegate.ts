import { readFile } from 'node:fs/promises'
import { startDelegate, type RunningDelegate } from '../delegate-agent/agent'
import type { ServerOptions } from './server-options'

/**
 * The server's own delegate, `local`: the same delegate as `npm run delegate`, speaking the same
 * protocol, but to the app in this process (no socket, no token on disk: the token is made up at
 * each start and never stored). It runs real checks from this machine.
 */
export async function startEmbeddedDelegate(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  token: string,
  serverUrl: string,
  options: Pick<ServerOptions, 'delegateTags' | 'delegateConcurrency' | 'caFiles'>,
): Promise<RunningDelegate> {
  const caCertificates = await Promise.all(options.caFiles.map((file) => readFile(file, 'utf8')))
  const delegate = startDelegate({
    server: serverUrl,
    token,
    name: 'local',
    tags: options.delegateTags,
    maxConcurrency: options.delegateConcurrency,
    caCertificates,
    // In-process, so no Host header is added on the way: set it as a client would.
    fetch: async (url, init) => {
      const headers = new Headers(init.headers)
      headers.set('Host', new URL(url).host)
      return app.fetch(new Request(url, { ...init, headers }))
    },
    log: (line) => console.log(`[delegate local] ${line}`),
  })
  await delegate.registered
  return delegate
}
