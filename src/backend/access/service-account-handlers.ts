import { errorResponse, invalidRequest, isRecord, ok } from '../api-responses'
import type { HandlerContext } from '../handler-context'
import { scopeKey } from '../records'
import type { Route } from '../router'
import { scopedJsonRoute, scopedRoute } from '../scoped-route'
import { apiKeyRoutes, tokenRoutes } from './api-key-handlers'
import {
  cascadedEvents,
  bodyScope,
  identityProblems,
  missingHost,
  serviceAccountAt,
  tagsOf,
  text,
  unknownServiceAccount,
} from './service-account-requests'
import type { ServiceAccounts, StoredServiceAccount } from './service-accounts'
import { serviceAccountDto } from './service-accounts'

/**
 * Harness's service account API (`/ng/api/serviceaccount`, `/ng/api/apikey`, `/ng/api/token`):
 * automation's principals, made at a scope and managed only there. A token is shown once and
 * acts as its service account, with that account's role bindings and nothing more.
 */

function serviceAccountRoutes(context: HandlerContext, accounts: () => ServiceAccounts | undefined): Route[] {
  return [
    scopedRoute(context, 'GET', '/ng/api/serviceaccount', async ({ scope }) => {
      const host = accounts()
      if (!host) return ok([])
      return ok((await host.list(scopeKey(scope))).map(serviceAccountDto))
    }),

    scopedJsonRoute(
      context,
      'POST',
      '/ng/api/serviceaccount',
      async ({ body, scope, store, audit }) => {
        const host = accounts()
        if (!host) return missingHost()
        const given = isRecord(body) ? body : {}
        const problems = identityProblems(given)
        const tagged = tagsOf(given)
        if ('problem' in tagged) problems.push(tagged.problem)
        if (problems.length || 'problem' in tagged) return invalidRequest(problems)
        const { tags } = tagged
        const identifier = text(given.identifier)
        const record: StoredServiceAccount = {
          accountIdentifier: scope.accountIdentifier,
          identifier,
          scopeKey: scopeKey(scope),
          name: text(given.name).trim(),
          // Harness's address for a service account: never a mailbox.
          email: `${identifier.toLowerCase()}@service.harness.io`,
          description: text(given.description),
          tags,
          createdAt: store.now(),
        }
        const event = audit?.({ resource: 'serviceAccount', scopeKey: record.scopeKey, identifier, after: record })
        if (!(await host.create(record, event))) {
          return errorResponse(
            400,
            'DUPLICATE_FIELD',
            `A service account with identifier ${identifier} already exists in account ${scope.accountIdentifier}.`,
          )
        }
        return ok(serviceAccountDto(record))
      },
      { shape: '{"identifier": "…", "name": "…"}', scopeIn: bodyScope },
    ),

    scopedRoute(context, 'GET', '/ng/api/serviceaccount/:identifier', async (scoped) => {
      const host = accounts()
      const identifier = scoped.params.identifier ?? ''
      const found = host ? await serviceAccountAt(host, scoped, identifier) : undefined
      return found ? ok(serviceAccountDto(found)) : unknownServiceAccount(identifier, scoped)
    }),

    scopedRoute(context, 'DELETE', '/ng/api/serviceaccount/:identifier', async (scoped) => {
      const host = accounts()
      const identifier = scoped.params.identifier ?? ''
      const found = host ? await serviceAccountAt(host, scoped, identifier) : undefined
      if (!host || !found) return unknownServiceAccount(identifier, scoped)
      // Its keys, tokens and role bindings go with it, in its transaction, each on the trail.
      const principal = { identifier, type: 'SERVICE_ACCOUNT' as const }
      const bindings = scoped.audit ? await scoped.store.roleAssignmentsOf(found.accountIdentifier, principal) : []
      const unbound = bindings.flatMap((binding) =>
        scoped.audit
          ? [
              scoped.audit({
                resource: 'roleAssignment',
                scopeKey: binding.scopeKey,
                identifier: binding.identifier,
                before: binding,
              }),
            ]
          : [],
      )
      const event = scoped.audit?.({
        resource: 'serviceAccount',
        scopeKey: found.scopeKey,
        identifier,
        before: found,
      })
      const cascaded = await cascadedEvents(scoped.audit, host, found)
      await host.remove(found.accountIdentifier, identifier, event ? [...unbound, event, ...cascaded] : undefined)
      return ok(true)
    }),
  ]
}

export function serviceAccountApiRoutes(context: HandlerContext): Route[] {
  const accounts = () => context.serviceAccounts
  return [
    ...serviceAccountRoutes(context, accounts),
    ...apiKeyRoutes(context, accounts),
    ...tokenRoutes(context, accounts),
  ]
}
