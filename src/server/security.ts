import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { errorResponse } from '../backend/api-responses'

/**
 * The server's defences, each a Hono middleware (the Host and origin checks are in
 * reachability.ts, a body's rules in body-rules.ts). Every refusal is a Harness error body
 * (`{status: 'ERROR', code, message, correlationId}`), like the API's own.
 */

/**
 * No inline script or style, no nonce: the built app loads only its own files, and no library
 * inserts a `<style>` at run time (the browser's `<dialog>` needs no scroll-lock style; 015).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ')

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function isWrite(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase())
}

export function harnessError(status: number, code: string, message: string): Response {
  return errorResponse(status, code, message)
}

/** Adds the security headers to every response, refusals and errors included. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    c.res.headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value)
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store')
  }
}

/** Equal strings, compared in time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison does not reveal the key's length either.
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(a), digest(b))
}

/** Requires `x-api-key` when a key is configured. */
export function apiKeyCheck(apiKey: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (apiKey !== undefined) {
      const given = c.req.header('x-api-key')
      if (given === undefined || !constantTimeEqual(given, apiKey)) {
        return harnessError(
          401,
          'INVALID_CREDENTIAL',
          given === undefined ? 'This server requires an API key (x-api-key).' : 'The API key is not valid.',
        )
      }
    }
    await next()
  }
}
