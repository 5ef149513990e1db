import { describe, expect, it } from 'vitest'
import { principalInside, principalReaches } from './principal-directory'

const ACCOUNT = { accountIdentifier: 'acme' }
const ORG = { accountIdentifier: 'acme', orgIdentifier: 'default' }
const PAYMENTS = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }
const STOREFRONT = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'storefront' }
const OTHER_ORG = { accountIdentifier: 'acme', orgIdentifier: 'retail' }

describe('where a principal may be bound', () => {
  it('binds a user anywhere in the account', () => {
    for (const scope of [ACCOUNT, ORG, PAYMENTS]) expect(principalReaches({}, scope)).toBe(true)
  })

  it('binds a service account at its own scope and the scopes inside it, never above or beside', () => {
    const projectBot = { scopeKey: 'acme/default/payments' }
    expect(principalReaches(projectBot, PAYMENTS)).toBe(true)
    expect(principalReaches(projectBot, STOREFRONT)).toBe(false)
    expect(principalReaches(projectBot, ORG)).toBe(false)
    expect(principalReaches(projectBot, ACCOUNT)).toBe(false)
    const orgBot = { scopeKey: 'acme/default/' }
    expect([ACCOUNT, ORG, PAYMENTS, OTHER_ORG].map((scope) => principalReaches(orgBot, scope))).toEqual([
      false,
      true,
      true,
      false,
    ])
    const accountBot = { scopeKey: 'acme//' }
    expect([ACCOUNT, ORG, PAYMENTS].every((scope) => principalReaches(accountBot, scope))).toBe(true)
    expect(principalReaches(accountBot, { accountIdentifier: 'globex' })).toBe(false)
  })

  it('knows the service accounts made inside a scope, for its audit trail', () => {
    const projectBot = { scopeKey: 'acme/default/payments' }
    expect([ACCOUNT, ORG, PAYMENTS, STOREFRONT, OTHER_ORG].map((scope) => principalInside(projectBot, scope))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ])
    expect(principalInside({}, ACCOUNT)).toBe(false)
  })
})
