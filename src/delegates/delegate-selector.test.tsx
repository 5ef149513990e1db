import { screen, within } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SCOPE } from '../scopes/scope-paths'
import { renderWithProviders } from '../test/render-with-providers'
import { type DelegateSelection, DelegateSelector } from './delegate-selector'

function Harness({ initial }: { initial: DelegateSelection }) {
  const [value, setValue] = useState(initial)
  return (
    <>
      <DelegateSelector scope={DEFAULT_SCOPE} value={value} onChange={setValue} />
      <output data-testid="chosen">{value.selectors.join('|')}</output>
    </>
  )
}

const tagField = () => screen.getByRole('textbox', { name: 'Add a delegate tag' })
const count = () => screen.getByText(/delegates match/)
const chosen = () => screen.getByTestId('chosen').textContent

describe('typing a delegate tag no delegate has yet', () => {
  it('adds it with Enter or Add as a removable chip, and the count says in words that no delegate matches', async () => {
    const { user } = renderWithProviders(<Harness initial={{ mode: 'tagged', selectors: [] }} />)
    await screen.findByText(/delegates match/)
    await user.type(tagField(), 'gpu-runner{Enter}')
    expect(chosen()).toBe('gpu-runner')
    expect(tagField()).toHaveValue('')
    const chips = screen.getByRole('list', { name: 'Delegate tags chosen' })
    expect(within(chips).getByText('gpu-runner')).toBeInTheDocument()
    expect(count()).toHaveTextContent(/^0 delegates match/)
    expect(count()).toHaveAttribute('role', 'status')
    expect(screen.getByText(/A delegate started later with these tags will take the tests/)).toBeInTheDocument()

    await user.type(tagField(), 'docker')
    await user.click(screen.getByRole('button', { name: 'Add' }))
    expect(chosen()).toBe('gpu-runner|docker')

    await user.click(within(chips).getByRole('button', { name: 'Remove gpu-runner' }))
    expect(chosen()).toBe('docker')
    expect(count()).not.toHaveTextContent(/^0 delegates match/)
  })

  it('refuses at the field what the API refuses, keeping what was typed', async () => {
    const { user } = renderWithProviders(<Harness initial={{ mode: 'tagged', selectors: ['docker'] }} />)
    await screen.findByText(/delegates match/)
    await user.type(tagField(), 'east,west{Enter}')
    expect(screen.getByText(/A delegate tag cannot contain a comma/)).toBeInTheDocument()
    expect(tagField()).toHaveValue('east,west')
    expect(tagField()).toHaveAccessibleDescription(/cannot contain a comma/)
    expect(chosen()).toBe('docker')

    await user.clear(tagField())
    await user.type(tagField(), 'DOCKER{Enter}')
    expect(screen.getByText(/docker is already chosen/)).toBeInTheDocument()
    expect(chosen()).toBe('docker')
  })

  it('adds a tag only when asked: leaving the field or Backspace in an empty one changes nothing', async () => {
    const { user } = renderWithProviders(<Harness initial={{ mode: 'tagged', selectors: ['docker'] }} />)
    await screen.findByText(/delegates match/)
    await user.type(tagField(), 'half-typed')
    await user.tab()
    expect(chosen()).toBe('docker')
    expect(tagField()).toHaveValue('half-typed')
    await user.clear(tagField())
    await user.type(tagField(), '{Backspace}')
    expect(chosen()).toBe('docker')
  })
})
