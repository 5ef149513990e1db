import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { PAYMENTS, call, createConnector, dockerConnector } from '../../backend/api-test-helpers'
import type { ConnectorResponse } from '../../lib/api-types'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorsPage } from '../connectors-page'

async function stored(identifier: string) {
  const answer = await call<ConnectorResponse>('GET', `/ng/api/connectors/${identifier}`, { scope: PAYMENTS })
  return answer.status === 200 ? answer.data : undefined
}

async function cloneFromRow(user: ReturnType<typeof renderWithProviders>['user'], name: string) {
  await user.click(await screen.findByRole('button', { name: `Clone ${name}` }))
  return screen.findByRole('dialog', { name: /^New .* connector$/ })
}

describe('Clone', () => {
  it('opens the wizard on a new connector made from the row, and saves nothing until Save and Continue', async () => {
    await createConnector(PAYMENTS, {
      ...dockerConnector(PAYMENTS, 'private_registry'),
      description: 'Internal images',
      tags: { team: 'payments' },
    })
    const { user } = renderWithProviders(<ConnectorsPage />, { scope: PAYMENTS })
    const wizard = await cloneFromRow(user, 'Docker private_registry')
    expect(wizard).toHaveAccessibleName('New Docker Registry connector')
    expect(within(wizard).getByRole('textbox', { name: 'Name' })).toHaveValue('Docker private_registry copy')
    const identifier = within(wizard).getByRole('textbox', { name: 'Identifier' })
    expect(identifier).toHaveValue('private_registry_copy')
    expect(identifier).not.toHaveAttribute('readonly')
    expect(await stored('private_registry_copy')).toBeUndefined()

    await user.click(within(wizard).getByRole('button', { name: 'Continue' }))
    expect(await within(wizard).findByRole('textbox', { name: 'Docker Registry URL' })).toHaveValue(
      'https://registry.acme.test:5000',
    )
    // The secret is referred to, as in the original: nothing to pick again.
    expect(await within(wizard).findByText(/Demo password/)).toBeInTheDocument()
    await user.click(within(wizard).getByRole('button', { name: 'Continue' }))
    await user.click(await within(wizard).findByRole('button', { name: 'Save and Continue' }))
    expect(await within(wizard).findByRole('heading', { name: 'Test Connection' })).toBeInTheDocument()

    const original = (await stored('private_registry'))!.connector
    const copy = (await stored('private_registry_copy'))!.connector
    expect(copy).toEqual({ ...original, name: 'Docker private_registry copy', identifier: 'private_registry_copy' })
    expect(copy.spec.auth).toEqual({
      type: 'UsernamePassword',
      spec: { username: 'demo', passwordRef: 'demo_password' },
    })
  })

  it('picks the next free identifier when a copy exists, and is offered in Details', async () => {
    const original = (await stored('docker_hub_public'))!.connector
    await call('POST', '/ng/api/connectors', {
      scope: PAYMENTS,
      body: { connector: { ...original, name: 'Docker Hub public copy', identifier: 'docker_hub_public_copy' } },
    })
    const { user } = renderWithProviders(<ConnectorsPage />, { scope: PAYMENTS })
    await user.click(await screen.findByRole('button', { name: 'Details of Docker Hub public' }))
    const details = await screen.findByRole('dialog', { name: 'Docker Hub public' })
    await user.click(within(details).getByRole('button', { name: 'Clone' }))
    const wizard = await screen.findByRole('dialog', { name: 'New Docker Registry connector' })
    await waitFor(() => expect(details).not.toBeInTheDocument())
    expect(within(wizard).getByRole('textbox', { name: 'Identifier' })).toHaveValue('docker_hub_public_copy_2')
  })
})
