import type { EntitySetupUsage, PageResponse } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { errorResponse, ok, pageResponse, paginate, pagingOf } from './api-responses'
import type { HandlerContext } from './handler-context'
import type { StoredPipeline } from './records'
import { recordKey, scopeOfKey } from './records'
import type { Route } from './router'
import { scopedRoute } from './scoped-route'
import type { DataStore } from './store'

/**
 * Harness's entity setup usage: which entities refer to a connector. Harness records a row
 * whenever a pipeline is saved; here the rows are computed from the stored pipelines, which
 * gives the same answer. A reference is resolved from the referring pipeline's own scope, so
 * `account.hub` in any project is a use of the account connector `hub`.
 */

/** The pipelines of the account that refer to the connector, by name. */
export async function pipelinesUsingConnector(
  store: DataStore,
  scope: Scope,
  identifier: string,
): Promise<StoredPipeline[]> {
  const users = await store.pipelinesUsingConnector(scope.accountIdentifier, recordKey(scope, identifier))
  return users.sort((a, b) => a.name.localeCompare(b.name) || a.identifier.localeCompare(b.identifier))
}

/** Harness's words when a delete would leave references dangling. */
export function referencedMessage(identifier: string, users: readonly StoredPipeline[]): string {
  return `Could not delete the connector ${identifier} as it is referenced by other entities - [${users.map((user) => user.name).join(', ')}]`
}

/** `acc/connector`, `acc/org/connector` or `acc/org/project/connector`. */
function parseFqn(fqn: string): { scope: Scope; identifier: string } | undefined {
  const parts = fqn.split('/')
  if (parts.length < 2 || parts.length > 4 || parts.some((part) => part === '')) return undefined
  const identifier = parts.pop() ?? ''
  const [accountIdentifier = '', orgIdentifier, projectIdentifier] = parts
  const scope: Scope = { accountIdentifier }
  if (orgIdentifier) scope.orgIdentifier = orgIdentifier
  if (projectIdentifier) scope.projectIdentifier = projectIdentifier
  return { scope, identifier }
}

function usageRow(connectorName: string, scope: Scope, identifier: string, user: StoredPipeline): EntitySetupUsage {
  return {
    accountIdentifier: scope.accountIdentifier,
    referredEntity: {
      type: 'Connectors',
      name: connectorName,
      entityRef: { ...scope, identifier },
    },
    referredByEntity: {
      type: 'Pipelines',
      name: user.name,
      entityRef: {
        accountIdentifier: user.accountIdentifier,
        orgIdentifier: user.orgIdentifier,
        projectIdentifier: user.projectIdentifier,
        identifier: user.identifier,
      },
    },
    createdAt: user.lastUpdatedAt,
  }
}

/** The connectors that use a secret, a page of them as the store reads it. */
async function secretUsage(
  store: DataStore,
  referred: { scope: Scope; identifier: string },
  query: URLSearchParams,
): Promise<PageResponse<EntitySetupUsage>> {
  const paging = pagingOf(query)
  const page = await store.connectorsUsingSecret(recordKey(referred.scope, referred.identifier), paging)
  const name = (await store.getSecret(referred.scope, referred.identifier))?.secret.name ?? referred.identifier
  return pageResponse(page, paging, (user) => {
    const at = scopeOfKey(user.scopeKey)
    return {
      accountIdentifier: referred.scope.accountIdentifier,
      referredEntity: { type: 'Secrets', name, entityRef: { ...referred.scope, identifier: referred.identifier } },
      referredByEntity: {
        type: 'Connectors',
        name: user.connector.name,
        entityRef: { ...at, identifier: user.connector.identifier },
      },
      createdAt: user.lastModifiedAt,
    }
  })
}

export function entityUsageRoutes(context: HandlerContext): Route[] {
  return [
    scopedRoute(context, 'GET', '/ng/api/entitySetupUsage', async ({ query, scope: caller, store, access }) => {
      const fqn = query.get('referredEntityFQN') ?? ''
      const referred = parseFqn(fqn)
      if (!referred) {
        return errorResponse(
          400,
          'INVALID_REQUEST',
          'referredEntityFQN must be <account>[/<org>[/<project>]]/<identifier>.',
        )
      }
      if (referred.scope.accountIdentifier !== caller.accountIdentifier) {
        return errorResponse(
          400,
          'INVALID_REQUEST',
          `referredEntityFQN ${fqn} is not in account ${caller.accountIdentifier}.`,
        )
      }
      const type = query.get('referredEntityType') ?? ''
      // A secret's users are connectors (searchTerm is not applied to them).
      if (type === 'Secrets') {
        return (
          (await access.require({ permission: 'core_secret_view', scope: caller })) ??
          ok(await secretUsage(store, referred, query))
        )
      }
      const refusal = await access.require({ permission: 'core_pipeline_view', scope: caller })
      if (refusal) return refusal
      // Pipelines refer only to connectors.
      const users =
        type === 'Connectors' ? await pipelinesUsingConnector(store, referred.scope, referred.identifier) : []
      const connectorName =
        (await store.getConnector(referred.scope, referred.identifier))?.connector.name ?? referred.identifier
      const term = (query.get('searchTerm') ?? '').trim().toLowerCase()
      const rows = users
        .filter((user) => term === '' || `${user.name}\n${user.identifier}`.toLowerCase().includes(term))
        .map((user) => usageRow(connectorName, referred.scope, referred.identifier, user))
      const page = paginate(rows, query)
      const data: PageResponse<EntitySetupUsage> = page
      return ok(data)
    }),
  ]
}
