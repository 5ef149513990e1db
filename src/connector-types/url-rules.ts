/** URL rules shared by the types whose servers are reached over http(s). */

import { sendsCredentials } from './auth-methods'
import type { DetailsValues, Guidance } from './connector-type'

/** The longest URL any type takes (browsers and proxies cut longer ones), checked before its own rules. */
export const URL_MAX_LENGTH = 2048

export function urlLengthProblem(label: string, url: string): string | undefined {
  return url.length > URL_MAX_LENGTH
    ? `${label} can be at most ${URL_MAX_LENGTH} characters (now ${url.length}).`
    : undefined
}

export function httpUrlProblem(url: string): string | undefined {
  const trimmed = url.trim()
  if (/\s/.test(trimmed)) return 'A URL cannot contain spaces.'
  // `registry.acme.test:5000` parses as a URL whose scheme is the host: say what is missing.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) && /^[a-z0-9.-]+(:\d+)?(\/.*)?$/i.test(trimmed)) {
    return `The URL needs its scheme: https://${trimmed} (or http:// if the server only speaks http).`
  }
  let parsed: URL
  try {
    parsed = new URL(trimmed)
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)
      ? 'This is not a valid URL.'
      : 'Enter a full URL starting with https:// or http://, for example https://repo.example.com.'
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `The URL must start with https:// or http://, not ${parsed.protocol}//.`
  }
  if (!parsed.hostname) return 'The URL needs a host name.'
  if (parsed.username || parsed.password) {
    return 'Do not put credentials in the URL; use Username and Password below.'
  }
  return undefined
}

export function trimUrl(url: string): string {
  return url.trim()
}

export function hostOf(url: string): string {
  try {
    return new URL(url.trim()).hostname.toLowerCase()
  } catch {
    return ''
  }
}

export function isPlainHttp(url: string): boolean {
  return /^http:\/\//i.test(url.trim())
}

export const PLAIN_HTTP_WARNING = {
  tone: 'warning',
  message:
    'This URL uses plain http://: credentials would be sent unencrypted. Use https:// unless the server only speaks http.',
} as const

/** The plain-http warning, when there are credentials to send: an anonymous connector sends none. */
export function plainHttpWarnings({ url, authType }: Pick<DetailsValues, 'url' | 'authType'>): Guidance[] {
  return isPlainHttp(url) && sendsCredentials(authType) ? [PLAIN_HTTP_WARNING] : []
}
