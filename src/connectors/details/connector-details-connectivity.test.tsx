import { screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { PAYMENTS, call, createConnector, dockerConnector } from '../../backend/api-test-helpers'
import type { ConnectorResponse, ConnectorValidationResult, SecretResponse } from '../../lib/api-types'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorDetailsDialog } from './connector-details-dialog'

/** What the Connectivity row of Details says about the last test, next to the test history. */

async function storedSecret(identifier: string) {
  const created = await call<SecretResponse>('POST', '/ng/api/v2/secrets', {
    scope: PAYMENTS,
    body: {
      secret: {
        type: 'SecretText',
        name: `Secret ${identifier}`,
        identifier,
        tags: {},
        orgIdentifier: 'default',
        projectIdentifier: 'payments',
        spec: { secretManagerIdentifier: 'harnessSecretManager', valueType: 'Inline', value: 'soon-deleted' },
      },
    },
  })
  expect(created.status).toBe(200)
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1
}

describe('the Connectivity row of a connector whose last test failed', () => {
  it('says the failure once, in the words of its test history', async () => {
    await storedSecret('deleted_pass')
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'lost_secret', 'deleted_pass'))
    const deleted = await call('DELETE', '/ng/api/v2/secrets/deleted_pass', {
      scope: PAYMENTS,
      query: { forceDelete: 'true' },
    })
    expect(deleted.status).toBe(200)
    const result = (
      await call<ConnectorValidationResult>('POST', '/ng/api/connectors/testConnection/lost_secret', {
        scope: PAYMENTS,
      })
    ).data
    const [error] = result.errors ?? []
    expect(error?.reason).toBe('Secret Not Found')
    const stored = (await call<ConnectorResponse>('GET', '/ng/api/connectors/lost_secret', { scope: PAYMENTS })).data

    renderWithProviders(
      <ConnectorDetailsDialog connector={stored.connector} status={stored.status} scope={PAYMENTS} onClose={vi.fn()} />,
      { scope: PAYMENTS },
    )
    const connectivity = screen.getByText('Connectivity').nextElementSibling as HTMLElement
    const said = connectivity.textContent ?? ''
    expect(within(connectivity).getByText('Failed')).toBeInTheDocument()
    // When, exactly, for whoever hovers or reads it out.
    expect(connectivity.querySelector('time')).toHaveAttribute('datetime', new Date(result.testedAt).toISOString())
    // The reason and its detail, once each.
    expect(occurrences(said, error!.reason)).toBe(1)
    expect(occurrences(said, error!.message)).toBe(1)

    // The same words as the newest entry of the test history.
    const [newest] = await within(await screen.findByRole('list', { name: 'Test history' })).findAllByRole('listitem')
    const reasonText = `${error!.reason}: ${error!.message}`
    expect(newest!.querySelector('summary')).toHaveTextContent(reasonText)
    expect(connectivity).toHaveTextContent(reasonText)
  })
})
