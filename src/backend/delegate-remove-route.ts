import { errorResponse, ok } from './api-responses'
import type { HandlerContext } from './handler-context'
import { scopeKey } from './records'
import type { Route } from './router'
import { scopedRoute } from './scoped-route'

/**
 * `DELETE /ng/api/delegates/:name` (issue 21): takes a disconnected delegate off the Delegates
 * page, with its audit event in the same write. The demo's delegates are the simulated world's
 * fixed cast (its guide and scenarios name them), so there it is refused in words.
 */
export function delegateRemoveRoute(context: HandlerContext): Route {
  return scopedRoute(context, 'DELETE', '/ng/api/delegates/:name', async ({ params, scope, audit }) => {
    const name = params.name ?? ''
    const dispatch = context.dispatch
    if (!dispatch) {
      return errorResponse(
        409,
        'INVALID_REQUEST',
        `The demo's delegates are simulated and stay as its guide describes them, so ${name} cannot be removed here. On a server with real delegates, a disconnected one can be.`,
      )
    }
    const event = audit?.({ resource: 'delegate', scopeKey: scopeKey(scope), identifier: name, before: { name } })
    const removal = await dispatch.removeDelegate(scope, name, event)
    switch (removal) {
      case 'removed':
        return ok(true)
      case 'connected':
        return errorResponse(
          409,
          'INVALID_REQUEST',
          `${name} is connected, so it cannot be removed: it would take tests again at its next call. Stop the delegate first, then remove it.`,
        )
      case 'built-in':
        return errorResponse(409, 'INVALID_REQUEST', `${name} is the server's built-in delegate and cannot be removed.`)
      case 'unknown':
        return errorResponse(404, 'RESOURCE_NOT_FOUND_EXCEPTION', `No delegate named ${name} is listed here.`)
    }
  })
}
