import type { TestHistory } from '../lib/api-types'
import { TEST_HISTORY_LIMIT } from '../lib/api-types'
import { ok } from './api-responses'
import { connectorNotFound } from './connector-handlers'
import type { HandlerContext } from './handler-context'
import type { Route } from './router'
import { scopedRoute } from './scoped-route'

/**
 * GET /ng/api/connectors/{identifier}/testHistory (this project's extension): the connector's
 * last connection tests, newest first, each with its stage log (secrets masked) and duration.
 * Registered before the connector routes, so that no `/:identifier` route can take it.
 */
export function testHistoryRoutes(context: HandlerContext): Route[] {
  return [
    scopedRoute(context, 'GET', '/ng/api/connectors/:identifier/testHistory', async ({ params, scope, store }) => {
      const identifier = params.identifier ?? ''
      if (!(await store.getConnector(scope, identifier))) return connectorNotFound(identifier, scope)
      const content = await store.testHistory(scope, identifier, TEST_HISTORY_LIMIT)
      return ok({ content } satisfies TestHistory)
    }),
  ]
}
