import { describe, expect, it } from 'vitest'
import { AUTH_METHODS } from '../connector-types/auth-methods'
import { CONNECTOR_TYPES } from '../connector-types/registry'
import { PROTOCOLS } from './protocols'

describe('the protocol list', () => {
  it.each(CONNECTOR_TYPES.map((type) => [type.label, type] as const))(
    '%s names a protocol that exists, and offers only methods it can send',
    (_, type) => {
      const protocol = PROTOCOLS.find((candidate) => candidate.id === type.connectionTest.protocol)
      expect(protocol, `no protocol ${type.connectionTest.protocol}`).toBeDefined()
      for (const id of type.authTypes) {
        const method = AUTH_METHODS[id]
        const kind = method.credentials(method.toSpec(method.emptyForm())).scheme
        if (kind !== 'none') expect(protocol?.credentialKinds).toContain(kind)
      }
    },
  )

  it('has one entry per id, and each check plays the same simulator as its protocol', () => {
    expect(new Set(PROTOCOLS.map((protocol) => protocol.id)).size).toBe(PROTOCOLS.length)
    for (const protocol of PROTOCOLS) expect(protocol.check.simulator).toBe(protocol.simulator)
  })
})
