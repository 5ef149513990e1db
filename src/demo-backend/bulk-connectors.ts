import type { StoredConnector } from '../backend/records'
import { connectorRecord } from '../backend/records'
import { PAYMENTS_SCOPE } from '../backend/seed-data'
import { offersAnonymousAccess } from '../connector-types/auth-methods'
import { CONNECTOR_TYPES } from '../connector-types/registry'
import type { ConnectivityStatus, ConnectorInfo } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { MockDataStore } from './mock-data-store'

/**
 * Generated connectors for the benchmark (a list of 10,000 must stay fast). Deterministic:
 * connector n is always the same, so repeated seeding overwrites rather than multiplies.
 */

export const BULK_IDENTIFIER_PREFIX = 'bulk_connector_'

const TEAMS = ['payments', 'checkout', 'search', 'identity', 'platform', 'data']
const STATUSES: ConnectivityStatus[] = ['SUCCESS', 'SUCCESS', 'FAILURE', 'UNKNOWN']
const URLS: Record<string, (n: number) => string> = {
  Artifactory: (n) => `https://artifactory-${n % 97}.acme.test/artifactory`,
  DockerRegistry: (n) => `https://registry-${n % 89}.acme.test`,
  HttpHelmRepo: (n) => `https://charts-${n % 83}.acme.test/stable`,
  OciHelmRepo: (n) => `registry-${n % 79}.acme.test:5000/charts`,
  Nexus: (n) => `https://nexus-${n % 73}.acme.test`,
}

/** Connector n of the generated set (pure: the same n, scope and now give the same record). */
export function bulkConnector(n: number, scope: Scope, now: number): StoredConnector {
  const definition = CONNECTOR_TYPES[n % CONNECTOR_TYPES.length] ?? CONNECTOR_TYPES[0]!
  const team = TEAMS[n % TEAMS.length] ?? 'platform'
  const number = String(n).padStart(5, '0')
  const spec: Record<string, unknown> = {
    [definition.url.specKey]: URLS[definition.type]?.(n) ?? `https://repo-${n}.acme.test`,
  }
  for (const field of definition.fields) {
    spec[field.key] = field.options[n % field.options.length]?.value ?? field.defaultValue
  }
  spec.auth =
    offersAnonymousAccess(definition) && n % 3 === 0
      ? { type: 'Anonymous' }
      : { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: 'account.account_demo_password' } }
  spec.delegateSelectors = n % 5 === 0 ? ['k8s'] : []
  Object.assign(spec, definition.fixedSpec)

  const connector: ConnectorInfo = {
    name: `${definition.label} ${team} ${number}`,
    identifier: `${BULK_IDENTIFIER_PREFIX}${number}`,
    description: `Generated ${definition.label} connector number ${n} for team ${team}.`,
    tags: { team, generated: '' },
    type: definition.type,
    spec,
  }
  if (scope.orgIdentifier) connector.orgIdentifier = scope.orgIdentifier
  if (scope.projectIdentifier) connector.projectIdentifier = scope.projectIdentifier
  // Spread over the last 30 days so that the list's order by modification is meaningful.
  const modifiedAt = now - ((n * 7_919_000) % (30 * 24 * 3_600_000))
  const status = STATUSES[n % STATUSES.length] ?? 'UNKNOWN'
  const testedAt = modifiedAt + 60_000
  return connectorRecord(
    scope,
    connector,
    { createdAt: modifiedAt, lastModifiedAt: modifiedAt },
    status === 'UNKNOWN'
      ? { status }
      : {
          status,
          testedAt,
          lastTestedAt: testedAt,
          ...(status === 'SUCCESS'
            ? { lastConnectedAt: testedAt }
            : {
                errorSummary: 'Error Encountered (Could not reach the server)',
                errors: [{ reason: 'Unexpected Error', message: 'Could not reach the server', code: 450 }],
              }),
        },
  )
}

/**
 * Adds `count` generated connectors to `scope` (project payments by default) in one write.
 * Only for the benchmark: the normal API never goes through here.
 */
export async function seedBulkConnectors(
  store: MockDataStore,
  count: number,
  scope: Scope = PAYMENTS_SCOPE,
): Promise<void> {
  // Connector n is always the same, so when the last one is stored, all of them are: a reload
  // must not rewrite 10,000 records.
  if (await store.getConnector(scope, `${BULK_IDENTIFIER_PREFIX}${String(count).padStart(5, '0')}`)) return
  const now = store.now()
  const records: StoredConnector[] = []
  for (let n = 1; n <= count; n++) records.push(bulkConnector(n, scope, now))
  await store.saveConnectors(records)
}
