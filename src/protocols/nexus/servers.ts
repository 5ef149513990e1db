import type { WorldRow } from '../kit/simulated-servers'

/** The servers of the simulated world that this protocol's connectors meet (README.md, "The simulated world"). */
export const SERVERS: readonly WorldRow[] = [
  {
    url: 'https://nexus.acme.test',
    server: 'Nexus 3',
    name: 'Sonatype Nexus Repository 3',
    kind: 'nexus3',
    serverHeader: 'Server: Nexus/3.68.1-02 (OSS), Content-Type: text/html',
    anonymous: 'allowed',
    credentials: 'demo',
    useWith: [{ type: 'Nexus', settings: { version: '3.x' } }],
    notes: 'Version 3.x. With Version 2.x the test fails with invalid Nexus connector details.',
  },
  {
    url: 'https://nexus2.acme.test/nexus',
    server: 'Nexus 2',
    name: 'Sonatype Nexus Repository 2',
    kind: 'nexus2',
    serverHeader: 'Server: Nexus/2.15.1-02, Content-Type: text/html',
    anonymous: 'allowed',
    credentials: 'demo',
    useWith: [{ type: 'Nexus', settings: { version: '2.x' } }],
    notes:
      'Version 2.x, with the /nexus context path. With Version 3.x the test fails with invalid Nexus connector details.',
  },
]
