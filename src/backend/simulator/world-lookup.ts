import { parseTarget, withoutV2Suffix, type Target } from '../../connection-tests/target'
import type { WorldAddressing } from '../../protocols/kit/protocol'
import { serves, type WorldRow } from '../../protocols/kit/simulated-servers'
import { isFault, WORLD_ROWS } from './simulated-world'

export type WorldMatch =
  | { found: 'row'; row: WorldRow; pathMatches: boolean }
  /** The host exists but nothing listens on that port. */
  | { found: 'closed-port' }
  | { found: 'nothing' }

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

/** Every row on the target's host and port, in the world's order. */
export function serversOnHost(target: Target): WorldRow[] {
  return ADDRESSES.filter((address) => address.host === target.host).map((address) => address.row)
}
