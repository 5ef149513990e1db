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
