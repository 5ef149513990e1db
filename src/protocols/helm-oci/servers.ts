import type { WorldRow } from '../kit/simulated-servers'

/** The servers of the simulated world that this protocol's connectors meet (README.md, "The simulated world"). */
export const SERVERS: readonly WorldRow[] = [
  {
    url: 'registry.acme.test:5000/charts',
    server: 'OCI registry holding Helm charts',
    name: 'a registry:2 (CNCF Distribution) server',
    kind: 'registry2',
    serverHeader: 'Docker-Distribution-Api-Version: registry/2.0',
    anonymous: 'refused',
    credentials: 'demo',
    useWith: [{ type: 'OciHelmRepo' }],
    notes: 'Type it with or without oci://. helm registry login uses only the host, registry.acme.test:5000.',
  },
]
