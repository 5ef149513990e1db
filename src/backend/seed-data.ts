import type { ConnectorInfo, DelegateGroup, SecretDTO } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { demoRoleAssignments } from './access/demo-principals'
import type { MockState, StoredSecret } from './records'
import { connectorRecord, secretRecord } from './records'
import { seedPipelines } from './seed-pipelines'

/**
 * The demo data a first start (or a reset) begins with. Times are relative to the seed time
 * so that "fresh" and "expired" secrets and "minutes ago" tests stay true after any reset.
 */

export const SEED_ACCOUNT = 'acme'

export const ACCOUNT_SCOPE: Scope = { accountIdentifier: SEED_ACCOUNT }
export const DEFAULT_ORG_SCOPE: Scope = { accountIdentifier: SEED_ACCOUNT, orgIdentifier: 'default' }
export const PAYMENTS_SCOPE: Scope = {
  accountIdentifier: SEED_ACCOUNT,
  orgIdentifier: 'default',
  projectIdentifier: 'payments',
}

export type SeedProject = { identifier: string; name: string; description: string }
export type SeedOrganization = {
  identifier: string
  name: string
  description: string
  projects: readonly SeedProject[]
}

/** The organizations and their projects that exist; requests for any other scope are refused. */
export const SEED_ORGANIZATION_DETAILS: readonly SeedOrganization[] = [
  {
    identifier: 'default',
    name: 'Default',
    description: 'The organization every account starts with.',
    projects: [
      { identifier: 'payments', name: 'Payments', description: 'The payments API and its deployments.' },
      { identifier: 'checkout', name: 'Checkout', description: 'The checkout web app.' },
    ],
  },
  {
    identifier: 'platform',
    name: 'Platform',
    description: 'Shared infrastructure, run by the platform team.',
    projects: [{ identifier: 'infra', name: 'Infra', description: 'Clusters, registries and delegates.' }],
  },
]

export const SEED_ORGANIZATIONS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  SEED_ORGANIZATION_DETAILS.map((org) => [org.identifier, org.projects.map((project) => project.identifier)]),
)

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export const SECRET_MANAGER = 'harnessSecretManager'

function delegate(name: string, tags: string[], connected: boolean, lastHeartBeat: number): DelegateGroup {
  return {
    delegateGroupIdentifier: name.replace(/-/g, '_'),
    groupName: name,
    groupImplicitSelectors: [name],
    groupCustomSelectors: tags,
    activelyConnected: connected,
    lastHeartBeat,
  }
}

function seedDelegates(now: number): DelegateGroup[] {
  return [
    delegate('delegate-east', ['east', 'k8s', 'docker'], true, now - 20_000),
    delegate('delegate-west', ['west', 'k8s', 'helm'], true, now - 35_000),
    delegate('delegate-legacy', ['legacy'], false, now - 6 * DAY),
  ]
}

type SeedSecret = { scope: Scope; identifier: string; name: string; value: string; description?: string; age: number }

function seedSecrets(now: number): StoredSecret[] {
  const secrets: SeedSecret[] = [
    {
      scope: PAYMENTS_SCOPE,
      identifier: 'demo_password',
      name: 'Demo password',
      value: 'demo-password',
      description: 'Password of the demo user on every simulated server.',
      age: 2 * DAY,
    },
    {
      scope: PAYMENTS_SCOPE,
      identifier: 'ecr_token',
      name: 'ECR token',
      value: 'ecr-token-fresh',
      description: 'Output of aws ecr get-login-password, refreshed an hour ago.',
      age: HOUR,
    },
    {
      scope: PAYMENTS_SCOPE,
      identifier: 'ecr_token_expired',
      name: 'ECR token expired',
      value: 'ecr-token-expired',
      description: 'Output of aws ecr get-login-password, 13 hours old.',
      age: 13 * HOUR,
    },
    {
      scope: PAYMENTS_SCOPE,
      identifier: 'old_password',
      name: 'Old password',
      value: 'hunter2',
      description: 'A password that no longer works.',
      age: 30 * DAY,
    },
    {
      scope: DEFAULT_ORG_SCOPE,
      identifier: 'org_demo_password',
      name: 'Org demo password',
      value: 'demo-password',
      age: 2 * DAY,
    },
    {
      scope: ACCOUNT_SCOPE,
      identifier: 'account_demo_password',
      name: 'Account demo password',
      value: 'demo-password',
      age: 2 * DAY,
    },
  ]
  return secrets.map(({ scope, identifier, name, value, description, age }) => {
    const secret: SecretDTO = {
      type: 'SecretText',
      name,
      identifier,
      tags: {},
      spec: { secretManagerIdentifier: SECRET_MANAGER, valueType: 'Inline' },
    }
    if (description) secret.description = description
    if (scope.orgIdentifier) secret.orgIdentifier = scope.orgIdentifier
    if (scope.projectIdentifier) secret.projectIdentifier = scope.projectIdentifier
    return secretRecord(scope, secret, value, { createdAt: now - age, updatedAt: now - age })
  })
}

function seedConnectors(now: number) {
  const dockerHub: ConnectorInfo = {
    name: 'Docker Hub public',
    identifier: 'docker_hub_public',
    description: 'Public images from Docker Hub, pulled anonymously.',
    orgIdentifier: 'default',
    projectIdentifier: 'payments',
    tags: { registry: 'dockerhub' },
    type: 'DockerRegistry',
    spec: {
      dockerRegistryUrl: 'https://index.docker.io/v2/',
      providerType: 'DockerHub',
      auth: { type: 'Anonymous' },
      delegateSelectors: [],
      executeOnDelegate: true,
    },
  }
  const artifactory: ConnectorInfo = {
    name: 'Acme Artifactory',
    identifier: 'acme_artifactory',
    description: 'The company Artifactory, shared by every project.',
    tags: { team: 'platform' },
    type: 'Artifactory',
    spec: {
      artifactoryServerUrl: 'https://acme.jfrog.io/artifactory',
      auth: { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: 'account.account_demo_password' } },
      delegateSelectors: [],
      executeOnDelegate: true,
    },
  }
  const testedAt = now - 4 * MINUTE
  return [
    connectorRecord(
      PAYMENTS_SCOPE,
      dockerHub,
      { createdAt: now - 3 * DAY, lastModifiedAt: now - 3 * DAY },
      {
        status: 'SUCCESS',
        testedAt,
        lastTestedAt: testedAt,
        lastConnectedAt: testedAt,
      },
    ),
    connectorRecord(ACCOUNT_SCOPE, artifactory, { createdAt: now - 5 * DAY, lastModifiedAt: now - 5 * DAY }),
  ]
}

export function createSeedState(now: number): MockState {
  return {
    connectors: seedConnectors(now),
    secrets: seedSecrets(now),
    delegates: seedDelegates(now),
    pipelines: seedPipelines(now),
    roleAssignments: demoRoleAssignments(ACCOUNT_SCOPE, PAYMENTS_SCOPE, now),
  }
}

/**
 * What a real server starts with: the sample pipelines and the public Docker Hub connector their
 * artifact source names (anonymous, so no secret), and nothing simulated: no demo secrets, no
 * demo delegates.
 */
export function createServerSeedState(now: number): MockState {
  return {
    connectors: seedConnectors(now).filter((record) => record.connector.identifier === 'docker_hub_public'),
    secrets: [],
    delegates: [],
    pipelines: seedPipelines(now),
    // Nobody yet: the first administrator is bound when they set the server up.
    roleAssignments: [],
  }
}

/** Whether a scope is one of the seeded account, organizations or projects. */
export function scopeExists(scope: Scope): boolean {
  if (scope.accountIdentifier !== SEED_ACCOUNT) return false
  if (!scope.orgIdentifier) return !scope.projectIdentifier
  const projects = SEED_ORGANIZATIONS[scope.orgIdentifier]
  if (!projects) return false
  return !scope.projectIdentifier || projects.includes(scope.projectIdentifier)
}
