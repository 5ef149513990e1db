import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CONNECTOR_TYPES, getConnectorType } from '../../connector-types/registry'
import type { DelegateGroup } from '../../lib/api-types'
import { ECR_TOKEN_SECRET } from '../../protocols/kit/simulated-servers'
import { simulateConnectionTest } from './connection-test-simulator'
import { describeSimulatedWorld, WORLD_ROWS } from './simulated-world'
import { connector, DELEGATES, inputFor, NOW, SECRETS, simulate, stageTitles, visibleText } from './test-fixtures'

const DOCKER_HUB = 'https://index.docker.io/v2/'

describe('delegate selection', () => {
  it('without selectors gives the task to the first connected delegate', () => {
    const plan = simulate('DockerRegistry', DOCKER_HUB)
    expect(plan.delegate).toEqual({ id: 'delegate_east', name: 'delegate-east' })
    expect(plan.result).toMatchObject({ delegateId: 'delegate_east', delegateName: 'delegate-east' })
    expect(plan.stages[0]?.log).toContain('Task assigned to delegate-east')
  })

  it("with selector helm picks delegate-west, and a delegate's own name works as a selector", () => {
    expect(simulate('HttpHelmRepo', 'https://charts.acme.test/stable', { selectors: ['helm'] }).delegate?.name).toBe(
      'delegate-west',
    )
    expect(
      simulate('HttpHelmRepo', 'https://charts.acme.test/stable', { selectors: ['delegate-west', 'K8S '] }).delegate
        ?.name,
    ).toBe('delegate-west')
  })

  it('selector legacy matches only the disconnected delegate-legacy: fails before any request and says so', () => {
    const plan = simulate('DockerRegistry', DOCKER_HUB, { selectors: ['legacy'] })
    expect(plan.result.failureKind).toBe('NO_DELEGATE')
    expect(plan.delegate).toBeUndefined()
    expect(stageTitles(plan)).toEqual(['Assign a delegate'])
    expect(plan.result.errorSummary).toBe(
      'No Eligible Delegate Found (No eligible delegates could perform the required capabilities for this task: selectors [legacy])',
    )
    expect(plan.result.explanations).toContain(
      'delegate-legacy matches but is disconnected (last heartbeat 3 days ago).',
    )
    expect(plan.result.hints).toContain(
      'Connected delegates: delegate-east (east, k8s, docker); delegate-west (west, k8s, helm).',
    )
    expect(plan.result.hints?.join(' ')).toContain('Remove the tag legacy')
  })

  it('selector gpu matches nobody: the hint names the tags of the connected delegates', () => {
    const plan = simulate('Nexus', 'https://nexus.acme.test', { selectors: ['gpu'] })
    expect(plan.result.failureKind).toBe('NO_DELEGATE')
    expect(plan.result.hints?.join(' ')).toContain('delegate-east (east, k8s, docker)')
    expect(plan.result.hints?.join(' ')).toContain('or choose Use any available Delegate')
    expect(plan.result.explanations?.join(' ')).not.toContain('disconnected')
  })

  it('tags that exist only on different delegates cannot be combined', () => {
    const plan = simulate('Nexus', 'https://nexus.acme.test', { selectors: ['east', 'helm'] })
    expect(plan.result.failureKind).toBe('NO_DELEGATE')
    expect(plan.result.hints?.join(' ')).toContain('No single connected delegate has all of east, helm')
  })

  it('with no connected delegate at all, says to start or install one', () => {
    const offline: DelegateGroup[] = DELEGATES.map((delegate) => ({ ...delegate, activelyConnected: false }))
    const plan = simulateConnectionTest({
      ...inputFor(connector('Nexus', 'https://nexus.acme.test')),
      delegates: offline,
    })
    expect(plan.result.failureKind).toBe('NO_DELEGATE')
    expect(plan.result.hints?.[0]).toMatch(/^Start one of delegate-east, delegate-west, delegate-legacy/)
  })
})

describe('password secret', () => {
  it('a reference to a secret that does not exist fails before any request', () => {
    const plan = simulate('Nexus', 'https://nexus.acme.test', {
      auth: { username: 'demo', passwordRef: 'org.demo_pasword' },
    })
    expect(plan.result.failureKind).toBe('MISSING_SECRET')
    expect(stageTitles(plan)).toEqual(['Assign a delegate', 'Resolve the password secret'])
    expect(plan.result.errorSummary).toBe(
      'Secret Not Found (Secret [org.demo_pasword] does not exist or has been deleted)',
    )
    expect(plan.result.hints?.[0]).toContain('create a text secret with identifier demo_pasword in the org scope')
  })

  it("a username without a password secret fails with Harness's text", () => {
    const plan = simulate('Artifactory', 'https://acme.jfrog.io/artifactory', {
      auth: { username: 'demo', passwordRef: '' },
    })
    expect(plan.result.failureKind).toBe('MISSING_SECRET')
    expect(plan.result.errors?.[0]?.message).toBe('Password is a required field along with Username')
  })

  it('a secret of another scope resolves through its reference', () => {
    const plan = simulate('Nexus', 'https://nexus.acme.test', {
      auth: { username: 'demo', passwordRef: 'account.shared_password' },
    })
    expect(plan.result.status).toBe('SUCCESS')
    expect(plan.stages[1]?.log.join(' ')).toContain('looked up in the account scope')
  })

  it('a password that the user also typed as the username is written nowhere: the username is withheld', () => {
    const secrets = { leaky: { identifier: 'leaky', value: 'hunter2-secret', updatedAt: NOW } }
    const info = connector('DockerRegistry', 'https://registry.acme.test:5000', {
      auth: { username: 'hunter2-secret', passwordRef: 'leaky' },
    })
    const plan = simulateConnectionTest(inputFor(info, secrets))
    expect(plan.result.failureKind).toBe('BAD_CREDENTIALS')
    expect(visibleText(plan).join('\n')).not.toContain('hunter2-secret')
    expect(visibleText(plan).join('\n')).toContain('user (withheld: it repeats the password)')
  })

  it('never rewrites its own words, however short the password: "pass" leaves "password" whole', () => {
    const secrets = { short: { identifier: 'short', value: 'pass', updatedAt: NOW } }
    const info = connector('Nexus', 'https://nexus.acme.test', { auth: { username: 'demo', passwordRef: 'short' } })
    const plan = simulateConnectionTest(inputFor(info, secrets))
    const text = visibleText(plan).join('\n')
    expect(plan.stages.map((stage) => stage.title)).toContain('Resolve the password secret')
    expect(text).toContain('with the password in short')
    expect(text).not.toMatch(/\*{3,}word/)
  })

  it('never touches statuses, kinds or identifiers, whatever the password', () => {
    for (const value of ['FAILURE', 'SUCCESS', 'BAD_CREDENTIALS', 'delegate_east', 'Invalid Credentials']) {
      const secrets = { odd: { identifier: 'odd', value, updatedAt: NOW } }
      const info = connector('Nexus', 'https://nexus.acme.test', { auth: { username: 'demo', passwordRef: 'odd' } })
      const plan = simulateConnectionTest(inputFor(info, secrets))
      expect(plan.result).toMatchObject({
        status: 'FAILURE',
        failureKind: 'BAD_CREDENTIALS',
        delegateId: 'delegate_east',
      })
      expect(plan.result.errors?.[0]?.reason).toBe('Invalid Credentials')
    }
  })
})

describe('determinism', () => {
  it('the same input gives a deep-equal plan', () => {
    for (const [type, url] of [
      ['DockerRegistry', DOCKER_HUB],
      ['OciHelmRepo', 'registry.acme.test:5000/charts'],
      ['Nexus', 'https://slow.acme.test'],
    ]) {
      const input = inputFor(connector(type!, url!))
      const copy = {
        ...input,
        connector: structuredClone(input.connector),
        delegates: structuredClone(input.delegates),
      }
      expect(simulateConnectionTest(input)).toEqual(simulateConnectionTest(copy))
    }
  })

  it('does not change its input', () => {
    const input = inputFor(connector('Artifactory', 'https://acme.jfrog.io/artifactory', { selectors: ['East'] }))
    const before = structuredClone(input.connector)
    simulateConnectionTest(input)
    expect(input.connector).toEqual(before)
  })
})

describe('the world guide and the simulator agree', () => {
  const world = describeSimulatedWorld()

  it('lists every row of the world plus the unknown-host rule, and the credentials', () => {
    expect(world.servers.map((server) => server.url)).toEqual([...WORLD_ROWS.map((row) => row.url), 'any other host'])
    expect(world.credentials.map((credential) => credential.passwordSecret)).toEqual([
      'demo_password',
      'ecr_token',
      'ecr_token_expired',
    ])
    expect(world.servers.find((server) => server.url === 'https://harbor.acme.test')?.anonymous).toBe('refused')
  })

  const uses = WORLD_ROWS.flatMap((row) => row.useWith.map((use) => ({ row, use })))
  it.each(uses.map(({ row, use }) => [row.url, use.type, use] as const))(
    '%s with %s succeeds as the guide says',
    (url, type, use) => {
      const row = WORLD_ROWS.find((candidate) => candidate.url === url)!
      const auth = row.credentials === 'aws-ecr' ? { username: 'AWS', passwordRef: ECR_TOKEN_SECRET } : undefined
      const plan = simulate(type, url, { auth, settings: { ...use.settings } })
      expect(plan.result.errorSummary).toBeUndefined()
      expect(plan.result.status).toBe('SUCCESS')
    },
  )

  it('every other connector type fails against each row', () => {
    for (const row of WORLD_ROWS) {
      for (const definition of CONNECTOR_TYPES.filter((type) => !row.useWith.some((use) => use.type === type.type))) {
        const plan = simulate(definition.type, row.url)
        expect(plan.result.status, `${definition.type} at ${row.url}`).toBe('FAILURE')
      }
    }
  })
})

describe('properties', () => {
  const types = CONNECTOR_TYPES.map((definition) => definition.type)
  const urls = fc.oneof(
    fc.webUrl(),
    fc.string(),
    fc.constantFrom(...WORLD_ROWS.map((row) => row.url), 'oci://registry.acme.test:5000', ' https://QUAY.io/ '),
  )
  const arbitraryTest = fc.record({
    type: fc.constantFrom(...types),
    url: urls,
    username: fc.string(),
    secret: fc.string({ minLength: 8, maxLength: 40 }),
    anonymous: fc.boolean(),
    selectors: fc.array(fc.constantFrom('east', 'west', 'k8s', 'helm', 'gpu', 'legacy', ''), { maxLength: 3 }),
    setting: fc.oneof(fc.constantFrom('DockerHub', 'Harbor', 'Quay', 'Other', '3.x', '2.x'), fc.string()),
    ageHours: fc.integer({ min: -5, max: 100 }),
  })

  it('never throws, always has a stage, and never shows the secret value', () => {
    fc.assert(
      fc.property(arbitraryTest, (test) => {
        const definition = getConnectorType(test.type)
        const settings = Object.fromEntries(definition.fields.map((field) => [field.key, test.setting]))
        const info = connector(test.type, test.url, {
          auth: test.anonymous ? 'Anonymous' : { username: test.username, passwordRef: 'generated' },
          selectors: test.selectors,
          settings,
        })
        const secrets = {
          generated: { identifier: 'generated', value: test.secret, updatedAt: NOW - test.ageHours * 3_600_000 },
        }
        const plan = simulateConnectionTest(inputFor(info, secrets))
        expect(plan.stages.length).toBeGreaterThanOrEqual(1)
        expect(['SUCCESS', 'FAILURE']).toContain(plan.result.status)
        if (plan.result.status === 'FAILURE') expect(plan.result.failureKind).toBeDefined()
        for (const text of visibleText(plan)) expect(text).not.toContain(test.secret)
      }),
      { numRuns: 400 },
    )
  })

  it('never shows a seeded secret value either', () => {
    for (const secret of Object.values(SECRETS)) {
      for (const row of WORLD_ROWS) {
        const plan = simulate('DockerRegistry', row.url, { auth: { username: 'AWS', passwordRef: secret.identifier } })
        expect(visibleText(plan).join('\n')).not.toContain(secret.value)
      }
    }
  })
})
