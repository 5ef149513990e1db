import type { WorldRow } from '../kit/simulated-servers'

/** The servers of the simulated world that this protocol's connectors meet (README.md, "The simulated world"). */
export const SERVERS: readonly WorldRow[] = [
  {
    url: 'https://acme.jfrog.io/artifactory',
    server: 'Artifactory',
    name: 'JFrog Artifactory',
    kind: 'jfrog-artifactory',
    serverHeader: 'Server: Artifactory/7.77.5',
    anonymous: 'allowed',
    credentials: 'demo',
    useWith: [{ type: 'Artifactory' }],
    notes: 'GET /api/repositories answers anonymous callers too; wrong credentials still get 401 Bad credentials.',
  },
  {
    url: 'https://acme.jfrog.io',
    server: 'Artifactory without its context path',
    name: 'JFrog Artifactory',
    kind: 'jfrog-artifactory',
    serverHeader: 'Server: Artifactory/7.77.5',
    anonymous: 'n/a',
    credentials: 'demo',
    missingContextPath: '/artifactory',
    useWith: [],
    notes: 'Answers 404 Not Found; the test suggests appending /artifactory.',
  },
]
