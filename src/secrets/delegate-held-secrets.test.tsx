import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { PAYMENTS } from '../backend/api-test-helpers'
import { mockStore } from '../demo-backend/node-mock-backend'
import { secretPathProblem, variableNameProblem } from '../lib/delegate-held-secrets'
import { renderWithProviders } from '../test/render-with-providers'
import { SecretPickerDialog } from './secret-picker-dialog'
import { SecretsPage } from './secrets-page'

/**
 * Secrets the delegate holds in the Secrets page and the picker (decision 028): New and Edit
 * offer where the value lives and refuse what the API refuses, in its words, at the field; the
 * list and the picker say where each secret lives.
 */

const rowOf = (name: string) =>
  within(screen.getByRole('table', { name: 'Secrets of project payments' }))
    .getAllByRole('row')
    .find((candidate) => candidate.querySelector('.secret-cell__name')?.textContent === name)

describe('secrets the delegate holds, in the app', () => {
  it('creates one naming a variable, after refusing the server’s key with the API’s words', async () => {
    const { user } = renderWithProviders(<SecretsPage />)
    await user.click(await screen.findByRole('button', { name: /New Secret/ }))
    const form = screen.getByRole('form', { name: 'New Secret Text' })
    await user.type(within(form).getByLabelText('Secret Name'), 'Registry pass')
    await user.click(within(form).getByRole('radio', { name: 'Delegate environment variable' }))
    expect(within(form).queryByLabelText('Secret Value')).not.toBeInTheDocument()
    const variable = within(form).getByLabelText('Variable name')
    await user.type(variable, 'CONNECTORS_SECRET_KEY')
    await user.click(within(form).getByRole('button', { name: 'Save secret' }))
    expect(await within(form).findByText(variableNameProblem('CONNECTORS_SECRET_KEY')!)).toBeInTheDocument()
    expect(variable).toHaveFocus()
    expect(variable).toHaveAttribute('aria-invalid', 'true')
    expect(await mockStore.getSecret(PAYMENTS, 'Registry_pass')).toBeUndefined()

    await user.clear(variable)
    await user.type(variable, 'CONNECTORS_DELEGATE_SECRET_REG_PASS')
    await user.click(within(form).getByRole('button', { name: 'Save secret' }))
    await waitFor(() => expect(screen.queryByRole('form', { name: 'New Secret Text' })).not.toBeInTheDocument())
    const stored = await mockStore.getSecret(PAYMENTS, 'Registry_pass')
    expect(stored?.secret.spec).toEqual({
      secretManagerIdentifier: 'delegateEnvironment',
      valueType: 'Reference',
      value: 'CONNECTORS_DELEGATE_SECRET_REG_PASS',
    })
    expect(stored?.value).toBe('')
    await waitFor(() =>
      expect(rowOf('Registry pass')).toHaveTextContent('Delegate environment: CONNECTORS_DELEGATE_SECRET_REG_PASS'),
    )
    expect(rowOf('Demo password')).toHaveTextContent('Stored on the server')
  })

  it('moves a stored secret to the delegate’s secret directory, refusing a path that climbs out', async () => {
    const { user } = renderWithProviders(<SecretsPage />)
    await user.click(await screen.findByRole('button', { name: 'Edit Old password' }))
    const dialog = screen.getByRole('dialog', { name: 'Edit Old password' })
    await user.click(within(dialog).getByRole('radio', { name: 'File in the delegate’s secret directory' }))
    const path = within(dialog).getByLabelText('File path')
    await user.type(path, '../../etc/passwd')
    await user.click(within(dialog).getByRole('button', { name: 'Save secret' }))
    expect(await within(dialog).findByText(secretPathProblem('../../etc/passwd')!)).toBeInTheDocument()
    expect(path).toHaveFocus()

    await user.clear(path)
    await user.type(path, 'registry/password')
    await user.click(within(dialog).getByRole('button', { name: 'Save secret' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const stored = await mockStore.getSecret(PAYMENTS, 'old_password')
    expect(stored?.secret.spec).toMatchObject({
      secretManagerIdentifier: 'delegateSecretDir',
      value: 'registry/password',
    })
    // The stored value is gone, not kept aside.
    expect(stored?.value).toBe('')
    await waitFor(() => expect(rowOf('Old password')).toHaveTextContent('Delegate secret directory: registry/password'))
  })

  it('shows in the picker where each secret lives', async () => {
    await mockStore.createSecret({
      ...(await mockStore.getSecret(PAYMENTS, 'demo_password'))!,
      key: 'held',
      secret: {
        type: 'SecretText',
        name: 'Held by the delegate',
        identifier: 'held_by_delegate',
        tags: {},
        orgIdentifier: 'default',
        projectIdentifier: 'payments',
        spec: {
          secretManagerIdentifier: 'delegateEnvironment',
          valueType: 'Reference',
          value: 'CONNECTORS_DELEGATE_SECRET_X',
        },
      },
      value: '',
    })
    renderWithProviders(
      <SecretPickerDialog
        open
        ownerScope={PAYMENTS}
        selectedReference=""
        onSelect={() => undefined}
        onClose={() => undefined}
      />,
    )
    const held = await screen.findByRole('radio', { name: /Held by the delegate/ })
    expect(held.closest('label')).toHaveTextContent('Delegate environment: CONNECTORS_DELEGATE_SECRET_X')
    expect(screen.getByRole('radio', { name: /Demo password/ }).closest('label')).toHaveTextContent(
      'Stored on the server',
    )
  })
})
