import type { ConnectorInfo, DelegateGroup, SecretDTO } from '../lib/api-types'
import { deriveIdentifier } from '../lib/entity-names'
import type { Scope } from '../lib/scope'
import { demoRoleAssignments } from './access/demo-principals'
import type { MockState, StoredScope, StoredSecret } from './records'
import { connectorRecord, scopeRecord, secretRecord } from './records'
import { seedPipelines } from './seed-pipelines'

/**
 * The demo data a first start (or a reset) begins with. Times are relative to the seed time
 * so that "fresh" and "expired" secrets stay true after any reset; the one connection test result
 * and the pipelines' times are made up, and marked as sample data (`sample`) wherever they show.
 * Only the demo and the simulated world start from it: a real server's first start writes its
 * account and nothing else (createServerSeedState).
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

/** The demo's organizations and their projects (also what a database from before stored scopes used). */
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

/** What a new account starts with, as Harness's NGAccountSetupService makes it. */
export const NEW_ACCOUNT_ORGANIZATIONS: readonly SeedOrganization[] = [
  {
    identifier: 'default',
    name: 'Default',
    description: 'Default Organization',
    projects: [{ identifier: 'default_project', name: 'Default Project', description: '' }],
  },
]

export const DEFAULT_ACCOUNT_NAME = 'Default Account'

/**
 * The identifier of an account named `name`: lower-case, every other character `_`, and a valid
 * identifier ("Default Account" → `default_account`).
 */
export function accountIdentifierOf(name: string): string {
  const lowered = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
  return deriveIdentifier(lowered) || 'default_account'
}

/** Stored records of an account and its organizations and projects, all created at `now`. */
export function seedScopes(
  now: number,
  account: { identifier: string; name: string } = { identifier: SEED_ACCOUNT, name: 'Acme' },
  organizations: readonly SeedOrganization[] = SEED_ORGANIZATION_DETAILS,
): StoredScope[] {
  const times = { createdAt: now, lastModifiedAt: now }
  const accountIdentifier = account.identifier
  const records = [scopeRecord({ accountIdentifier }, { name: account.name }, times)]
  for (const org of organizations) {
    const orgScope = { accountIdentifier, orgIdentifier: org.identifier }
    records.push(scopeRecord(orgScope, org, times))
    for (const project of org.projects) {
      records.push(scopeRecord({ ...orgScope, projectIdentifier: project.identifier }, project, times))
    }
  }
  return records
}

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
      // Sample data: no test ran. The list and Details say so; a test replaces it.
      {
        status: 'SUCCESS',
        testedAt,
        lastTestedAt: testedAt,
        lastConnectedAt: testedAt,
        sample: true,
      },
    ),
    connectorRecord(ACCOUNT_SCOPE, artifactory, { createdAt: now - 5 * DAY, lastModifiedAt: now - 5 * DAY }),
  ]
}

export function createSeedState(now: number): MockState {
  return {
    scopes: seedScopes(now),
    connectors: seedConnectors(now),
    secrets: seedSecrets(now),
    delegates: seedDelegates(now),
    pipelines: seedPipelines(now),
    roleAssignments: demoRoleAssignments(ACCOUNT_SCOPE, PAYMENTS_SCOPE, now),
  }
}

export type ServerSeedOptions = {
  /** The account's name (`--account`); its identifier is derived from it. */
  accountName?: string
  /** Tests and benchmarks: these organizations instead of a new account's `default`. */
  organizations?: readonly SeedOrganization[]
}

/**
 * What a real server starts with: its account, with the organization `default` and the project
 * `default_project` that Harness gives a new account, and nothing else: no connectors, secrets,
 * pipelines or delegates (a user's data is theirs to make).
 */
export function createServerSeedState(now: number, options: ServerSeedOptions = {}): MockState {
  const name = options.accountName?.trim() || DEFAULT_ACCOUNT_NAME
  return {
    scopes: seedScopes(
      now,
      { identifier: accountIdentifierOf(name), name },
      options.organizations ?? NEW_ACCOUNT_ORGANIZATIONS,
    ),
    connectors: [],
    secrets: [],
    delegates: [],
    pipelines: [],
    // Nobody yet: the first administrator is bound when they set the server up.
    roleAssignments: [],
  }
}

/** A real server's seed for tests that use the demo's scopes (account `acme`, project `payments`…), with no data. */
export function serverSeedWithDemoScopes(now: number): MockState {
  return createServerSeedState(now, { accountName: SEED_ACCOUNT, organizations: SEED_ORGANIZATION_DETAILS })
}
