import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { NewTokenForm } from './new-token-form'

// The API's answers, at once: what matters here is when the form takes the reader to the value.
vi.mock('./service-account-api', () => {
  const mutation = <T,>(answer: T) => ({
    mutateAsync: () => Promise.resolve(answer),
    reset: () => undefined,
    error: null,
    isPending: false,
  })
  return {
    useCreateApiKey: () => mutation({ identifier: 'default' }),
    useCreateToken: () => mutation('sat.acme.deploy.secretvalue'),
  }
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('a new service account token', () => {
  it('takes the reader to its value, even when the next frame comes before the value is on the screen', async () => {
    // A busy browser: the frame after the answer comes before React renders the update made
    // after the await (its scheduler's turn), so a focus asked for in that frame finds no field.
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => {
      callback(performance.now())
      return 0
    })
    render(<NewTokenForm scope={{ accountIdentifier: 'acme' }} account="ci_bot" keys={[]} denied={undefined} />)
    await userEvent.type(screen.getByLabelText('Token name'), 'deploy')
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }))
    const value = await screen.findByRole('textbox', { name: 'Value of token deploy' })
    expect(value).toHaveValue('sat.acme.deploy.secretvalue')
    expect(value).toHaveFocus()
  })
})
