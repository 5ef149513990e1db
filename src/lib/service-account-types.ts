/**
 * Service accounts, their API keys and tokens, in Harness's shapes (`ServiceAccountDTO`,
 * `ApiKeyDTO`, `TokenDTO`): automation's principals. A token's value is answered once, by the
 * create call (Harness answers it as the bare string); lists carry names and dates only.
 */
import { z } from 'zod/mini'
import { fieldOr, optionalField } from './api-types'

/** A token acts for at most a year: a key that leaks ends by itself. */
export const MAX_TOKEN_DAYS = 365
export const DEFAULT_TOKEN_DAYS = 30
export const DAY_MS = 24 * 60 * 60 * 1000

const scoped = {
  accountIdentifier: z.string(),
  orgIdentifier: optionalField(z.string()),
  projectIdentifier: optionalField(z.string()),
}

export const serviceAccountSchema = z.object({
  identifier: z.string(),
  name: z.string(),
  email: fieldOr(z.string(), () => ''),
  description: fieldOr(z.string(), () => ''),
  tags: fieldOr(z.record(z.string(), z.string()), () => ({})),
  ...scoped,
})
export type ServiceAccountDTO = z.output<typeof serviceAccountSchema>

export const apiKeySchema = z.object({
  identifier: z.string(),
  name: z.string(),
  description: fieldOr(z.string(), () => ''),
  apiKeyType: z.literal('SERVICE_ACCOUNT'),
  parentIdentifier: z.string(),
  /** How long a token made under this key lives when it names no end, in milliseconds. */
  defaultTimeToExpireToken: fieldOr(z.number(), () => DEFAULT_TOKEN_DAYS * DAY_MS),
  ...scoped,
})
export type ApiKeyDTO = z.output<typeof apiKeySchema>

export const tokenSchema = z.object({
  identifier: z.string(),
  name: z.string(),
  apiKeyIdentifier: z.string(),
  parentIdentifier: z.string(),
  apiKeyType: z.literal('SERVICE_ACCOUNT'),
  validFrom: z.number(),
  validTo: z.number(),
  valid: z.boolean(),
  ...scoped,
})
export type TokenDTO = z.output<typeof tokenSchema>

/** Harness's `TokenAggregateDTO`, as the token list answers each. */
export const tokenAggregateSchema = z.object({
  token: tokenSchema,
  expiryAt: z.number(),
  createdAt: z.number(),
})
export type TokenAggregateDTO = z.output<typeof tokenAggregateSchema>
