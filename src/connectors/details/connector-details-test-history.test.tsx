import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { PAYMENTS, call, createConnector, dockerConnector } from '../../backend/api-test-helpers'
import type { ConnectorResponse, ConnectorValidationResult } from '../../lib/api-types'
import { renderWithProviders } from '../../test/render-with-providers'
import { connectorKeys } from '../connector-api'
import { ConnectorDetailsDialog } from './connector-details-dialog'

async function testConnector(identifier: string) {
  return (
    await call<ConnectorValidationResult>('POST', `/ng/api/connectors/testConnection/${identifier}`, {
      scope: PAYMENTS,
    })
  ).data
}

async function readConnector(identifier: string) {
  return (await call<ConnectorResponse>('GET', `/ng/api/connectors/${identifier}`, { scope: PAYMENTS })).data
}

function renderDetails(stored: ConnectorResponse) {
  return renderWithProviders(
    <ConnectorDetailsDialog connector={stored.connector} status={stored.status} scope={PAYMENTS} onClose={vi.fn()} />,
    { scope: PAYMENTS },
  )
}

function historyList() {
  return screen.getByRole('list', { name: 'Test history' })
}

describe('the Details dialog’s test history', () => {
  it('lists the tests newest first, each opening on its stage log', async () => {
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'history_ui'))
    const passed = await testConnector('history_ui')
    await call('PUT', '/ng/api/connectors', {
      scope: { accountIdentifier: 'acme' },
      body: { connector: dockerConnector(PAYMENTS, 'history_ui', 'old_password') },
    })
    const failed = await testConnector('history_ui')
    expect([passed.status, failed.status]).toEqual(['SUCCESS', 'FAILURE'])

    const { user } = renderDetails(await readConnector('history_ui'))
    expect(await screen.findByRole('heading', { name: 'Test history' })).toBeInTheDocument()
    const items = await within(await screen.findByRole('list', { name: 'Test history' })).findAllByRole('listitem')
    expect(items).toHaveLength(2)
    const [newest, older] = items as [HTMLElement, HTMLElement]
    const newestSummary = newest.querySelector('summary')!
    // Who started each test (issue 20): the demo's Account Admin, as the calls act.
    expect(newestSummary).toHaveTextContent(
      /^Connection failed · .+ · started by Demo Admin · on delegate-\S+ · [\d.]+ (ms|s) · .+/,
    )
    expect(newestSummary).toHaveTextContent(failed.errors![0]!.reason)
    expect(older.querySelector('summary')).toHaveTextContent(
      /^Connection successful · .+ · started by Demo Admin · on delegate-\S+ · [\d.]+ (ms|s)$/,
    )
    expect(newest.querySelector('time')).toHaveAttribute('datetime', new Date(failed.testedAt).toISOString())

    // Closed until asked; then the stage log, masked.
    const firstStage = failed.stages[0]!
    const stageHeading = within(newest).getByRole('heading', { name: new RegExp(firstStage.title) })
    expect(stageHeading).not.toBeVisible()
    await user.click(newestSummary)
    expect(stageHeading).toBeVisible()
    expect(newest).toHaveTextContent(firstStage.log[0]!)
    expect(newest).not.toHaveTextContent('demo-password')
    expect(within(older).getByRole('heading', { name: new RegExp(passed.stages[0]!.title) })).not.toBeVisible()
  })

  it('says when the connector was never tested, and shows a test that finishes while it is open', async () => {
    await createConnector(PAYMENTS, dockerConnector(PAYMENTS, 'untested'))
    const { queryClient } = renderDetails(await readConnector('untested'))
    expect(await screen.findByText('Not tested yet.')).toBeInTheDocument()
    await testConnector('untested')
    // What the list's Test button and the wizard do when a test ends.
    await queryClient.invalidateQueries({ queryKey: connectorKeys.all })
    await waitFor(() => expect(within(historyList()).getAllByRole('listitem')).toHaveLength(1))
    expect(screen.queryByText('Not tested yet.')).not.toBeInTheDocument()
  })
})
