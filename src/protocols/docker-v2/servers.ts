import { ECR_USERNAME } from '../kit/credential-advice'
import type { WorldRow } from '../kit/simulated-servers'

/** The servers of the simulated world that this protocol's connectors meet (README.md, "The simulated world"). */
export const SERVERS: readonly WorldRow[] = [
  {
    url: 'https://index.docker.io/v2/',
    server: 'Docker Hub (Bearer token auth)',
    name: 'Docker Hub',
    kind: 'docker-hub',
    serverHeader: 'Docker-Distribution-Api-Version: registry/2.0',
    anonymous: 'allowed',
    credentials: 'demo',
    useWith: [{ type: 'DockerRegistry', settings: { providerType: 'DockerHub' } }, { type: 'OciHelmRepo' }],
    notes:
      'GET /v2/ answers 401 with a Bearer challenge; the token comes from auth.docker.io. The /v2/ suffix is optional.',
  },
  {
    url: 'https://harbor.acme.test',
    server: 'Harbor',
    name: 'Harbor',
    kind: 'harbor',
    serverHeader: 'Server: nginx, Docker-Distribution-Api-Version: registry/2.0',
    anonymous: 'refused',
    credentials: 'demo',
    useWith: [{ type: 'DockerRegistry', settings: { providerType: 'Harbor' } }, { type: 'OciHelmRepo' }],
    notes:
      'Provider Type Harbor is checked through /api/v2.0/ping and /api/v2.0/projects; other provider types through GET /v2/.',
  },
  {
    url: 'https://quay.io',
    server: 'Quay',
    name: 'Quay',
    kind: 'quay',
    serverHeader: 'Server: nginx/1.20.1',
    anonymous: 'allowed',
    credentials: 'demo',
    useWith: [{ type: 'DockerRegistry', settings: { providerType: 'Quay' } }, { type: 'OciHelmRepo' }],
    notes: 'Bearer token auth, token realm https://quay.io/v2/auth.',
  },
  {
    url: 'https://registry.acme.test:5000',
    server: 'registry:2 with Basic auth',
    name: 'a registry:2 (CNCF Distribution) server',
    kind: 'registry2',
    serverHeader: 'Docker-Distribution-Api-Version: registry/2.0',
    anonymous: 'refused',
    credentials: 'demo',
    useWith: [{ type: 'DockerRegistry', settings: { providerType: 'Other' } }, { type: 'OciHelmRepo' }],
    notes: 'Answers every request without valid credentials with 401 and a Basic challenge.',
  },
  {
    url: 'https://123456789012.dkr.ecr.us-west-2.amazonaws.com',
    server: 'Amazon ECR',
    name: 'Amazon ECR',
    kind: 'ecr',
    serverHeader: 'Docker-Distribution-Api-Version: registry/2.0',
    anonymous: 'refused',
    credentials: 'aws-ecr',
    useWith: [{ type: 'DockerRegistry', settings: { providerType: 'Other' } }, { type: 'OciHelmRepo' }],
    notes: `Username ${ECR_USERNAME}; the password secret must have been updated less than 12 hours ago (its value is not checked).`,
  },
]
