import { describe, expect, it } from 'vitest'
import { parseScopedPath, scopePath } from './scope-paths'

describe('scope paths', () => {
  it.each([
    [{ accountIdentifier: 'acme' }, '/account/acme'],
    [{ accountIdentifier: 'acme', orgIdentifier: 'default' }, '/account/acme/orgs/default'],
    [
      { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' },
      '/account/acme/orgs/default/projects/payments',
    ],
  ])('writes %o as %s and reads it back', (scope, path) => {
    expect(scopePath(scope)).toBe(path)
    expect(parseScopedPath(`${path}/connectors`)).toEqual({ scope, page: 'connectors' })
  })

  it('reads an item after the page', () => {
    expect(parseScopedPath('/account/acme/orgs/default/projects/payments/pipelines/deploy_payments_api')).toEqual({
      scope: { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' },
      page: 'pipelines',
      item: 'deploy_payments_api',
    })
  })

  it('refuses what is not a scoped page', () => {
    expect(parseScopedPath('/')).toBeUndefined()
    expect(parseScopedPath('/account/acme')).toBeUndefined()
    expect(parseScopedPath('/account/acme/projects/payments/connectors')).toBeUndefined()
  })
})
