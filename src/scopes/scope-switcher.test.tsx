import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { Scope } from '../lib/scope'
import { renderWithProviders } from '../test/render-with-providers'
import { ScopeSwitcher } from './scope-switcher'

const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

function renderSwitcher(scope: Scope = PAYMENTS) {
  const onChange = vi.fn<(scope: Scope) => void>()
  return { onChange, ...renderWithProviders(<ScopeSwitcher scope={scope} onChange={onChange} />) }
}

describe('the scope switcher’s New organization and New project', () => {
  it('creates a project in the current organization, its identifier derived from the name, and switches to it', async () => {
    const { user, onChange } = renderSwitcher()
    await user.click(screen.getByRole('button', { name: 'New project' }))
    const dialog = await screen.findByRole('dialog', { name: 'New project' })
    const name = within(dialog).getByRole('textbox', { name: 'Project Name' })
    await waitFor(() => expect(name).toHaveFocus())
    await user.type(name, 'Mobile App 2')
    expect(within(dialog).getByRole('textbox', { name: 'Project Identifier' })).toHaveValue('Mobile_App_2')
    await user.type(within(dialog).getByRole('textbox', { name: /^Description/ }), 'The iOS and Android apps')
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }))
    await waitFor(() => expect(onChange).toHaveBeenCalledWith({ ...PAYMENTS, projectIdentifier: 'Mobile_App_2' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  it('says at the field what is wrong: a rule the form checks, and an identifier the server finds taken', async () => {
    const { user, onChange } = renderSwitcher()
    await user.click(screen.getByRole('button', { name: 'New organization' }))
    const dialog = await screen.findByRole('dialog', { name: 'New organization' })
    await user.click(within(dialog).getByRole('button', { name: 'Create organization' }))
    expect(within(dialog).getByText('Name is required.')).toBeInTheDocument()
    expect(within(dialog).getByRole('textbox', { name: 'Organization Name' })).toHaveFocus()

    await user.type(within(dialog).getByRole('textbox', { name: 'Organization Name' }), 'platform')
    await user.click(within(dialog).getByRole('button', { name: 'Create organization' }))
    expect(
      await within(dialog).findByText('An organization with identifier [platform] is already present'),
    ).toBeInTheDocument()
    expect(within(dialog).getByRole('textbox', { name: 'Organization Identifier' })).toHaveFocus()
    expect(onChange).not.toHaveBeenCalled()
  })

  it('closes on Escape without creating anything', async () => {
    const { user, onChange } = renderSwitcher()
    await user.click(screen.getByRole('button', { name: 'New organization' }))
    await screen.findByRole('dialog', { name: 'New organization' })
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(onChange).not.toHaveBeenCalled()
  })
})
