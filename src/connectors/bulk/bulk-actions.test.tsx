import { screen, waitFor, within } from '@testing-library/react'
import { http } from 'msw'
import { afterEach, describe, expect, it } from 'vitest'
import { PAYMENTS, call, connectorInfo, createConnector } from '../../backend/api-test-helpers'
import { server } from '../../demo-backend/node-mock-backend'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorsPage } from '../connectors-page'
import { SELECTION_CLEARED } from './bulk-selection'
import { BULK_CONCURRENCY } from './bulk-targets'

function helm(identifier: string, url = 'https://charts.acme.test/stable') {
  return connectorInfo('HttpHelmRepo', PAYMENTS, {
    name: identifier.replace(/_/g, ' '),
    identifier,
    url,
    auth: { type: 'Anonymous', username: '', passwordRef: '' },
  })
}

async function createMany(count: number, prefix: string, url?: string) {
  for (let index = 0; index < count; index++) {
    const answer = await createConnector(PAYMENTS, helm(`${prefix}_${String(index).padStart(2, '0')}`, url))
    expect(answer.status).toBe(200)
  }
}

const table = () => screen.getByRole('table', { name: 'Connectors' })
const rowBox = (name: string) => within(table()).getByRole('checkbox', { name: `Select ${name}` })
const pageBox = () => within(table()).getByRole('checkbox', { name: 'Select all on this page' })

afterEach(() => window.history.replaceState(null, '', '/'))

describe('selecting connectors', () => {
  it('ticks rows, the page, then all that match; keeps them across pages; clears them when the filter changes', async () => {
    await createMany(55, 'chart')
    const { user } = renderWithProviders(<ConnectorsPage />)
    await user.click(await screen.findByRole('checkbox', { name: 'Select chart 54' }))
    expect(pageBox()).toBePartiallyChecked()
    expect(screen.getByText('1 selected')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Next page' }))
    await waitFor(() => expect(rowBox('Docker Hub public')).not.toBeChecked())
    await user.click(screen.getByRole('button', { name: 'Previous page' }))
    await waitFor(() => expect(rowBox('chart 54')).toBeChecked())

    await user.click(pageBox())
    expect(pageBox()).toBeChecked()
    expect(screen.getByText('50 selected')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Select all 56 that match the filter' }))
    expect(screen.getByText('All 56 that match the filter are selected')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Clear selection' })).toHaveFocus()
    await user.click(rowBox('chart 54'))
    expect(screen.getByText('All 55 that match the filter are selected')).toBeInTheDocument()

    await user.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'HTTP Helm')
    expect(screen.getByText(SELECTION_CLEARED)).toBeInTheDocument()
    await waitFor(() => expect(rowBox('chart 53')).not.toBeChecked())
    expect(screen.queryByRole('button', { name: 'Test selected' })).not.toBeInTheDocument()
  })
})

describe('bulk re-test', () => {
  it('tests the selected rows, counts the failures, and lists them with their summary', async () => {
    await createConnector(PAYMENTS, helm('down_charts', 'https://down.acme.test'))
    const { user } = renderWithProviders(<ConnectorsPage />)
    await user.click(await screen.findByRole('checkbox', { name: 'Select down charts' }))
    await user.click(rowBox('Docker Hub public'))
    await user.click(screen.getByRole('button', { name: 'Test selected' }))

    const progress = await screen.findByRole('progressbar', { name: /Re-test/ })
    await waitFor(() => expect(progress).toHaveAttribute('aria-valuenow', '2'))
    expect(progress).toHaveAttribute('aria-valuemax', '2')
    const run = screen.getByRole('region', { name: 'Re-test finished' })
    expect(run).toHaveTextContent('2 of 2 tested, 1 failed')
    const failures = within(run).getAllByRole('listitem')
    expect(failures).toHaveLength(1)
    expect(failures[0]).toHaveTextContent(/down charts.*refused/i)
    // The rows show the new statuses.
    await waitFor(() => expect(within(table()).getByRole('row', { name: /down charts/ })).toHaveTextContent('Failed'))

    await user.click(within(run).getByRole('button', { name: 'Details of down charts' }))
    expect(await screen.findByRole('dialog', { name: /down charts/ })).toHaveTextContent(/refused/i)
  })

  it(`runs at most ${BULK_CONCURRENCY} tests at once, and Cancel stops them and starts no more`, async () => {
    await createMany(8, 'slow', 'https://slow.acme.test')
    let started = 0
    let inFlight = 0
    let mostInFlight = 0
    const aborted: string[] = []
    // Tests that never end, until the page gives up on them.
    server.use(
      http.post('*/ng/api/connectors/testConnection/:identifier', ({ request, params }) => {
        started++
        mostInFlight = Math.max(mostInFlight, ++inFlight)
        return new Promise<never>((_, reject) => {
          request.signal.addEventListener('abort', () => {
            inFlight--
            aborted.push(String(params.identifier))
            reject(new DOMException('aborted', 'AbortError'))
          })
        })
      }),
    )
    const { user } = renderWithProviders(<ConnectorsPage />)
    await user.click(await screen.findByRole('checkbox', { name: 'Select slow 00' }))
    for (const index of [1, 2, 3, 4, 5, 6, 7]) await user.click(rowBox(`slow 0${index}`))
    await user.click(screen.getByRole('button', { name: 'Test selected' }))
    const progress = await screen.findByRole('progressbar', { name: 'Re-testing connectors' })
    expect(progress).toHaveAttribute('aria-valuemax', '8')
    await waitFor(() => expect(started).toBe(BULK_CONCURRENCY))
    expect(within(table()).getAllByText('Testing…')).toHaveLength(BULK_CONCURRENCY)

    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    const run = await screen.findByRole('region', { name: 'Re-test cancelled' })
    expect(run).toHaveTextContent('0 of 8 tested, 0 failed')
    await waitFor(() => expect(aborted).toHaveLength(BULK_CONCURRENCY))
    expect(started).toBe(BULK_CONCURRENCY)
    expect(mostInFlight).toBe(BULK_CONCURRENCY)
    expect(within(table()).queryByText('Testing…')).not.toBeInTheDocument()
    expect(screen.getByRole('heading', { name: 'Re-test cancelled' })).toHaveFocus()
  })

  it('tests all that match the filter, read from the server a page of at most 200 at a time', async () => {
    await createMany(60, 'chart')
    const pageSizes: number[] = []
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url)
      if (url.pathname.endsWith('/listV2')) pageSizes.push(Number(url.searchParams.get('pageSize')))
    })
    const { user } = renderWithProviders(<ConnectorsPage />)
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Type' }), 'HTTP Helm')
    await waitFor(() => expect(screen.getByText('1–50 of 60 connectors')).toBeInTheDocument())
    await user.click(pageBox())
    await user.click(screen.getByRole('button', { name: 'Select all 60 that match the filter' }))
    await user.click(screen.getByRole('button', { name: 'Test selected' }))
    await screen.findByRole('region', { name: 'Re-test finished' }, { timeout: 10_000 })
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '60')
    expect(screen.getByText('60 of 60 tested, 0 failed')).toBeInTheDocument()
    expect(Math.max(...pageSizes)).toBeLessThanOrEqual(200)
    server.events.removeAllListeners()
    const listed = await call<{ content: { status: { status: string } }[] }>('POST', '/ng/api/connectors/listV2', {
      scope: PAYMENTS,
      query: { pageSize: '100' },
      body: { filterType: 'Connector', types: ['HttpHelmRepo'] },
    })
    expect(listed.data.content.every((row) => row.status.status === 'SUCCESS')).toBe(true)
  })
})
