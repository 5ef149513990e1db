import type { DelegateGroup, RestResponse } from '../lib/api-types'
import type { Permission } from '../lib/permissions'
import type { AccessControl } from './access/access-check'
import { demoPrincipals } from './access/demo-principals'
import { errorResponse, ok } from './api-responses'
import { delegateRemoveRoute } from './delegate-remove-route'
import { delegateTokenRoutes } from './delegate-token-routes'
import type { HandlerContext } from './handler-context'
import { scopeOfKey } from './records'
import { MANAGER_PARAMS } from './request-scope'
import type { Route } from './router'
import type { ScopedRequest } from './scoped-route'
import { openRoute, scopedRoute } from './scoped-route'
import { SEED_ACCOUNT } from './seed-data'
import { describeSimulatedWorld } from './simulator/simulated-world'
import type { DataStore } from './store'

/** The delegate list, and the demo's own endpoints (reset, and the simulated world's guide). */

const HEARTBEAT_INTERVAL_MS = 60_000

export function delegateAndDemoRoutes(context: HandlerContext, { demoEndpoints }: { demoEndpoints: boolean }): Route[] {
  const listDelegates = async ({ store, scope }: ScopedRequest) => {
    if (context.dispatch) {
      const real: RestResponse<{ delegateGroupDetails: DelegateGroup[] }> = {
        metaData: {},
        resource: { delegateGroupDetails: await context.dispatch.delegates(scope) },
        responseMessages: [],
      }
      return Response.json(real)
    }
    const now = store.now()
    // A connected delegate heartbeats every minute, so its last heartbeat is always recent,
    // however long ago the data was seeded.
    const delegateGroupDetails: DelegateGroup[] = (await store.delegates()).map((group) =>
      group.activelyConnected
        ? { ...group, lastHeartBeat: now - (Math.abs(now - group.lastHeartBeat) % HEARTBEAT_INTERVAL_MS) }
        : group,
    )
    const body: RestResponse<{ delegateGroupDetails: DelegateGroup[] }> = {
      metaData: {},
      resource: { delegateGroupDetails },
      responseMessages: [],
    }
    return Response.json(body)
  }

  const delegatesPath = '/api/setup/delegates/v2/up-the-hierarchy'
  return [
    scopedRoute(context, 'GET', delegatesPath, listDelegates, { scopeParams: MANAGER_PARAMS }),
    // Harness's own client POSTs a filter to the same path; answer it the same way.
    scopedRoute(context, 'POST', delegatesPath, listDelegates, { scopeParams: MANAGER_PARAMS }),

    ...(demoEndpoints ? demoRoutes(context) : []),
    ...(context.dispatch ? delegateTokenRoutes(context, context.dispatch) : []),
    delegateRemoveRoute(context),

    // A number that grows with every write the caller may see: clients poll it and refetch when it moves.
    openRoute(context, 'GET', '/ng/api/changes', async (_request, _params, access) => {
      const store = await context.store()
      if (!access) return ok({ changeCount: 0 })
      return ok({ changeCount: await visibleChangeCount(store, access) })
    }),
  ]
}

/** The simulated world's guide and its reset. */
function demoRoutes(context: HandlerContext): Route[] {
  return [
    openRoute(context, 'POST', '/ng/api/demo/reset', async (request, _params, access) => {
      const store = await context.store()
      if (!store.reset) return errorResponse(404, 'RESOURCE_NOT_FOUND_EXCEPTION', 'Only the demo can be reset.')
      const principal = access?.principal
      await store.reset(
        principal && context.recordAudit
          ? {
              time: store.now(),
              actor: { type: principal.type, identifier: principal.identifier, name: principal.name },
              action: 'RESET',
              resourceType: 'DEMO_DATA',
              resourceIdentifier: 'demo',
              scopeKey: `${principal.accountIdentifier}//`,
              outcome: 'SUCCESS',
              clientAddress: context.clientAddress(request),
              summary: 'Reset the demo data to its sample connectors, secrets and pipelines',
            }
          : undefined,
      )
      return ok(true)
    }),

    openRoute(context, 'GET', '/ng/api/demo/world', () => ok(describeSimulatedWorld())),

    // Whom "View as" offers: the demo's people and the role each holds.
    openRoute(context, 'GET', '/ng/api/demo/people', () =>
      ok(demoPrincipals(SEED_ACCOUNT).map(({ identifier, name, roleName }) => ({ identifier, name, roleName }))),
    ),
  ]
}

/** Any of these at a scope lets its changes be told: the caller sees something there. */
const VIEWS: readonly Permission[] = [
  'core_connector_view',
  'core_secret_view',
  'core_pipeline_view',
  'core_project_view',
  'core_organization_view',
  'core_user_view',
]

/**
 * The writes of the scopes the caller may view, summed: a write in a project they cannot see
 * leaves their count where it was, so polling tells them nothing of it (not even its time).
 */
async function visibleChangeCount(store: DataStore, access: AccessControl): Promise<number> {
  let total = 0
  for (const [key, count] of await store.changeCounts(access.principal.accountIdentifier)) {
    if (key === '*') total += count
    else {
      const scope = scopeOfKey(key)
      for (const permission of VIEWS) {
        if (await access.permitted(permission, scope)) {
          total += count
          break
        }
      }
    }
  }
  return total
}
