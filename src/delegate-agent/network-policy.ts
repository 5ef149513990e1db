import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { isIP } from 'node:net'

/**
 * Where a delegate's connection tests may connect. Registries live on loopback and in private
 * ranges (and the tests use loopback), so those stay allowed; what is refused by default is
 * link-local (169.254.0.0/16, fe80::/10), where cloud metadata services hand out the machine's
 * credentials, the other metadata addresses, and the unspecified addresses (0.0.0.0 reaches this
 * machine). `--allow-network` and `--deny-network` adjust it with CIDR ranges: among the ranges
 * that hold an address the longest prefix decides, deny on a tie. The built-in delegate also
 * never connects to the server's own port or its database's port ("protected endpoints"), which
 * no option opens. Every address a name resolves to is checked, after the lookup, so that a name
 * cannot lead around the policy.
 */

type Address = { family: 4 | 6; bytes: Uint8Array }
export type Cidr = Address & { prefix: number; text: string }

export type PolicyVerdict = { allowed: true } | { allowed: false; rule: string; advice: string }

export type ProtectedEndpoint = {
  /** What it is, as a refusal says it ("this server's own port"). */
  what: string
  port: number
  /** Addresses it listens on; none (and no names) means every address of this machine. */
  addresses?: readonly string[]
  /** Host names that lead to it (checked before any lookup). */
  names?: readonly string[]
}

export type NetworkPolicy = {
  check(address: string, port: number): PolicyVerdict
  /** A `lookup` for node:http / node:net that drops refused addresses, and fails when none is left. */
  lookup(port: number): LookupFunction
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void
export type LookupFunction = (hostname: string, options: LookupOptions, callback: LookupCallback) => void

const DEFAULT_DENIED: readonly { cidr: string; why: string }[] = [
  { cidr: '169.254.0.0/16', why: 'link-local, where cloud metadata services answer with the machine’s credentials' },
  { cidr: 'fe80::/10', why: 'link-local' },
  { cidr: 'fd00:ec2::254/128', why: 'the AWS metadata service' },
  { cidr: '100.100.100.200/32', why: 'the Alibaba Cloud metadata service' },
  { cidr: '0.0.0.0/8', why: 'not a host to connect to (it reaches this machine)' },
  { cidr: '::/128', why: 'not a host to connect to (it reaches this machine)' },
]

function parseAddress(text: string): Address | undefined {
  const bare = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const family = isIP(bare)
  if (family === 4) return { family: 4, bytes: Uint8Array.from(bare.split('.').map(Number)) }
  if (family !== 6) return undefined
  const bytes = new Uint8Array(16)
  // The last 32 bits may be written as a dotted IPv4 address (::ffff:1.2.3.4).
  let text6 = bare.toLowerCase()
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text6)?.[1]
  if (dotted) {
    const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number]
    text6 = text6.replace(dotted, `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`)
  }
  const [head = '', tail] = text6.split('::') as [string, string | undefined]
  const groups = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : [])
  const front = groups(head)
  const back = tail === undefined ? [] : groups(tail)
  const all = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back]
  all.forEach((group, index) => {
    bytes[index * 2] = group >> 8
    bytes[index * 2 + 1] = group & 0xff
  })
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses reach an IPv4 address.
  const mapped = bytes.slice(0, 12).every((byte, index) => byte === (index >= 10 ? 0xff : 0))
  const nat64 = [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0].every((byte, index) => bytes[index] === byte)
  if (mapped || nat64) return { family: 4, bytes: bytes.slice(12) }
  return { family: 6, bytes }
}

export function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/')
  if (extra !== undefined) return undefined
  const parsed = parseAddress(address)
  if (!parsed) return undefined
  // An IPv4-mapped range written in IPv6 (::ffff:10.0.0.0/104) is the IPv4 range it maps.
  const written = isIP(address.replace(/^\[|\]$/g, '')) === 6 && parsed.family === 4 ? 96 : 0
  const bits = parsed.family === 4 ? 32 : 128
  const prefix = prefixText === undefined ? bits + written : Number(prefixText)
  if (!/^\d+$/.test(prefixText ?? '0') || prefix < written || prefix > bits + written) return undefined
  return { ...parsed, prefix: prefix - written, text: text.trim() }
}

function contains(range: Cidr, address: Address): boolean {
  if (range.family !== address.family) return false
  let bits = range.prefix
  for (let index = 0; bits > 0; index += 1, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff
    if (((range.bytes[index] ?? 0) & mask) !== ((address.bytes[index] ?? 0) & mask)) return false
  }
  return true
}

const LOOPBACK = [parseCidr('127.0.0.0/8')!, parseCidr('::1/128')!, parseCidr('0.0.0.0/8')!, parseCidr('::/128')!]

export function createNetworkPolicy(
  options: {
    allow?: readonly string[]
    deny?: readonly string[]
    protectedEndpoints?: readonly ProtectedEndpoint[]
    /** This machine's own addresses (for endpoints that listen on every address). */
    localAddresses?: readonly string[]
  } = {},
): NetworkPolicy {
  const ranges = (list: readonly string[] | undefined, allowed: boolean) =>
    (list ?? []).map((text) => {
      const range = parseCidr(text)
      if (!range) throw new Error(`"${text}" is not an address range like 10.0.0.0/8 or fd00::/8`)
      return { range, allowed }
    })
  const explicit = [...ranges(options.allow, true), ...ranges(options.deny, false)]
  const defaults = DEFAULT_DENIED.map(({ cidr, why }) => ({ range: parseCidr(cidr)!, why }))
  const local = (options.localAddresses ?? []).flatMap((text) => parseAddress(text) ?? [])
  const same = (a: Address, b: Address) =>
    a.family === b.family && a.bytes.every((byte, index) => byte === b.bytes[index])
  const isLocal = (address: Address) =>
    LOOPBACK.some((range) => contains(range, address)) || local.some((own) => same(own, address))

  function check(addressText: string, port: number): PolicyVerdict {
    const address = parseAddress(addressText)
    if (!address) return { allowed: false, rule: `${addressText} is not an IP address`, advice: 'Check the URL.' }
    const shown = addressText.replace(/^\[|\]$/g, '')
    for (const endpoint of options.protectedEndpoints ?? []) {
      if (endpoint.port !== port) continue
      // An endpoint known by its addresses or names is only those; one known by neither is every local address.
      const listens =
        endpoint.addresses?.length || endpoint.names?.length
          ? (endpoint.addresses ?? []).some((text) => {
              const own = parseAddress(text)
              return own !== undefined && (same(own, address) || (isLocal(own) && isLocal(address)))
            })
          : isLocal(address)
      if (listens) {
        return {
          allowed: false,
          rule: `${shown}:${port} is ${endpoint.what}`,
          advice: `The built-in delegate does not connect to ${endpoint.what}. Use the registry's own address and port in the URL.`,
        }
      }
    }
    return checkRanges(address, shown)
  }

  /** The protected endpoints a host name names, before it is looked up. */
  function checkName(hostname: string, port: number): PolicyVerdict {
    const name = hostname.toLowerCase().replace(/\.$/, '')
    const endpoint = (options.protectedEndpoints ?? []).find(
      (candidate) => candidate.port === port && candidate.names?.some((own) => own.toLowerCase() === name),
    )
    if (!endpoint) return { allowed: true }
    return {
      allowed: false,
      rule: `${name}:${port} is ${endpoint.what}`,
      advice: `The built-in delegate does not connect to ${endpoint.what}. Use the registry's own address and port in the URL.`,
    }
  }

  function checkRanges(address: Address, shown: string): PolicyVerdict {
    const matching = explicit
      .filter(({ range }) => contains(range, address))
      .sort((a, b) => b.range.prefix - a.range.prefix || Number(a.allowed) - Number(b.allowed))[0]
    if (matching) {
      return matching.allowed
        ? { allowed: true }
        : {
            allowed: false,
            rule: `${shown} is in ${matching.range.text}, which this delegate's --deny-network refuses`,
            advice: `If the registry really is at ${shown}, start the delegate with --allow-network ${shown}/${address.family === 4 ? 32 : 128}.`,
          }
    }
    const denied = defaults.find(({ range }) => contains(range, address))
    if (denied) {
      return {
        allowed: false,
        rule: `${shown} is ${denied.why}`,
        advice: `If the registry really is at ${shown}, start the delegate with --allow-network ${shown}/${address.family === 4 ? 32 : 128} (npm start -- --allow-network … for the built-in delegate).`,
      }
    }
    return { allowed: true }
  }

  return {
    check,
    lookup(port) {
      return (hostname, lookupOptions, callback) => {
        const named = checkName(hostname, port)
        if (!named.allowed) return callback(new NetworkPolicyError(hostname, hostname, port, named), [])
        dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
          if (error) return callback(error, [])
          const allowed = addresses.filter((entry) => check(entry.address, port).allowed)
          if (!allowed.length) {
            const first = addresses[0]
            const verdict = first ? check(first.address, port) : undefined
            return callback(new NetworkPolicyError(hostname, first?.address ?? hostname, port, verdict), [])
          }
          if (lookupOptions.all) return callback(null, allowed)
          callback(null, allowed[0]!.address, allowed[0]!.family)
        })
      }
    },
  }
}

/** A connection the policy refused: the test fails with these words, no request is made. */
export class NetworkPolicyError extends Error {
  readonly code = 'NETWORK_POLICY'
  readonly rule: string
  readonly advice: string

  constructor(
    readonly host: string,
    readonly address: string,
    readonly port: number,
    verdict?: PolicyVerdict,
  ) {
    const refusal = verdict && !verdict.allowed ? verdict : { rule: `${address} is refused`, advice: 'Check the URL.' }
    super(`the delegate's network policy refuses ${address}:${port}: ${refusal.rule}`)
    this.name = 'NetworkPolicyError'
    this.rule = refusal.rule
    this.advice = refusal.advice
  }
}

/** The policy a delegate applies when none is configured: the defaults only. */
export const DEFAULT_NETWORK_POLICY = createNetworkPolicy()
