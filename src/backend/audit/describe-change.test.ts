import { describe, expect, it } from 'vitest'
import type { ConnectorInfo } from '../../lib/api-types'
import { connectorRecord } from '../records'
import { PAYMENTS_SCOPE } from '../seed-data'
import { changeDescriber } from './describe-change'

const describer = changeDescriber({ type: 'USER', identifier: 'ana', name: 'Ana' }, '127.0.0.1', () => 1)

describe("a connector's audit event", () => {
  it('keeps every tag in its YAML, whatever the tag is called (toString, constructor, __proto__)', () => {
    // As a request's body is parsed: `__proto__` is a key of its own there, as any other.
    const connector = JSON.parse(
      JSON.stringify({
        name: 'Hub',
        identifier: 'hub',
        orgIdentifier: 'default',
        projectIdentifier: 'payments',
        type: 'DockerRegistry',
        spec: { dockerRegistryUrl: 'https://r.example', providerType: 'Other', auth: { type: 'Anonymous' } },
      }).replace('{', '{"tags":{"toString":"","constructor":"builder","__proto__":"x","team":"payments"},'),
    ) as ConnectorInfo
    const after = connectorRecord(PAYMENTS_SCOPE, connector, { createdAt: 1, lastModifiedAt: 1 })
    const event = describer({ resource: 'connector', scopeKey: after.scopeKey, identifier: 'hub', after })
    expect(event.yamlAfter).toContain(
      ['  tags:', '    __proto__: x', '    constructor: builder', '    team: payments', '    toString: ""'].join('\n'),
    )
  })
})
