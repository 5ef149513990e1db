import { z } from 'zod/mini'
import { DELEGATE_NAME_PATTERN } from '../lib/entity-names'
import { errorResponse, ok } from './api-responses'
import type { DelegateDispatch } from './delegate-dispatch'
import type { HandlerContext } from './handler-context'
import { scopeKey } from './records'
import type { Route } from './router'
import { scopedRoute } from './scoped-route'

/**
 * The tokens delegates started elsewhere present (`npm run delegate -- --token`). A token's
 * value is answered once, when created; the list has names and dates only. Revoking one
 * disconnects its delegates: their next call gets 401.
 *
 * A token belongs to the scope of the request (`?accountIdentifier=&orgIdentifier=&projectIdentifier=`,
 * as connectors): its delegates take that scope's tests and those below it. Seeing, creating and
 * revoking a scope's tokens all need core_delegate_edit there (route-access.ts): a token is a
 * key to run that scope's tests, not something a viewer reads. Each scope lists its own tokens
 * only, as Harness does.
 */

export const DELEGATE_TOKEN_NAME_RULE =
  'A token name starts with a letter or digit and has at most 64 letters, digits, dots, dashes and underscores.'

const createTokenSchema = z.object({
  name: z.string().check(z.regex(DELEGATE_NAME_PATTERN, DELEGATE_TOKEN_NAME_RULE)),
})

export function delegateTokenRoutes(context: HandlerContext, dispatch: DelegateDispatch): Route[] {
  return [
    scopedRoute(context, 'GET', '/ng/api/delegate-tokens', async ({ scope }) => ok(await dispatch.listTokens(scope))),

    scopedRoute(context, 'POST', '/ng/api/delegate-tokens', async ({ request, scope, audit }) => {
      const body: unknown = await request.json().catch(() => undefined)
      const parsed = createTokenSchema.safeParse(body)
      if (!parsed.success) return errorResponse(400, 'INVALID_REQUEST', DELEGATE_TOKEN_NAME_RULE)
      const { name } = parsed.data
      const event = audit?.({ resource: 'delegateToken', scopeKey: scopeKey(scope), identifier: name, after: { name } })
      const created = await dispatch.createToken(scope, name, event)
      // Names are unique on the server (sql-delegate-tokens.ts): this says the name is taken, not where.
      if (!created) {
        return errorResponse(409, 'DUPLICATE_FIELD', `A token named ${parsed.data.name} exists; choose another name.`)
      }
      return ok(created)
    }),

    scopedRoute(context, 'DELETE', '/ng/api/delegate-tokens/:name', async ({ params, scope, audit, store }) => {
      const name = params.name ?? ''
      const event = audit?.({
        resource: 'delegateToken',
        scopeKey: scopeKey(scope),
        identifier: name,
        before: { name },
        after: { name, revokedAt: store.now() },
      })
      if (await dispatch.revokeToken(scope, name, event)) return ok(true)
      return errorResponse(404, 'RESOURCE_NOT_FOUND_EXCEPTION', `No live token named ${name} here.`)
    }),
  ]
}
