import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PAYMENTS, connectorInfo, createConnector } from '../../backend/api-test-helpers'
import { renderWithProviders } from '../../test/render-with-providers'
import { ConnectorsPage } from '../connectors-page'
import { parseListParams } from './connector-list-params'

const PATH = '/account/acme/orgs/default/projects/payments/connectors'

function names() {
  const table = screen.getByRole('table', { name: 'Connectors' })
  return within(table)
    .getAllByRole('rowheader')
    .map((cell) => cell.querySelector('.connector-cell__name')?.textContent)
}

const query = () => new URLSearchParams(window.location.search)

describe('connector list filters, sort and address', () => {
  beforeEach(async () => {
    // Seeded in payments: Docker Hub public (Docker Registry, Success, registry:dockerhub).
    await createConnector(
      PAYMENTS,
      connectorInfo('HttpHelmRepo', PAYMENTS, {
        name: 'Acme charts',
        identifier: 'acme_charts',
        url: 'https://charts.acme.test/stable',
        tags: ['team:payments'],
        auth: { type: 'Anonymous', username: '', passwordRef: '' },
      }),
    )
  })

  afterEach(() => window.history.replaceState(null, '', '/'))

  it('opens the list the address asks for, and keeps every change in the address', async () => {
    window.history.replaceState(null, '', `${PATH}?latency=0&type=HttpHelmRepo`)
    const { user, unmount } = renderWithProviders(<ConnectorsPage />)
    const type = screen.getByRole('combobox', { name: 'Type' })
    expect(type).toHaveValue('HttpHelmRepo')
    await waitFor(() => expect(names()).toEqual(['Acme charts']))

    await user.selectOptions(type, 'All types')
    await waitFor(() => expect(names()).toEqual(['Acme charts', 'Docker Hub public']))
    expect(query().has('type')).toBe(false)

    await user.selectOptions(screen.getByRole('combobox', { name: 'Connectivity status' }), 'Success')
    await waitFor(() => expect(names()).toEqual(['Docker Hub public']))
    expect(query().get('status')).toBe('success')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Connectivity status' }), 'Not tested')
    await waitFor(() => expect(names()).toEqual(['Acme charts']))
    await user.selectOptions(screen.getByRole('combobox', { name: 'Connectivity status' }), 'All statuses')

    const tags = screen.getByRole('textbox', { name: 'Tags' })
    await user.type(tags, 'registry:dockerhub')
    // Not at every keystroke: on Enter.
    expect(query().has('tag')).toBe(false)
    await user.keyboard('{Enter}')
    await waitFor(() => expect(names()).toEqual(['Docker Hub public']))
    expect(query().get('tag')).toBe('registry:dockerhub')
    await user.clear(tags)
    await user.type(tags, 'team')
    await user.tab()
    await waitFor(() => expect(names()).toEqual(['Acme charts']))

    await user.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'Docker Registry')
    expect(await screen.findByText('No connector matches these filters.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(names()).toEqual(['Acme charts', 'Docker Hub public']))
    expect(tags).toHaveValue('')
    expect(window.location.search).toBe('?latency=0')

    unmount()
  })

  it('sorts by a column header, saying the order with aria-sort, and leaves the address as it found it', async () => {
    window.history.replaceState(null, '', `${PATH}?latency=0`)
    const { user, unmount } = renderWithProviders(<ConnectorsPage />)
    await waitFor(() => expect(names()).toEqual(['Acme charts', 'Docker Hub public']))
    const header = (name: RegExp) => screen.getByRole('columnheader', { name })
    expect(header(/^Last updated/)).toHaveAttribute('aria-sort', 'descending')
    expect(header(/^Connector/)).toHaveAttribute('aria-sort', 'none')

    await user.click(screen.getByRole('button', { name: /^Connector/ }))
    expect(header(/^Connector/)).toHaveAttribute('aria-sort', 'ascending')
    expect(header(/^Last updated/)).toHaveAttribute('aria-sort', 'none')
    await waitFor(() => expect(names()).toEqual(['Acme charts', 'Docker Hub public']))
    expect(query().get('sort')).toBe('name')

    await user.click(screen.getByRole('button', { name: /^Connector/ }))
    expect(header(/^Connector/)).toHaveAttribute('aria-sort', 'descending')
    await waitFor(() => expect(names()).toEqual(['Docker Hub public', 'Acme charts']))
    expect(query().get('order')).toBe('desc')

    await user.click(screen.getByRole('button', { name: /^Connectivity status/ }))
    expect(header(/^Connectivity status/)).toHaveAttribute('aria-sort', 'descending')
    // Never tested comes last when the newest test comes first.
    await waitFor(() => expect(names()).toEqual(['Docker Hub public', 'Acme charts']))

    await user.type(screen.getByRole('searchbox', { name: 'Search connectors' }), 'charts')
    await waitFor(() => expect(query().get('q')).toBe('charts'))

    unmount()
    // The next page does not carry the list's parameters; the others stay.
    expect(window.location.search).toBe('?latency=0')
  })
})

describe('a page past the end', () => {
  afterEach(() => window.history.replaceState(null, '', '/'))

  it('shows the last page there is instead (an old link)', async () => {
    window.history.replaceState(null, '', `${PATH}?latency=0&page=4`)
    const { unmount } = renderWithProviders(<ConnectorsPage />)
    await waitFor(() => expect(names()).toEqual(['Docker Hub public']))
    expect(query().has('page')).toBe(false)
    unmount()
  })
})

describe('parseListParams', () => {
  it('reads what it understands and leaves the rest at the default', () => {
    expect(parseListParams(new URLSearchParams('type=Nexus&status=failed&tag=a:b&sort=name&page=3'))).toEqual({
      searchTerm: '',
      type: 'Nexus',
      status: 'failed',
      tag: 'a:b',
      sort: 'name',
      order: 'asc',
      pageIndex: 2,
    })
    expect(parseListParams(new URLSearchParams('type=S3&status=testing&sort=size&order=up&page=-1'))).toEqual({
      searchTerm: '',
      type: '',
      status: '',
      tag: '',
      sort: 'lastModified',
      order: 'desc',
      pageIndex: 0,
    })
  })
})

describe('bounded filters and counts', () => {
  afterEach(() => window.history.replaceState(null, '', '/'))

  it('says at the Tags field that more than 20 tags cannot filter the list, and keeps the list as it was', async () => {
    window.history.replaceState(null, '', `${PATH}?latency=0`)
    const { user } = renderWithProviders(<ConnectorsPage />)
    await screen.findByRole('table', { name: 'Connectors' })
    const tags = screen.getByRole('textbox', { name: 'Tags' })
    await user.type(tags, `${Array.from({ length: 21 }, (_, index) => `t${index}`).join(',')}{Enter}`)
    expect(await screen.findByText('At most 20 tags can filter the list (now 21).')).toHaveAttribute('role', 'alert')
    expect(tags).toHaveAttribute('aria-invalid', 'true')
    expect(query().get('tag')).toBeNull()
    await user.clear(tags)
    await user.type(tags, 'team:payments{Enter}')
    await waitFor(() => expect(query().get('tag')).toBe('team:payments'))
    expect(screen.queryByText(/At most 20 tags/)).not.toBeInTheDocument()
  })

  it('shows a search that matches more than 1,000 as "1,000+", and pages on past it', async () => {
    const { seedBulkConnectors } = await import('../../demo-backend/bulk-connectors')
    const { mockStore } = await import('../../demo-backend/node-mock-backend')
    await seedBulkConnectors(mockStore, 1_500)
    window.history.replaceState(null, '', `${PATH}?latency=0&q=generated`)
    const { user } = renderWithProviders(<ConnectorsPage />)
    expect(await screen.findByText('1–50 of 1,000+ connectors')).toBeInTheDocument()
    expect(screen.getByText('Page 1')).toBeInTheDocument()
    for (let page = 1; page <= 20; page += 1) await user.click(screen.getByRole('button', { name: 'Next page' }))
    expect(await screen.findByText('1,001–1,050 of more than 1,000 connectors')).toBeInTheDocument()
  }, 60_000)
})
