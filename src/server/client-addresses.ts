/**
 * The address each API request came from, as the server app found it (the socket's, or behind a
 * trusted proxy the last X-Forwarded-For hop), for the core's audit trail. Keyed by the Request
 * itself: nothing a client sends can set it, and it goes with the request.
 */
const addresses = new WeakMap<Request, string>()

export function rememberClientAddress(request: Request, address: string): void {
  addresses.set(request, address)
}

export function clientAddressOf(request: Request): string {
  return addresses.get(request) ?? 'unknown'
}
