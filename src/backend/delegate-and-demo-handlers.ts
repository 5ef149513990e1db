import type { DelegateGroup, RestResponse } from '../lib/api-types'
import { demoPrincipals } from './access/demo-principals'
import { errorResponse, ok } from './api-responses'
import { delegateTokenRoutes } from './delegate-token-routes'
import type { HandlerContext } from './handler-context'
import { MANAGER_PARAMS } from './request-scope'
import type { Route } from './router'
import type { ScopedRequest } from './scoped-route'
import { openRoute, scopedRoute } from './scoped-route'
import { SEED_ACCOUNT } from './seed-data'
import { describeSimulatedWorld } from './simulator/simulated-world'

/** The delegate list, and the demo's own endpoints (reset, and the simulated world's guide). */

const HEARTBEAT_INTERVAL_MS = 60_000

export function delegateAndDemoRoutes(context: HandlerContext, { demoEndpoints }: { demoEndpoints: boolean }): Route[] {
  const listDelegates = async ({ store }: ScopedRequest) => {
    if (context.dispatch) {
      const real: RestResponse<{ delegateGroupDetails: DelegateGroup[] }> = {
        metaData: {},
        resource: { delegateGroupDetails: await context.dispatch.delegates() },
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

    // A number that grows with every write: clients poll it and refetch when it moves.
    openRoute(context, 'GET', '/ng/api/changes', async () =>
      ok({ changeCount: await (await context.store()).changeCount() }),
    ),
  ]
}

/** The simulated world's guide and its reset. */
function demoRoutes(context: HandlerContext): Route[] {
  return [
    openRoute(context, 'POST', '/ng/api/demo/reset', async () => {
      const store = await context.store()
      if (!store.reset) return errorResponse(404, 'RESOURCE_NOT_FOUND_EXCEPTION', 'Only the demo can be reset.')
      await store.reset()
      return ok(true)
    }),

    openRoute(context, 'GET', '/ng/api/demo/world', () => ok(describeSimulatedWorld())),

    // Whom "View as" offers: the demo's people and the role each holds.
    openRoute(context, 'GET', '/ng/api/demo/people', () =>
      ok(demoPrincipals(SEED_ACCOUNT).map(({ identifier, name, roleName }) => ({ identifier, name, roleName }))),
    ),
  ]
}
