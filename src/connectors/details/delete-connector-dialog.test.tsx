import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { PAYMENTS } from '../../backend/api-test-helpers'
import { server } from '../../demo-backend/node-mock-backend'
import { renderWithProviders } from '../../test/render-with-providers'
import { DeleteConnectorDialog } from './delete-connector-dialog'

const CONNECTOR = {
  name: 'Acme Artifactory',
  identifier: 'acme_artifactory',
  tags: {},
  type: 'Artifactory',
  spec: {},
}

describe('deleting a connector', () => {
  it('sends one delete for a double click, and says it is deleted', async () => {
    const deletes: string[] = []
    const count = ({ request }: { request: Request }) => {
      if (request.method === 'DELETE') deletes.push(request.url)
    }
    server.events.on('request:start', count)
    const onDone = vi.fn()
    const { user } = renderWithProviders(
      <DeleteConnectorDialog connector={CONNECTOR} version={1} scope={{ accountIdentifier: 'acme' }} onDone={onDone} />,
      { scope: PAYMENTS },
    )
    const button = await screen.findByRole('button', { name: 'Delete' })
    await waitFor(() => expect(button).toBeEnabled())
    await user.dblClick(button)
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(true))
    server.events.removeListener('request:start', count)
    expect(deletes).toHaveLength(1)
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })
})
