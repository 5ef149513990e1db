import { screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { call, PAYMENTS } from '../backend/api-test-helpers'
import { mockStore, server } from '../demo-backend/node-mock-backend'
import type { ConnectorResponse } from '../lib/api-types'
import { connectorFromYaml, connectorToYaml } from './connector-yaml'
import type * as RegistryModule from './registry'
import { GENERIC_HTTP_REPOSITORY } from './test-fixtures/sixth-type'

// The registry gains a sixth type here and nowhere else: screens and the backend read it.
vi.mock('./registry', async (importOriginal) => {
  const registry = await importOriginal<typeof RegistryModule>()
  const { GENERIC_HTTP_REPOSITORY: sixth } = await import('./test-fixtures/sixth-type')
  const types = [...registry.CONNECTOR_TYPES, sixth]
  const findConnectorType = (type: string) => types.find((definition) => definition.type === type)
  return {
    ...registry,
    CONNECTOR_TYPES: types,
    findConnectorType,
    getConnectorType: (type: string) => {
      const definition = findConnectorType(type)
      if (!definition) throw new Error(`Unknown connector type: ${type}`)
      return definition
    },
  }
})

describe('a sixth connector type, defined only in a test fixture', () => {
  // The shared test backend (and what it imports) was loaded before this file's mock: load
  // fresh copies that see it.
  beforeEach(async () => {
    vi.resetModules()
    const { createHandlers } = await import('../demo-backend/msw-host')
    server.use(...createHandlers({ store: mockStore, latency: 0 }))
  })

  it('is offered in the catalog, walks the wizard and is saved', async () => {
    // Screens imported after the mock, like the backend above, so that they read it too.
    const { ConnectorsPage } = await import('../connectors/connectors-page')
    const { renderWithProviders } = await import('../test/render-with-providers')
    const { user } = renderWithProviders(<ConnectorsPage />)
    await user.click(await screen.findByRole('button', { name: 'New Connector' }))
    const catalog = await screen.findByRole('dialog', { name: 'New Connector' })
    await user.click(await within(catalog).findByRole('button', { name: 'Generic HTTP Repository' }))

    const wizard = await screen.findByRole('dialog', { name: 'New Generic HTTP Repository connector' })
    await user.type(within(wizard).getByRole('textbox', { name: 'Name' }), 'Release files')
    await user.click(within(wizard).getByRole('button', { name: 'Continue' }))

    await within(wizard).findByRole('heading', { name: 'Details' })
    // Its own URL label and extra field, and its default method (Anonymous) first.
    await user.type(within(wizard).getByRole('textbox', { name: 'Repository Base URL' }), 'https://files.acme.test/rel')
    await user.click(within(wizard).getByRole('radio', { name: 'Versioned folders' }))
    expect(within(wizard).getByRole('radio', { name: 'Anonymous (no credentials required)' })).toBeChecked()
    await user.click(within(wizard).getByRole('button', { name: 'Continue' }))

    await within(wizard).findByRole('heading', { name: 'Delegates Setup' })
    await user.click(within(wizard).getByRole('button', { name: 'Save and Continue' }))
    await within(wizard).findByRole('heading', { name: 'Test Connection' })

    const saved = await call<ConnectorResponse>('GET', '/ng/api/connectors/Release_files', { scope: PAYMENTS })
    expect(saved.status).toBe(200)
    expect(saved.data.connector).toMatchObject({
      type: 'GenericHttpRepo',
      name: 'Release files',
      spec: { repositoryBaseUrl: 'https://files.acme.test/rel', layout: 'Versioned', auth: { type: 'Anonymous' } },
    })
    await waitFor(() => expect(within(wizard).queryByText(/Connection (successful|failed)/)).toBeInTheDocument())
  })

  it('round-trips through Harness YAML', async () => {
    const { emptyConnectorForm, fromConnectorInfo, toConnectorInfo } = await import('./connector-model')
    const form = {
      ...emptyConnectorForm(GENERIC_HTTP_REPOSITORY),
      name: 'Release files',
      identifier: 'release_files',
      tags: ['team:platform'],
      url: 'https://files.acme.test/rel',
      extras: { layout: 'Versioned' },
      auth: {
        ...emptyConnectorForm(GENERIC_HTTP_REPOSITORY).auth,
        type: 'UsernamePassword',
        username: 'ci',
        passwordRef: 'files_password',
      },
    }
    const connector = toConnectorInfo('GenericHttpRepo', form, PAYMENTS)
    const yaml = connectorToYaml(connector)
    expect(yaml).toContain('repositoryBaseUrl: https://files.acme.test/rel')
    const read = connectorFromYaml(yaml)
    if ('error' in read) throw new Error(read.error)
    expect(read.connector).toEqual(connector)
    expect(fromConnectorInfo(read.connector)).toEqual({ ...form, description: '' })
  })
})
