import type { WorldRow } from '../kit/simulated-servers'

/** The servers of the simulated world that this protocol's connectors meet (README.md, "The simulated world"). */
export const SERVERS: readonly WorldRow[] = [
  {
    url: 'https://charts.acme.test/stable',
    server: 'HTTP Helm repository (index.yaml)',
    name: 'a public HTTP Helm repository',
    kind: 'helm-index',
    serverHeader: 'Server: nginx/1.25.3, Content-Type: text/html',
    anonymous: 'allowed',
    credentials: 'ignored',
    useWith: [{ type: 'HttpHelmRepo' }],
    notes: 'A static server: it ignores credentials, so even wrong ones succeed, as with real public repositories.',
  },
  {
    url: 'https://charts.acme.test/private',
    server: 'HTTP Helm repository',
    name: 'a private HTTP Helm repository',
    kind: 'helm-index',
    serverHeader: 'Server: nginx/1.25.3, Content-Type: text/html',
    anonymous: 'refused',
    credentials: 'demo',
    useWith: [{ type: 'HttpHelmRepo' }],
    notes: 'index.yaml behind Basic auth: 401 Unauthorized without valid credentials.',
  },
]
