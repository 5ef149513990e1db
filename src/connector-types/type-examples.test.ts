import { describe, expect, it } from 'vitest'
import { createSeedState } from '../backend/seed-data'
import { simulateConnectionTest } from '../backend/simulator/connection-test-simulator'
import type { Scope } from '../lib/scope'
import { buildConnectorFormSchema } from './connector-form-schema'
import type { ConnectorFormValues } from './connector-model'
import { emptyConnectorForm, fromConnectorInfo, toConnectorInfo } from './connector-model'
import type { ConnectorTypeDefinition } from './connector-type'
import { connectorFromYaml, connectorToYaml } from './connector-yaml'
import { CONNECTOR_TYPES } from './registry'

/**
 * Every type is tested through its own registry entry: its example (the row each test table
 * used to repeat) must pass its form, survive the API and YAML mappings, and connect in the
 * simulated world. A new type is covered here by its definition alone.
 */

const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

function exampleForm(definition: ConnectorTypeDefinition): ConnectorFormValues {
  const { example } = definition
  const empty = emptyConnectorForm(definition)
  return {
    ...empty,
    name: example.name,
    identifier: example.name.replace(/\W+/g, '_'),
    url: example.url,
    extras: { ...empty.extras, ...example.extras },
    auth:
      example.credentials === 'anonymous'
        ? { ...empty.auth, type: 'Anonymous' }
        : {
            ...empty.auth,
            type: 'UsernamePassword',
            username: example.credentials.username,
            passwordRef: example.credentials.passwordSecret,
          },
    delegates: example.delegateTags?.length
      ? { mode: 'tagged', selectors: [...example.delegateTags] }
      : { mode: 'any', selectors: [] },
  }
}

describe.each(CONNECTOR_TYPES.map((definition) => [definition.label, definition] as const))('%s', (_, definition) => {
  it('offers its example credentials among its authentication methods', () => {
    const wanted = definition.example.credentials === 'anonymous' ? 'Anonymous' : 'UsernamePassword'
    expect(definition.authTypes).toContain(wanted)
  })

  it('accepts its example in the wizard’s form', () => {
    const result = buildConnectorFormSchema(definition).safeParse(exampleForm(definition))
    expect(result.error?.issues ?? []).toEqual([])
  })

  it('maps its example to the API and back without loss', () => {
    const form = exampleForm(definition)
    const connector = toConnectorInfo(definition.type, form, PAYMENTS)
    expect(connector.spec[definition.url.specKey]).toBe(definition.url.normalize(definition.example.url))
    const back = fromConnectorInfo(connector)
    expect({ ...back, url: definition.url.normalize(back.url) }).toEqual({
      ...form,
      url: definition.url.normalize(form.url),
    })
  })

  it('round-trips its example through Harness YAML', () => {
    const connector = toConnectorInfo(definition.type, exampleForm(definition), PAYMENTS)
    const read = connectorFromYaml(connectorToYaml(connector))
    expect(read).toEqual({ connector })
  })

  it('connects in the simulated world with its example', () => {
    const state = createSeedState(Date.now())
    const connector = toConnectorInfo(definition.type, exampleForm(definition), PAYMENTS)
    const plan = simulateConnectionTest({
      connector,
      // The example's secrets are seeded in its own project.
      resolveSecret: (reference) => {
        const secret = state.secrets.find((record) => record.key === `acme/default/payments/${reference}`)
        return secret && { identifier: secret.secret.identifier, value: secret.value, updatedAt: secret.updatedAt }
      },
      delegates: state.delegates,
      now: Date.now(),
    })
    expect(plan.result.status).toBe('SUCCESS')
    // The stages the wizard lists before the test runs are the ones a passing test runs.
    expect(plan.planned).toEqual(plan.stages.map((stage) => stage.title))
  })
})
