import { z } from 'zod/mini'
import { DELEGATE_NAME_PATTERN } from '../lib/entity-names'
import { errorResponse, ok } from './api-responses'
import type { DelegateDispatch } from './delegate-dispatch'
import type { HandlerContext } from './handler-context'
import type { Route } from './router'
import { openRoute } from './scoped-route'

/**
 * The tokens delegates started elsewhere present (`npm run delegate -- --token`). A token's
 * value is answered once, when created; the list has names and dates only. Revoking one
 * disconnects its delegates: their next call gets 401.
 */

export const DELEGATE_TOKEN_NAME_RULE =
  'A token name starts with a letter or digit and has at most 64 letters, digits, dots, dashes and underscores.'

const createTokenSchema = z.object({
  name: z.string().check(z.regex(DELEGATE_NAME_PATTERN, DELEGATE_TOKEN_NAME_RULE)),
})

export function delegateTokenRoutes(context: HandlerContext, dispatch: DelegateDispatch): Route[] {
  return [
    openRoute(context, 'GET', '/ng/api/delegate-tokens', async () => ok(await dispatch.listTokens())),

    openRoute(context, 'POST', '/ng/api/delegate-tokens', async (request) => {
      const body: unknown = await request.json().catch(() => undefined)
      const parsed = createTokenSchema.safeParse(body)
      if (!parsed.success) return errorResponse(400, 'INVALID_REQUEST', DELEGATE_TOKEN_NAME_RULE)
      const created = await dispatch.createToken(parsed.data.name)
      if (!created) {
        return errorResponse(409, 'DUPLICATE_FIELD', `A token named ${parsed.data.name} exists; choose another name.`)
      }
      return ok(created)
    }),

    openRoute(context, 'DELETE', '/ng/api/delegate-tokens/:name', async (_request, params) => {
      const name = params.name ?? ''
      if (await dispatch.revokeToken(name)) return ok(true)
      return errorResponse(404, 'RESOURCE_NOT_FOUND_EXCEPTION', `No live token named ${name}.`)
    }),
  ]
}
