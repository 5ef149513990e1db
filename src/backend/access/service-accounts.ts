import type { ApiKeyDTO, ServiceAccountDTO, TokenAggregateDTO } from '../../lib/service-account-types'
import type { AuditDraft } from '../audit/audit-event'
import { scopeOfKey } from '../records'

/**
 * The host's service accounts, their API keys and tokens. The server keeps them in its database
 * and signs a request carrying a token (`x-api-key: sat.…`) in as the token's service account;
 * the demo has none, as it has no invitations: its principals are its fixed "View as" people.
 *
 * A service account's identifier is unique in its account (a role binding names a principal by
 * identifier and type alone); it is made at a scope, and read, keyed and deleted only there.
 */

export type StoredServiceAccount = {
  accountIdentifier: string
  identifier: string
  scopeKey: string
  name: string
  email: string
  description: string
  tags: Record<string, string>
  createdAt: number
}

export type StoredApiKey = {
  accountIdentifier: string
  serviceAccount: string
  identifier: string
  name: string
  description: string
  defaultTimeToExpireToken: number
  createdAt: number
}

export type StoredApiToken = {
  accountIdentifier: string
  serviceAccount: string
  apiKey: string
  identifier: string
  name: string
  createdAt: number
  validFrom: number
  validTo: number
}

export type ServiceAccounts = {
  /** The service accounts made at exactly this scope. */
  list(scopeKey: string): Promise<StoredServiceAccount[]>
  /** Every service account of the account, wherever made: the principals a binding may name. */
  all(accountIdentifier: string): Promise<StoredServiceAccount[]>
  get(accountIdentifier: string, identifier: string): Promise<StoredServiceAccount | undefined>
  /**
   * The writes take the change's audit event, appended in the write's own transaction when the
   * write succeeds (nothing when it is refused). False when the identifier is taken in the account.
   */
  create(account: StoredServiceAccount, event?: AuditDraft): Promise<boolean>
  /**
   * Removes it with its keys and tokens: a token of a deleted account signs nobody in. `events`:
   * the account's, and one for each key and token that goes with it.
   */
  remove(accountIdentifier: string, identifier: string, events?: readonly AuditDraft[]): Promise<boolean>
  keys(accountIdentifier: string, serviceAccount: string): Promise<StoredApiKey[]>
  /** False when the key's identifier is taken for this service account. */
  createKey(key: StoredApiKey, event?: AuditDraft): Promise<boolean>
  /** `events`: the key's, and one for each of its tokens, which go with it. */
  removeKey(
    accountIdentifier: string,
    serviceAccount: string,
    identifier: string,
    events?: readonly AuditDraft[],
  ): Promise<boolean>
  tokens(accountIdentifier: string, serviceAccount: string, apiKey?: string): Promise<StoredApiToken[]>
  /** The token's value, made and answered once (only its hash is kept); undefined when the identifier is taken. */
  createToken(token: StoredApiToken, event?: AuditDraft): Promise<string | undefined>
  removeToken(
    accountIdentifier: string,
    serviceAccount: string,
    apiKey: string,
    identifier: string,
    event?: AuditDraft,
  ): Promise<boolean>
}

function scopeFields(scopeKey: string) {
  const scope = scopeOfKey(scopeKey)
  return {
    accountIdentifier: scope.accountIdentifier,
    ...(scope.orgIdentifier ? { orgIdentifier: scope.orgIdentifier } : {}),
    ...(scope.projectIdentifier ? { projectIdentifier: scope.projectIdentifier } : {}),
  }
}

export function serviceAccountDto(account: StoredServiceAccount): ServiceAccountDTO {
  const { identifier, name, email, description, tags } = account
  return { identifier, name, email, description, tags, ...scopeFields(account.scopeKey) }
}

export function apiKeyDto(key: StoredApiKey, scopeKey: string): ApiKeyDTO {
  return {
    identifier: key.identifier,
    name: key.name,
    description: key.description,
    apiKeyType: 'SERVICE_ACCOUNT',
    parentIdentifier: key.serviceAccount,
    defaultTimeToExpireToken: key.defaultTimeToExpireToken,
    ...scopeFields(scopeKey),
  }
}

export function tokenAggregateDto(token: StoredApiToken, scopeKey: string, now: number): TokenAggregateDTO {
  return {
    token: {
      identifier: token.identifier,
      name: token.name,
      apiKeyIdentifier: token.apiKey,
      parentIdentifier: token.serviceAccount,
      apiKeyType: 'SERVICE_ACCOUNT',
      validFrom: token.validFrom,
      validTo: token.validTo,
      valid: token.validFrom <= now && now < token.validTo,
      ...scopeFields(scopeKey),
    },
    expiryAt: token.validTo,
    createdAt: token.createdAt,
  }
}
