import { http, HttpResponse } from 'msw'
import type { DelegateGroup, RestResponse } from '../lib/api-types'
import { ok } from './api-responses'
import type { HandlerContext } from './handler-context'
import { apiPath } from './handler-context'
import { MANAGER_PARAMS, requestScope } from './request-scope'
import { describeSimulatedWorld } from './simulator/simulated-world'

/** The delegate list, and the demo's own endpoints (reset, and the simulated world's guide). */

const HEARTBEAT_INTERVAL_MS = 60_000

export function delegateAndDemoHandlers(context: HandlerContext) {
  const { latency } = context

  const listDelegates = async ({ request }: { request: Request }) => {
    await latency.request()
    const { error } = requestScope(request, MANAGER_PARAMS)
    if (error) return error
    const store = await context.store()
    const now = store.now()
    // A connected delegate heartbeats every minute, so its last heartbeat is always recent,
    // however long ago the data was seeded.
    const delegateGroupDetails: DelegateGroup[] = store
      .delegates()
      .map((group) =>
        group.activelyConnected
          ? { ...group, lastHeartBeat: now - (Math.abs(now - group.lastHeartBeat) % HEARTBEAT_INTERVAL_MS) }
          : group,
      )
    const body: RestResponse<{ delegateGroupDetails: DelegateGroup[] }> = {
      metaData: {},
      resource: { delegateGroupDetails },
      responseMessages: [],
    }
    return HttpResponse.json(body)
  }

  const delegatesPath = apiPath(context, '/api/setup/delegates/v2/up-the-hierarchy')
  return [
    http.get(delegatesPath, listDelegates),
    // Harness's own client POSTs a filter to the same path; answer it the same way.
    http.post(delegatesPath, listDelegates),

    http.post(apiPath(context, '/ng/api/demo/reset'), async () => {
      await latency.request()
      await (await context.store()).reset()
      return ok(true)
    }),

    http.get(apiPath(context, '/ng/api/demo/world'), async () => {
      await latency.request()
      return ok(describeSimulatedWorld())
    }),
  ]
}
