/** The ports of the servers the browser tests run against (playwright.config.ts starts them). */
export const DEMO_PORT = 4173
export const SERVER_PORT = 4174
/** The real app: no simulated world, its built-in delegate tests real registries on loopback. */
export const REAL_PORT = 4176
/** nginx terminating TLS in front of the real app (https-proxy.spec.ts starts it). */
export const HTTPS_PROXY_PORT = 4177
/** A real server that requires sign-in, started by sign-in.spec.ts itself (it reads the setup link it prints). */
export const SIGN_IN_PORT = 4178
