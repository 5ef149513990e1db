import type { WorldRow } from '../../kit/simulated-servers'

export const SERVERS: readonly WorldRow[] = [
  {
    url: 'https://files.acme.test/rel',
    server: 'Release files',
    name: 'a release file server',
    kind: 'release-files',
    serverHeader: 'X-Release-Files: 1',
    anonymous: 'allowed',
    credentials: 'demo',
    useWith: [{ type: 'ReleaseFiles' }],
    notes: 'Serves a RELEASES listing at its root.',
  },
]
