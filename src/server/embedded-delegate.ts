import { lookup } from 'node:dns/promises'
import { readFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { startDelegate, type RunningDelegate } from '../delegate-agent/agent'
import { createNetworkPolicy, type NetworkPolicy, type ProtectedEndpoint } from '../delegate-agent/network-policy'
import { isLoopbackHost, machineNames, type ServerOptions } from './server-options'

/**
 * The server's own delegate, `local`: the same delegate as `npm run delegate`, speaking the same
 * protocol, but to the app in this process (no socket, no token on disk: the token is made up at
 * each start and never stored). It runs real checks from this machine, under the network policy
 * of any delegate plus two endpoints a test must never reach from inside the server: the
 * server's own port and its database's.
 */
export async function startEmbeddedDelegate(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  token: string,
  serverUrl: string,
  options: Pick<
    ServerOptions,
    'delegateTags' | 'delegateConcurrency' | 'caFiles' | 'allowNetwork' | 'denyNetwork' | 'databaseUrl' | 'publicUrl'
  > & { listeningPort: number },
): Promise<RunningDelegate> {
  const caCertificates = await Promise.all(options.caFiles.map((file) => readFile(file, 'utf8')))
  const delegate = startDelegate({
    server: serverUrl,
    token,
    name: 'local',
    tags: options.delegateTags,
    maxConcurrency: options.delegateConcurrency,
    caCertificates,
    networkPolicy: await embeddedNetworkPolicy(options),
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

/** The policy of `--allow-network`/`--deny-network`, with the server's port and its database's protected. */
export async function embeddedNetworkPolicy(
  options: Pick<ServerOptions, 'allowNetwork' | 'denyNetwork' | 'databaseUrl' | 'publicUrl'> & {
    listeningPort: number
  },
): Promise<NetworkPolicy> {
  const endpoints: ProtectedEndpoint[] = [{ what: "this server's own port", port: options.listeningPort }]
  if (options.databaseUrl) endpoints.push(await databaseEndpoint(options.databaseUrl))
  if (options.publicUrl) {
    // By name only: the proxy's address may serve registries too, under other names.
    const url = new URL(options.publicUrl)
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
    const host = url.hostname.replace(/^\[|\]$/g, '')
    endpoints.push({
      what: "this server's public address",
      port,
      ...(isIP(host) ? { addresses: [host] } : { names: [host] }),
    })
  }
  return createNetworkPolicy({
    allow: options.allowNetwork,
    deny: options.denyNetwork,
    protectedEndpoints: endpoints,
    localAddresses: machineNames(),
  })
}

async function databaseEndpoint(databaseUrl: string): Promise<ProtectedEndpoint> {
  const what = "the server's database port"
  let url: URL
  try {
    url = new URL(databaseUrl)
  } catch {
    return { what, port: 5432 }
  }
  const port = Number(url.port) || 5432
  const host = decodeURIComponent(url.hostname).replace(/^\[|\]$/g, '')
  // A socket path or a name of this machine: its port on every local address.
  if (!host || host.startsWith('/') || isLoopbackHost(host)) return { what, port }
  const addresses = await lookup(host, { all: true }).catch(() => [])
  return { what, port, names: [host], addresses: addresses.map((entry) => entry.address) }
}
