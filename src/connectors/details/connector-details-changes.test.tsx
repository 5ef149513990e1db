import { screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { VIEW_AS_HEADER } from '../../backend/access/demo-principals'
import { PAYMENTS, call, createConnector, dockerConnector } from '../../backend/api-test-helpers'
import type { ConnectorResponse } from '../../lib/api-types'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorDetailsDialog } from './connector-details-dialog'

describe('the Details dialog', () => {
  it('says who created the connector and who changed it last', async () => {
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'by_whom'))
    await call('PUT', '/ng/api/connectors', {
      scope: PAYMENTS,
      body: { connector: { ...dockerConnector(PAYMENTS, 'by_whom'), description: 'Changed by the Connector Admin' } },
      headers: { [VIEW_AS_HEADER]: 'demo_connector_admin' },
    })
    const stored = (await call<ConnectorResponse>('GET', '/ng/api/connectors/by_whom', { scope: PAYMENTS })).data
    renderWithProviders(
      <ConnectorDetailsDialog
        connector={stored.connector}
        status={stored.status}
        scope={PAYMENTS}
        changes={stored}
        onClose={vi.fn()}
      />,
      { scope: PAYMENTS },
    )
    const created = screen.getByText('Created').nextElementSibling
    const updated = screen.getByText('Last updated').nextElementSibling
    expect(created).toHaveTextContent(/by Demo Admin$/)
    expect(updated).toHaveTextContent(/by Demo Connector Admin$/)
  })
})
