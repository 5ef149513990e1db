import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { LoadFailedNotice } from './load-failed-notice'

describe('a list that could not be read', () => {
  it('says what and why, and reads it again on Try again', async () => {
    const retry = vi.fn()
    render(
      <LoadFailedNotice
        title="The connectors could not be loaded"
        error={new Error('The server did not answer.')}
        onRetry={retry}
      />,
    )
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent('The connectors could not be loaded')
    expect(alert).toHaveTextContent('The server did not answer. Try again')
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(retry).toHaveBeenCalledTimes(1)
  })

  it('offers no Try again where the list retries by itself', () => {
    render(<LoadFailedNotice title="The tokens could not be loaded" error={new Error('Refused.')} />)
    expect(screen.getByRole('alert')).toHaveTextContent('Refused.')
    expect(screen.queryByRole('button')).toBeNull()
  })
})
