import { descriptionProblem, identifierProblem, nameProblem, tagMapProblems } from '../../lib/entity-names'
import type { FieldError } from '../api-responses'
import { errorResponse, isRecord, notFound } from '../api-responses'
import type { AuditDraft } from '../audit/audit-event'
import type { AuditDescriber } from '../audit/store-change'
import { scopeKey } from '../records'
import { describeScope } from '../request-scope'
import type { ScopedRequest } from '../scoped-route'
import { BOOTSTRAP_SERVICE_ACCOUNT } from './bootstrap'
import type { ServiceAccounts, StoredApiKey, StoredServiceAccount } from './service-accounts'

/** What the service account, API key and token routes share: reading the body and finding the account. */

export const bodyScope = (body: unknown) => (isRecord(body) ? body : {})
export const text = (value: unknown) => (typeof value === 'string' ? value : '')

export function missingHost(): Response {
  return errorResponse(
    404,
    'RESOURCE_NOT_FOUND_EXCEPTION',
    'This host has no service accounts: the demo’s principals are its fixed people.',
  )
}

/** The service account the request names, made at the request's scope; elsewhere it is unknown here. */
export async function serviceAccountAt(
  accounts: ServiceAccounts,
  scoped: Pick<ScopedRequest, 'scope'>,
  identifier: string,
): Promise<StoredServiceAccount | undefined> {
  const found = identifier ? await accounts.get(scoped.scope.accountIdentifier, identifier) : undefined
  return found && found.scopeKey === scopeKey(scoped.scope) ? found : undefined
}

export function unknownServiceAccount(identifier: string, scoped: Pick<ScopedRequest, 'scope'>): Response {
  return notFound(`No service account ${identifier} exists in ${describeScope(scoped.scope)}.`)
}

export function identityProblems(body: Record<string, unknown>): FieldError[] {
  const problems: FieldError[] = []
  const identifier = text(body.identifier)
  const identifierError =
    identifierProblem(identifier) ??
    (identifier === BOOTSTRAP_SERVICE_ACCOUNT
      ? 'bootstrap is the server’s own service account; choose another identifier.'
      : undefined)
  if (identifierError) problems.push({ fieldId: 'identifier', error: identifierError })
  const nameError = nameProblem(text(body.name))
  if (nameError) problems.push({ fieldId: 'name', error: nameError })
  const descriptionError = descriptionProblem(text(body.description))
  if (descriptionError) problems.push({ fieldId: 'description', error: descriptionError })
  return problems
}

export function tagsOf(body: Record<string, unknown>): { tags: Record<string, string> } | { problem: FieldError } {
  if (body.tags === undefined || body.tags === null) return { tags: {} }
  if (!isRecord(body.tags) || Object.values(body.tags).some((value) => typeof value !== 'string'))
    return { problem: { fieldId: 'tags', error: 'Tags are a map of text keys to text values.' } }
  const tags = body.tags as Record<string, string>
  const [problem] = tagMapProblems(tags, 'service account')
  return problem ? { problem: { fieldId: 'tags', error: problem } } : { tags }
}

/** Keys and tokens name their service account as `parentIdentifier`, in the query or the body. */
export async function parentAt(
  host: ServiceAccounts,
  scoped: Pick<ScopedRequest, 'scope'>,
  parentIdentifier: string,
): Promise<StoredServiceAccount | Response> {
  const found = await serviceAccountAt(host, scoped, parentIdentifier)
  return found ?? unknownServiceAccount(parentIdentifier || '(none named)', scoped)
}

/**
 * What every key and token route starts with: the host's service accounts (the demo has none),
 * and the service account the request names as `parentIdentifier`, made at its scope.
 */
export async function hostAndParent(
  accounts: () => ServiceAccounts | undefined,
  scoped: Pick<ScopedRequest, 'scope'>,
  parentIdentifier: string,
): Promise<{ host: ServiceAccounts; parent: StoredServiceAccount } | Response> {
  const host = accounts()
  if (!host) return missingHost()
  const parent = await parentAt(host, scoped, parentIdentifier)
  return parent instanceof Response ? parent : { host, parent }
}

/**
 * The events of the keys and tokens that go with a deleted service account (all its keys) or
 * API key (`apiKey`: its tokens): one per entity, appended with the delete's own.
 */
export async function cascadedEvents(
  audit: AuditDescriber | undefined,
  host: ServiceAccounts,
  parent: StoredServiceAccount,
  apiKey?: string,
): Promise<AuditDraft[]> {
  if (!audit) return []
  const keys =
    apiKey === undefined ? await host.keys(parent.accountIdentifier, parent.identifier) : ([] as StoredApiKey[])
  const tokens = await host.tokens(parent.accountIdentifier, parent.identifier, apiKey)
  return [
    ...keys.map((key) =>
      audit({
        resource: 'apiKey',
        scopeKey: parent.scopeKey,
        identifier: `${parent.identifier}/${key.identifier}`,
        before: key,
      }),
    ),
    ...tokens.map((token) =>
      audit({
        resource: 'apiToken',
        scopeKey: parent.scopeKey,
        identifier: `${parent.identifier}/${token.apiKey}/${token.identifier}`,
        before: token,
      }),
    ),
  ]
}
