import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderWithProviders } from '../test/render-with-providers'
import { ConnectorsPage } from './connectors-page'

describe('opening the wizard from the catalog', () => {
  it('puts the user in Name with no error shown, and keeps every keystroke', async () => {
    const { user } = renderWithProviders(<ConnectorsPage />)
    await user.click(await screen.findByRole('button', { name: 'New Connector' }))
    const catalog = await screen.findByRole('dialog', { name: 'New Connector' })
    await user.click(await within(catalog).findByRole('button', { name: 'Docker Registry' }))
    const wizard = await screen.findByRole('dialog', { name: 'New Docker Registry connector' })
    const name = within(wizard).getByRole('textbox', { name: 'Name' })
    // Whatever the closing catalog does with focus (now or in a later task, as the browser's
    // `close` event) must have happened before we look: wait until it is gone, then one task more.
    await waitFor(() => expect(catalog).not.toBeInTheDocument())
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
    expect(name).toHaveFocus()
    expect(within(wizard).queryByText('Name is required.')).not.toBeInTheDocument()
    await user.keyboard('Abcdef')
    expect(name).toHaveValue('Abcdef')
  })
})
