import { isIP } from 'node:net'

/**
 * Whether a delegate may talk to this server address. A delegate sends its token with every
 * call and receives the secrets of every test it runs: over plain HTTP to another machine both
 * would cross the network readable by anyone on the way. Loopback is this machine only; anything
 * else needs https://, or `--insecure` from someone who says the network is trusted.
 * Answers the refusal in words, or undefined.
 */
export function serverUrlRefusal(server: string, insecure: boolean): string | undefined {
  let url: URL
  try {
    url = new URL(server)
  } catch {
    return `--server: "${server}" is not a URL; give the server's address, e.g. https://connectors.example`
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `--server: "${server}" must start with https:// (or http:// on this machine).`
  }
  if (url.protocol === 'https:' || insecure || isLoopback(url.hostname)) return undefined
  return (
    `--server ${url.origin} is plain HTTP to another machine: the delegate token, and the secrets of every ` +
    'test this delegate runs, would cross the network unencrypted. Use the server’s https:// address (its ' +
    '--tls-cert, or an HTTPS reverse proxy with --public-url), or add --insecure if you trust every network ' +
    'between the two.'
  )
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  return host === '::1'
}
