import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { createNetworkPolicy, type NetworkPolicy, type ProtectedEndpoint } from '../delegate-agent/network-policy'
import { isLoopbackHost, machineNames } from './host-names'
import { type ServerOptions } from './server-options'

/**
 * Where the built-in delegate's tests may connect: the policy of any delegate
 * (`--allow-network`/`--deny-network`), plus what a test must never reach from inside the
 * server: its own port, its public address, and its database's port.
 */
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
