import { hostname, networkInterfaces } from 'node:os'

/**
 * The host names a server answers to, and the address it prints: loopback, the bound host (or,
 * bound to every interface, this machine's addresses and name), `--allowed-host` and the public
 * URL's host. Pure functions of their inputs, but for this machine's names.
 */

/** 127.0.0.0/8, ::1 and localhost: only this machine can reach them. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name) || name === '::ffff:127.0.0.1'
}

/** 0.0.0.0 and ::, which bind every interface of the machine. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]'
}

/** A host as it appears in a Host header: IPv6 addresses in brackets. */
export function hostForHeader(host: string): string {
  const name = host.replace(/^\[(.*)\]$/, '$1')
  return name.includes(':') ? `[${name}]` : name
}

/**
 * The Host header values the server answers to (lower case): the loopback names at its port,
 * the bound host (or, bound to every interface, this machine's addresses and name), and the
 * extra hosts, which get the port unless they name one. A request for any other host is
 * refused, which defeats DNS rebinding: a page of another site that rebinds its name to this
 * machine still sends its own name.
 */
export function allowedHostHeaders(options: {
  host: string
  port: number
  extraHosts?: readonly string[]
  /** This machine's addresses and name, used when bound to every interface. */
  localNames?: readonly string[]
  /** The public origin (`--public-url`): its host, with and without its default port. */
  publicUrl?: string
}): string[] {
  const { host, port } = options
  const names = ['127.0.0.1', 'localhost', '[::1]']
  if (isWildcardHost(host)) names.push(...(options.localNames ?? []))
  else names.push(host)
  const withPort = (name: string) => `${hostForHeader(name).toLowerCase()}:${port}`
  const allowed = names.map(withPort)
  for (const extra of options.extraHosts ?? []) {
    // Without a port, the name at any port: behind a proxy on 443 the browser sends no port at all.
    allowed.push(...(hasPort(extra) ? [extra.toLowerCase()] : [withPort(extra), hostForHeader(extra).toLowerCase()]))
  }
  if (options.publicUrl) {
    const url = new URL(options.publicUrl)
    allowed.push(url.host.toLowerCase(), `${url.hostname.toLowerCase()}:${url.port || defaultPort(url.protocol)}`)
  }
  // Browsers leave out the default port.
  if (port === 80) allowed.push(...names.map((name) => hostForHeader(name).toLowerCase()))
  return [...new Set(allowed)]
}

export function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80
}

function hasPort(host: string): boolean {
  if (host.startsWith('[')) return /\]:\d+$/.test(host)
  return /^[^:]+:\d+$/.test(host)
}

/** This machine's addresses and name: the hosts it is reached by when bound to every interface. */
export function machineNames(): string[] {
  const addresses = Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .map((entry) => entry.address.replace(/%.*$/, ''))
  return [...addresses, hostname().toLowerCase()]
}

/** The address to print: the one a browser on this machine opens. */
export function serverUrl(host: string, port: number, tls = false): string {
  return `${tls ? 'https' : 'http'}://${isWildcardHost(host) ? '127.0.0.1' : hostForHeader(host)}:${port}/`
}
