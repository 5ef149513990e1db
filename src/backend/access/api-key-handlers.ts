import { identifierProblem, nameProblem } from '../../lib/entity-names'
import { DAY_MS, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '../../lib/service-account-types'
import type { FieldError } from '../api-responses'
import { errorResponse, invalidRequest, isRecord, notFound, ok } from '../api-responses'
import type { HandlerContext } from '../handler-context'
import type { Route } from '../router'
import { scopedJsonRoute, scopedRoute } from '../scoped-route'
import { bodyScope, cascadedEvents, hostAndParent, identityProblems, text } from './service-account-requests'
import type { ServiceAccounts } from './service-accounts'
import { apiKeyDto, tokenAggregateDto } from './service-accounts'

/**
 * Harness's `/ng/api/apikey` and `/ng/api/token`: a service account's keys, and the tokens made
 * under them. A token is answered once, as Harness answers it (the bare string), and expires.
 */

export function apiKeyRoutes(context: HandlerContext, accounts: () => ServiceAccounts | undefined): Route[] {
  return [
    scopedRoute(context, 'GET', '/ng/api/apikey', async (scoped) => {
      const found = await hostAndParent(accounts, scoped, scoped.query.get('parentIdentifier') ?? '')
      if (found instanceof Response) return found
      const { host, parent } = found
      const keys = await host.keys(parent.accountIdentifier, parent.identifier)
      return ok(keys.map((key) => apiKeyDto(key, parent.scopeKey)))
    }),

    scopedJsonRoute(
      context,
      'POST',
      '/ng/api/apikey',
      async ({ body, scope: requestScope, store, audit }) => {
        const given = isRecord(body) ? body : {}
        const found = await hostAndParent(accounts, { scope: requestScope }, text(given.parentIdentifier))
        if (found instanceof Response) return found
        const { host, parent } = found
        const problems = identityProblems(given).filter((problem) => problem.fieldId !== 'identifier')
        const identifierError = identifierProblem(text(given.identifier))
        if (identifierError) problems.unshift({ fieldId: 'identifier', error: identifierError })
        const ttl = given.defaultTimeToExpireToken ?? DEFAULT_TOKEN_DAYS * DAY_MS
        if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < DAY_MS || ttl > MAX_TOKEN_DAYS * DAY_MS) {
          problems.push({
            fieldId: 'defaultTimeToExpireToken',
            error: `A token lives between 1 and ${MAX_TOKEN_DAYS} days (in milliseconds).`,
          })
        }
        if (problems.length) return invalidRequest(problems)
        const key = {
          accountIdentifier: parent.accountIdentifier,
          serviceAccount: parent.identifier,
          identifier: text(given.identifier),
          name: text(given.name).trim(),
          description: text(given.description),
          defaultTimeToExpireToken: ttl as number,
          createdAt: store.now(),
        }
        const event = audit?.({
          resource: 'apiKey',
          scopeKey: parent.scopeKey,
          identifier: `${parent.identifier}/${key.identifier}`,
          after: key,
        })
        if (!(await host.createKey(key, event))) {
          return errorResponse(
            400,
            'DUPLICATE_FIELD',
            `Service account ${parent.identifier} already has an API key ${key.identifier}.`,
          )
        }
        return ok(apiKeyDto(key, parent.scopeKey))
      },
      { shape: '{"identifier": "…", "name": "…", "parentIdentifier": "…"}', scopeIn: bodyScope },
    ),

    scopedRoute(context, 'DELETE', '/ng/api/apikey/:identifier', async (scoped) => {
      const found = await hostAndParent(accounts, scoped, scoped.query.get('parentIdentifier') ?? '')
      if (found instanceof Response) return found
      const { host, parent } = found
      const identifier = scoped.params.identifier ?? ''
      const before = (await host.keys(parent.accountIdentifier, parent.identifier)).find(
        (key) => key.identifier === identifier,
      )
      const event =
        before &&
        scoped.audit?.({
          resource: 'apiKey',
          scopeKey: parent.scopeKey,
          identifier: `${parent.identifier}/${identifier}`,
          before,
        })
      const events = event ? [event, ...(await cascadedEvents(scoped.audit, host, parent, identifier))] : undefined
      if (before && (await host.removeKey(parent.accountIdentifier, parent.identifier, identifier, events)))
        return ok(true)
      return notFound(`Service account ${parent.identifier} has no API key ${identifier}.`)
    }),
  ]
}

export function tokenRoutes(context: HandlerContext, accounts: () => ServiceAccounts | undefined): Route[] {
  return [
    scopedRoute(context, 'GET', '/ng/api/token', async (scoped) => {
      const found = await hostAndParent(accounts, scoped, scoped.query.get('parentIdentifier') ?? '')
      if (found instanceof Response) return found
      const { host, parent } = found
      const apiKey = scoped.query.get('apiKeyIdentifier') ?? undefined
      const tokens = await host.tokens(parent.accountIdentifier, parent.identifier, apiKey)
      const now = scoped.store.now()
      return ok(tokens.map((token) => tokenAggregateDto(token, parent.scopeKey, now)))
    }),

    scopedJsonRoute(
      context,
      'POST',
      '/ng/api/token',
      async ({ body, scope: requestScope, store, audit }) => {
        const given = isRecord(body) ? body : {}
        const found = await hostAndParent(accounts, { scope: requestScope }, text(given.parentIdentifier))
        if (found instanceof Response) return found
        const { host, parent } = found
        const key = (await host.keys(parent.accountIdentifier, parent.identifier)).find(
          (candidate) => candidate.identifier === text(given.apiKeyIdentifier),
        )
        if (!key)
          return notFound(`Service account ${parent.identifier} has no API key ${text(given.apiKeyIdentifier)}.`)
        const problems: FieldError[] = []
        const identifierError = identifierProblem(text(given.identifier))
        if (identifierError) problems.push({ fieldId: 'identifier', error: identifierError })
        const nameError = nameProblem(text(given.name))
        if (nameError) problems.push({ fieldId: 'name', error: nameError })
        const now = store.now()
        const validFrom = typeof given.validFrom === 'number' ? given.validFrom : now
        const validTo = given.validTo ?? validFrom + key.defaultTimeToExpireToken
        if (
          typeof validTo !== 'number' ||
          !Number.isFinite(validFrom) ||
          validTo <= now ||
          validTo <= validFrom ||
          validTo - now > MAX_TOKEN_DAYS * DAY_MS
        ) {
          problems.push({
            fieldId: 'validTo',
            error: `A token expires in the future, at most ${MAX_TOKEN_DAYS} days from now.`,
          })
        }
        if (problems.length) return invalidRequest(problems)
        const token = {
          accountIdentifier: parent.accountIdentifier,
          serviceAccount: parent.identifier,
          apiKey: key.identifier,
          identifier: text(given.identifier),
          name: text(given.name).trim(),
          createdAt: now,
          validFrom,
          validTo: validTo as number,
        }
        const event = audit?.({
          resource: 'apiToken',
          scopeKey: parent.scopeKey,
          identifier: `${parent.identifier}/${key.identifier}/${token.identifier}`,
          after: token,
        })
        const value = await host.createToken(token, event)
        if (value === undefined) {
          return errorResponse(
            400,
            'DUPLICATE_FIELD',
            `API key ${key.identifier} already has a token ${text(given.identifier)}.`,
          )
        }
        // Harness answers the token itself: shown now, never again.
        return ok(value)
      },
      {
        shape: '{"identifier": "…", "name": "…", "apiKeyIdentifier": "…", "parentIdentifier": "…"}',
        scopeIn: bodyScope,
      },
    ),

    scopedRoute(context, 'DELETE', '/ng/api/token/:identifier', async (scoped) => {
      const found = await hostAndParent(accounts, scoped, scoped.query.get('parentIdentifier') ?? '')
      if (found instanceof Response) return found
      const { host, parent } = found
      const identifier = scoped.params.identifier ?? ''
      const apiKey = scoped.query.get('apiKeyIdentifier') ?? ''
      const before = (await host.tokens(parent.accountIdentifier, parent.identifier, apiKey)).find(
        (token) => token.identifier === identifier,
      )
      const event =
        before &&
        scoped.audit?.({
          resource: 'apiToken',
          scopeKey: parent.scopeKey,
          identifier: `${parent.identifier}/${apiKey}/${identifier}`,
          before,
        })
      if (before && (await host.removeToken(parent.accountIdentifier, parent.identifier, apiKey, identifier, event)))
        return ok(true)
      return notFound(`API key ${apiKey} of ${parent.identifier} has no token ${identifier}.`)
    }),
  ]
}
