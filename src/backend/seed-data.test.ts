import { describe, expect, it } from 'vitest'
import { buildConnectorFormSchema } from '../connector-types/connector-form-schema'
import { fromConnectorInfo } from '../connector-types/connector-model'
import { getConnectorType } from '../connector-types/registry'
import { identifierProblem, nameProblem } from '../lib/entity-names'
import { accountIdentifierOf, createSeedState, createServerSeedState } from './seed-data'

/**
 * Seed data a user may open in the wizard must pass every rule the wizard enforces: editing a
 * seeded connector must never force a rename (the demo once seeded "Docker Hub (public)").
 */
describe.each([
  ['the demo', createSeedState(Date.now())],
  ['a new server', createServerSeedState(Date.now())],
])('the seed of %s', (_, state) => {
  it.each(state.connectors.map((record) => [record.connector.name, record] as const))(
    'connector %s passes the wizard’s form as it is',
    (_name, record) => {
      const definition = getConnectorType(record.connector.type)
      const result = buildConnectorFormSchema(definition).safeParse(fromConnectorInfo(record.connector))
      expect(result.error?.issues ?? []).toEqual([])
    },
  )

  it('names its secrets and pipelines as the forms allow', () => {
    for (const record of state.secrets) {
      expect([nameProblem(record.secret.name), identifierProblem(record.secret.identifier)]).toEqual([
        undefined,
        undefined,
      ])
    }
    for (const record of state.pipelines) {
      expect([nameProblem(record.name), identifierProblem(record.identifier)]).toEqual([undefined, undefined])
    }
  })
})

describe('a real server’s first start', () => {
  it('creates its account, organization default and project default_project, and nothing else', () => {
    const state = createServerSeedState(1_000, { accountName: 'Acme Corp.' })
    expect(state.scopes.map((record) => [record.key, record.name])).toEqual([
      ['acme_corp_//', 'Acme Corp.'],
      ['acme_corp_/default/', 'Default'],
      ['acme_corp_/default/default_project', 'Default Project'],
    ])
    expect(state.scopes[1]?.description).toBe('Default Organization')
    expect([state.connectors, state.secrets, state.pipelines, state.delegates]).toEqual([[], [], [], []])
  })

  it('names the account "Default Account" (default_account) unless told otherwise', () => {
    expect(createServerSeedState(1_000).scopes[0]).toMatchObject({
      identifier: 'default_account',
      name: 'Default Account',
    })
    expect(accountIdentifierOf('ACME')).toBe('acme')
    expect(accountIdentifierOf('42 Labs')).toBe('_42_labs')
  })
})
