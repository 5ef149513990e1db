import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatReference, parseReference, resolveReferenceScope } from './references'
import type { Scope } from './scope'

const project: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }
const org: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default' }
const account: Scope = { accountIdentifier: 'acme' }

describe('secret and connector references', () => {
  it('writes a reference to each scope as Harness does', () => {
    expect(formatReference('pw', project, project)).toBe('pw')
    expect(formatReference('pw', org, project)).toBe('org.pw')
    expect(formatReference('pw', account, project)).toBe('account.pw')
    expect(formatReference('pw', account, account)).toBe('pw')
  })

  it('reads them back to the same scope', () => {
    expect(resolveReferenceScope('org.pw', project)).toEqual({ scope: org, identifier: 'pw' })
    expect(resolveReferenceScope('account.pw', project)).toEqual({ scope: account, identifier: 'pw' })
    expect(resolveReferenceScope('pw', project)).toEqual({ scope: project, identifier: 'pw' })
  })

  it('only treats org. and account. as scope prefixes', () => {
    expect(parseReference('project.pw')).toEqual({ level: 'same', identifier: 'project.pw' })
  })

  it('round-trips any identifier at any scope', () => {
    const identifier = fc.stringMatching(/^[a-zA-Z_][0-9a-zA-Z_]{0,20}$/)
    const target = fc.constantFrom(project, org, account)
    fc.assert(
      fc.property(identifier, target, (id, scope) => {
        const reference = formatReference(id, scope, project)
        expect(resolveReferenceScope(reference, project)).toEqual({ scope, identifier: id })
      }),
    )
  })
})
