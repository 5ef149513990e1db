/**
 * Which host serves this page, read once from the page itself. The Node server marks the
 * `index.html` it serves (`<meta name="connectors-backend" content="server …">`); a static build
 * (the demo) has no mark, and its API runs in the page over the simulated world.
 */
const mark =
  typeof document === 'undefined'
    ? ''
    : (document.querySelector('meta[name="connectors-backend"]')?.getAttribute('content') ?? '')

export const HOST = {
  /** The Node server answers the API; otherwise the in-page demo backend does. */
  servedByServer: mark.split(/\s+/).includes('server'),
  /** Connection tests meet the simulated world, which has a guide and a Reset. */
  simulatedWorld: mark === '' || mark.split(/\s+/).includes('simulated-world'),
  /** The server requires people to sign in (the real app; never the demo). */
  signIn: mark.split(/\s+/).includes('sign-in'),
}
