import { describe, expect, it } from 'vitest'
import { connectorKeyProblems } from './connector-keys'

/** A Docker Registry connector as Harness writes it, with every key it may have. */
function docker(change: (connector: Record<string, unknown>) => void = () => {}): Record<string, unknown> {
  const connector: Record<string, unknown> = {
    name: 'Team registry',
    identifier: 'team_registry',
    description: '',
    orgIdentifier: 'default',
    projectIdentifier: 'payments',
    tags: { team: 'payments', anything: 'goes here' },
    type: 'DockerRegistry',
    spec: {
      dockerRegistryUrl: 'https://registry.acme.test:5000',
      providerType: 'Other',
      auth: { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: 'demo_password' } },
      delegateSelectors: ['east'],
      executeOnDelegate: true,
      proxy: false,
    },
  }
  change(connector)
  return connector
}

const spec = (connector: Record<string, unknown>) => connector.spec as Record<string, unknown>
const auth = (connector: Record<string, unknown>) => spec(connector).auth as Record<string, unknown>

describe('keys a connector does not have', () => {
  it('finds none in a connector as Harness writes it, tags being free', () => {
    expect(connectorKeyProblems(docker())).toEqual([])
  })

  it('names a misspelt delegateSelectors and suggests the key', () => {
    const connector = docker((value) => {
      delete spec(value).delegateSelectors
      spec(value).delegateSelector = ['east']
    })

    expect(connectorKeyProblems(connector)).toEqual([
      {
        fieldId: 'spec.delegateSelector',
        error:
          'spec.delegateSelector is not a field of a Docker Registry connector: did you mean delegateSelectors? Unknown fields are refused, not ignored.',
      },
    ])
  })

  it.each([
    ['connector', (value: Record<string, unknown>) => (value.idenifier = 'x'), 'idenifier', 'identifier'],
    [
      'spec',
      (value: Record<string, unknown>) => (spec(value).dockerRegistryURL = 'x'),
      'spec.dockerRegistryURL',
      'dockerRegistryUrl',
    ],
    ['spec.auth', (value: Record<string, unknown>) => (auth(value).tpye = 'x'), 'spec.auth.tpye', 'type'],
    [
      'spec.auth.spec',
      (value: Record<string, unknown>) => ((auth(value).spec as Record<string, unknown>).passwordref = 'x'),
      'spec.auth.spec.passwordref',
      'passwordRef',
    ],
  ])('at %s, with the nearest known key', (_, change, fieldId, suggestion) => {
    const [found] = connectorKeyProblems(docker(change))

    expect(found?.fieldId).toBe(fieldId)
    expect(found?.error).toContain(`did you mean ${suggestion}?`)
  })

  it('lists the keys there are when none is close', () => {
    const [found] = connectorKeyProblems(docker((value) => (spec(value).mirror = 'https://mirror.acme.test')))

    expect(found).toEqual({
      fieldId: 'spec.mirror',
      error:
        'spec.mirror is not a field of a Docker Registry connector. Its spec has dockerRegistryUrl, providerType, auth, delegateSelectors, executeOnDelegate and proxy. Unknown fields are refused, not ignored.',
    })
  })

  it('says where a key of spec belongs when it is given at the top', () => {
    const [found] = connectorKeyProblems(docker((value) => (value.delegateSelectors = ['east'])))

    expect(found?.fieldId).toBe('delegateSelectors')
    expect(found?.error).toContain('did you mean spec.delegateSelectors?')
  })

  it('refuses credentials under Anonymous, which sends none', () => {
    const connector = docker((value) => (auth(value).type = 'Anonymous'))

    expect(connectorKeyProblems(connector).map((found) => found.fieldId)).toEqual([
      'spec.auth.spec.username',
      'spec.auth.spec.passwordRef',
    ])
    expect(connectorKeyProblems(connector)[0]?.error).toContain('Anonymous authentication has no credentials')
  })

  it("accepts Harness's spec: null for Anonymous, and leaves unknown types and methods to their own errors", () => {
    expect(connectorKeyProblems(docker((value) => (spec(value).auth = { type: 'Anonymous', spec: null })))).toEqual([])
    expect(connectorKeyProblems(docker((value) => (value.type = 'Gitea')))).toEqual([])
    expect(connectorKeyProblems(docker((value) => (auth(value).type = 'Token')))).toEqual([])
  })

  it('refuses executeOnDelegate on a type whose Harness spec has none (Nexus)', () => {
    const nexus = {
      name: 'Nexus',
      identifier: 'nexus',
      tags: {},
      type: 'Nexus',
      spec: {
        nexusServerUrl: 'https://nexus.acme.test',
        version: '3.x',
        auth: { type: 'Anonymous' },
        delegateSelectors: [],
        executeOnDelegate: true,
      },
    }

    expect(connectorKeyProblems(nexus).map((found) => found.fieldId)).toEqual(['spec.executeOnDelegate'])
  })

  it("accepts Harness's proxy: false on Docker, and refuses proxy: true, which this product cannot honour", () => {
    expect(connectorKeyProblems(docker((value) => (spec(value).proxy = true)))).toEqual([
      {
        fieldId: 'spec.proxy',
        error:
          "proxy: true asks for Harness's Secure Connect, which this product does not have: the delegate connects to the registry itself. Remove proxy or set it to false.",
      },
    ])
  })

  it('reads nothing but maps: a body of another shape is the contract’s to refuse', () => {
    expect(connectorKeyProblems(null)).toEqual([])
    expect(connectorKeyProblems(docker((value) => (value.spec = 'text')))).toEqual([])
  })
})
