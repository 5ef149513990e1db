import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
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
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
}

/** The policy as the header says it (`default-src 'self'; script-src 'self'; …`). */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(
    ([directive, sources]) =>
      `${directive.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} ${sources.join(' ')}`,
  )
  .join('; ')

/**
 * Hono's secure headers: the policy above, frames refused (DENY), and its defaults: nosniff,
 * no-referrer, same-origin opener and resource policies (what ours sent), and a few more that
 * cost nothing here (Origin-Agent-Cluster, X-DNS-Prefetch-Control: off, X-Download-Options,
 * X-Permitted-Cross-Domain-Policies: none, X-XSS-Protection: 0; X-Powered-By removed). Not HSTS:
 * it is sent only over HTTPS under a real name, which `strictTransport` (reachability.ts)
 * decides for each request.
 */
const hardened = secureHeaders({
  contentSecurityPolicy: CSP_DIRECTIVES,
  xFrameOptions: 'DENY',
  strictTransportSecurity: false,
})

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function isWrite(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase())
}

export function harnessError(status: number, code: string, message: string): Response {
  return errorResponse(status, code, message)
}

/**
 * Adds the security headers to every response, refusals and errors included, and
 * `Cache-Control: no-store` to any that does not say how to cache it (Hono's have no such default).
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await hardened(c, next)
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
