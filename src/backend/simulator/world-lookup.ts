import type { WorldAddressing } from './protocol'
import { isFault, serves, WORLD_ROWS, type WorldRow } from './simulated-world'

/** A connector URL taken apart the way a delegate's HTTP client would see it. */
export type Target = {
  scheme: 'https' | 'http'
  hostname: string
  port: number
  /** `hostname[:port]`, the port only when it is not the scheme's default. */
  host: string
  /** Lower-cased, duplicate and trailing slashes removed; `''` for the root. */
  path: string
  /** The URL without trailing slashes, as requests are built from it. */
  base: string
}

export type WorldMatch =
  | { found: 'row'; row: WorldRow; pathMatches: boolean }
  /** The host exists but nothing listens on that port. */
  | { found: 'closed-port' }
  | { found: 'nothing' }

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i

export function parseTarget(url: string): Target {
  const trimmed = url.trim()
  const scheme: Target['scheme'] = /^http:\/\//i.test(trimmed) ? 'http' : 'https'
  const rest = trimmed.replace(SCHEME, '')
  const authorityEnd = rest.search(/[/?#]/)
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd)
  const afterAuthority = authorityEnd === -1 ? '' : rest.slice(authorityEnd)
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase()
  const portMatch = /^(.*):(\d{1,5})$/.exec(hostPort)
  const defaultPort = scheme === 'http' ? 80 : 443
  const hostname = portMatch?.[1] ?? hostPort
  const port = portMatch?.[2] !== undefined ? Number(portMatch[2]) : defaultPort
  const rawPath = afterAuthority.replace(/[?#].*$/, '')
  const path = rawPath
    .replace(/\/{2,}/g, '/')
    .replace(/\/+$/, '')
    .toLowerCase()
  return {
    scheme,
    hostname,
    port,
    host: port === defaultPort ? hostname : `${hostname}:${port}`,
    path,
    base: `${scheme}://${hostname}${port === defaultPort ? '' : `:${port}`}${rawPath.replace(/\/+$/, '')}`,
  }
}

/** Harness appends `/v2` to a Docker Registry URL unless it is there already. */
export function withoutV2Suffix(path: string): string {
  return path.replace(/\/v2$/, '')
}

type RowAddress = { row: WorldRow; hostname: string; host: string; path: string }

// https and oci:// rows name the same servers, so rows are keyed by host without the scheme.
const ADDRESSES: readonly RowAddress[] = WORLD_ROWS.map((row) => {
  const target = parseTarget(row.url)
  return { row, hostname: target.hostname, host: target.host, path: target.path }
})

/** Whether the API a protocol calls lives at `path` on the server of `address`. */
function servesAt(protocol: WorldAddressing, address: RowAddress, path: string): boolean {
  if (!protocol.apiAtRegistryRoot) return address.path === path
  // A registry's API is always at its root; a row's path (an OCI chart path) is not part of it.
  const apiRoot = serves(protocol, address.row.kind) ? '' : address.path
  return withoutV2Suffix(path) === withoutV2Suffix(apiRoot)
}

/** Which row of the world a connector URL reaches, if any. */
export function findInWorld(target: Target, protocol: WorldAddressing): WorldMatch {
  const onHost = ADDRESSES.filter((address) => address.host === target.host)
  const first = onHost[0]
  if (!first) {
    return ADDRESSES.some((address) => address.hostname === target.hostname)
      ? { found: 'closed-port' }
      : { found: 'nothing' }
  }
  if (isFault(first.row.kind)) return { found: 'row', row: first.row, pathMatches: true }
  const exact = onHost.find((address) => servesAt(protocol, address, target.path))
  // A protocol given the host only (`helm registry login`) never lets the path decide what answers.
  if (protocol.hostOnly) return { found: 'row', row: (exact ?? first).row, pathMatches: true }
  if (exact) return { found: 'row', row: exact.row, pathMatches: exact.row.missingContextPath === undefined }
  return { found: 'row', row: first.row, pathMatches: false }
}
