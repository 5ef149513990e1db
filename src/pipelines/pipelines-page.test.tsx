import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderWithProviders } from '../test/render-with-providers'
import { NavigationProvider } from '../ui/navigation'
import { PipelinesPage } from './pipelines-page'

describe('the pipelines of the demo', () => {
  it('says that the sample pipelines’ times are sample data', async () => {
    renderWithProviders(
      <NavigationProvider>
        <PipelinesPage />
      </NavigationProvider>,
    )
    const row = (await screen.findByRole('link', { name: 'Nightly checks' })).closest('tr')!
    expect(within(row).getByText(/Sample data/)).toHaveTextContent(
      'Sample data: this time is made up; saving the pipeline makes it real',
    )
  })
})
