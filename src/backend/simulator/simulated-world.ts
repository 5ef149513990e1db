import { findConnectorType } from '../../connector-types/registry'
import type { SimulatedServer, SimulatedWorld } from '../../lib/api-types'

/**
 * The servers a connection test can meet (README.md, "The simulated world"). The simulator
 * and the in-app guide both read this table, so what the guide promises is what the test does.
 */

export const DEMO_USERNAME = 'demo'
export const DEMO_PASSWORD_SECRET = 'demo_password'
export const DEMO_PASSWORD_VALUE = 'demo-password'
export const ECR_USERNAME = 'AWS'
export const ECR_TOKEN_SECRET = 'ecr_token'
export const ECR_EXPIRED_TOKEN_SECRET = 'ecr_token_expired'
/** `aws ecr get-login-password` tokens live 12 hours, an AWS limit. */
export const ECR_TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000

export type ServerKind =
  | 'jfrog-artifactory'
  | 'docker-hub'
  | 'harbor'
  | 'quay'
  | 'registry2'
  | 'ecr'
  // A static server of a Helm repository index (index.yaml).
  | 'helm-index'
  | 'nexus3'
  | 'nexus2'
  // Faults that any connector type meets the same way, whatever it expects to find.
  | 'refuses-connections'
  | 'times-out'
  | 'expired-cert'
  | 'unavailable'

/** Which credentials a server checks. `ignored`: a public static server never looks at them. */
export type CredentialRule = 'demo' | 'aws-ecr' | 'ignored' | 'none'

/** A connector setup that reaches "Connection successful" against a row. */
export type WorldUse = { type: string; settings?: Readonly<Record<string, string>> }

export type WorldRow = {
  /** As a user types it. Host and path are parsed from it, so the two cannot disagree. */
  url: string
  /** The guide's description of the server. */
  server: string
  /** How messages name the server ("… is Sonatype Nexus Repository 3"). */
  name: string
  kind: ServerKind
  anonymous: SimulatedServer['anonymous']
  credentials: CredentialRule
  /** Where the server answers 404 for every path because the URL lacks its context path. */
  missingContextPath?: string
  useWith: readonly WorldUse[]
  notes: string
}

/** The registries that answer the Docker Registry v2 API (`GET /v2/`). */
export const DOCKER_V2_KINDS: readonly ServerKind[] = ['docker-hub', 'harbor', 'quay', 'registry2', 'ecr']

/** Whether a protocol can validate against a server of `kind` (its module lists the kinds). */
export function serves(protocol: { serverKinds: readonly ServerKind[] }, kind: ServerKind): boolean {
  return protocol.serverKinds.includes(kind)
}

export function isFault(kind: ServerKind): boolean {
  return ['refuses-connections', 'times-out', 'expired-cert', 'unavailable'].includes(kind)
}

export const WORLD_ROWS: readonly WorldRow[] = [
  {
    url: 'https://acme.jfrog.io/artifactory',
    server: 'Artifactory',
    name: 'JFrog Artifactory',
    kind: 'jfrog-artifactory',
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
    anonymous: 'n/a',
    credentials: 'demo',
    missingContextPath: '/artifactory',
    useWith: [],
    notes: 'Answers 404 Not Found; the test suggests appending /artifactory.',
  },
  {
    url: 'https://index.docker.io/v2/',
    server: 'Docker Hub (Bearer token auth)',
    name: 'Docker Hub',
    kind: 'docker-hub',
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
    anonymous: 'refused',
    credentials: 'aws-ecr',
    useWith: [{ type: 'DockerRegistry', settings: { providerType: 'Other' } }, { type: 'OciHelmRepo' }],
    notes: `Username ${ECR_USERNAME}; the password secret must have been updated less than 12 hours ago (its value is not checked).`,
  },
  {
    url: 'https://charts.acme.test/stable',
    server: 'HTTP Helm repository (index.yaml)',
    name: 'a public HTTP Helm repository',
    kind: 'helm-index',
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
    anonymous: 'refused',
    credentials: 'demo',
    useWith: [{ type: 'HttpHelmRepo' }],
    notes: 'index.yaml behind Basic auth: 401 Unauthorized without valid credentials.',
  },
  {
    url: 'registry.acme.test:5000/charts',
    server: 'OCI registry holding Helm charts',
    name: 'a registry:2 (CNCF Distribution) server',
    kind: 'registry2',
    anonymous: 'refused',
    credentials: 'demo',
    useWith: [{ type: 'OciHelmRepo' }],
    notes: 'Type it with or without oci://. helm registry login uses only the host, registry.acme.test:5000.',
  },
  {
    url: 'https://nexus.acme.test',
    server: 'Nexus 3',
    name: 'Sonatype Nexus Repository 3',
    kind: 'nexus3',
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
    anonymous: 'allowed',
    credentials: 'demo',
    useWith: [{ type: 'Nexus', settings: { version: '2.x' } }],
    notes:
      'Version 2.x, with the /nexus context path. With Version 3.x the test fails with invalid Nexus connector details.',
  },
  faultRow(
    'https://down.acme.test',
    'connection refused',
    'refuses-connections',
    'Nothing listens on the port: fails fast with Connection refused.',
  ),
  faultRow(
    'https://slow.acme.test',
    'times out',
    'times-out',
    "Never answers: fails after the delegate's 15 s connect timeout.",
  ),
  faultRow(
    'https://expired-cert.acme.test',
    'TLS certificate expired',
    'expired-cert',
    'Reachable, but the client call fails certificate validation.',
  ),
  faultRow(
    'https://flaky.acme.test',
    '503 Service Unavailable',
    'unavailable',
    'Reachable, but every API call answers 503.',
  ),
]

function faultRow(url: string, server: string, kind: ServerKind, notes: string): WorldRow {
  return { url, server, name: server, kind, anonymous: 'n/a', credentials: 'none', useWith: [], notes }
}

function describeUse(use: WorldUse): string {
  const label = findConnectorType(use.type)?.label ?? use.type
  const settings = Object.entries(use.settings ?? {}).map(([key, value]) =>
    key === 'providerType' ? `Provider Type ${value}` : key === 'version' ? `Version ${value}` : `${key} ${value}`,
  )
  return settings.length ? `${label} (${settings.join(', ')})` : label
}

/** The guide's view of the world: every row, and the credentials that pass. */
export function describeSimulatedWorld(): SimulatedWorld {
  const servers: SimulatedServer[] = WORLD_ROWS.map((row) => ({
    url: row.url,
    server: row.server,
    anonymous: row.anonymous,
    notes: row.useWith.length
      ? `${row.notes} Use with: ${row.useWith.map(describeUse).join('; ')}.`
      : `${row.notes} No connector type succeeds here.`,
  }))
  servers.push({
    url: 'any other host',
    server: 'the host name does not resolve',
    anonymous: 'n/a',
    notes: 'Fails fast with an unknown host. A known host on another port refuses the connection.',
  })
  return {
    servers,
    credentials: [
      {
        username: DEMO_USERNAME,
        passwordSecret: DEMO_PASSWORD_SECRET,
        note: `The secret holds ${DEMO_PASSWORD_VALUE}. Every server that needs credentials accepts it, except ECR; any other username or password fails as bad credentials.`,
      },
      {
        username: ECR_USERNAME,
        passwordSecret: ECR_TOKEN_SECRET,
        note: 'Amazon ECR: a token updated less than 12 hours ago, so the test succeeds.',
      },
      {
        username: ECR_USERNAME,
        passwordSecret: ECR_EXPIRED_TOKEN_SECRET,
        note: 'Amazon ECR: a token older than 12 hours; the test fails with "Your authorization token has expired".',
      },
    ],
  }
}
