import { delegateTokenExpiryProblem } from '../lib/delegate-token-expiry'
import { DELEGATE_NAME_PATTERN } from '../lib/entity-names'
import { errorResponse, type FieldError, invalidRequest, isRecord, ok } from './api-responses'
import type { DelegateDispatch } from './delegate-dispatch'
import type { HandlerContext } from './handler-context'
import { scopeKey } from './records'
import type { Route } from './router'
import { scopedRoute } from './scoped-route'

/**
 * The tokens delegates started elsewhere present (`npm run delegate -- --token`). A token's
 * value is answered once, when created; the list has names and dates only (created, last used,
 * expires). Revoking one disconnects its delegates: their next call gets 401; so does every
 * call with a token past its expiry (`expiresAt`, chosen at creation, epoch ms; none: never).
 *
 * A token belongs to the scope of the request (`?accountIdentifier=&orgIdentifier=&projectIdentifier=`,
 * as connectors): its delegates take that scope's tests and those below it. Seeing, creating and
 * revoking a scope's tokens all need core_delegate_edit there (route-access.ts): a token is a
 * key to run that scope's tests, not something a viewer reads. Each scope lists its own tokens
 * only, as Harness does.
 */

export const DELEGATE_TOKEN_NAME_RULE =
  'A token name starts with a letter or digit and has at most 64 letters, digits, dots, dashes and underscores.'

/**
 * What is wrong with a create's body (`{ name, expiresAt? }`), field by field; the test handlers
 * of the page's component tests refuse with this too.
 */
export function createTokenProblems(body: unknown, now: number): FieldError[] {
  const given = isRecord(body) ? body : {}
  const problems: FieldError[] = []
  if (typeof given.name !== 'string' || !DELEGATE_NAME_PATTERN.test(given.name)) {
    problems.push({ fieldId: 'name', error: DELEGATE_TOKEN_NAME_RULE })
  }
  const expiryProblem = delegateTokenExpiryProblem(given.expiresAt, now)
  if (expiryProblem) problems.push({ fieldId: 'expiresAt', error: expiryProblem })
  return problems
}

export function delegateTokenRoutes(context: HandlerContext, dispatch: DelegateDispatch): Route[] {
  return [
    scopedRoute(context, 'GET', '/ng/api/delegate-tokens', async ({ scope }) => ok(await dispatch.listTokens(scope))),

    scopedRoute(context, 'POST', '/ng/api/delegate-tokens', async ({ request, scope, audit, store }) => {
      const body: unknown = await request.json().catch(() => undefined)
      const problems = createTokenProblems(body, store.now())
      if (problems.length || !isRecord(body)) return invalidRequest(problems)
      const name = body.name as string
      const expiresAt = typeof body.expiresAt === 'number' ? body.expiresAt : undefined
      const event = audit?.({
        resource: 'delegateToken',
        scopeKey: scopeKey(scope),
        identifier: name,
        after: { name, expiresAt: expiresAt ?? null },
      })
      const created = await dispatch.createToken(scope, name, event, expiresAt)
      // Names are unique on the server (sql-delegate-tokens.ts): this says the name is taken, not where.
      if (!created) {
        return errorResponse(409, 'DUPLICATE_FIELD', `A token named ${name} exists; choose another name.`)
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
