import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { http } from 'msw'
import { afterEach, describe, expect, it } from 'vitest'
import { invalidRequest, ok } from '../backend/api-responses'
import { DELEGATE_TOKEN_NAME_RULE } from '../backend/delegate-token-routes'
import { server } from '../demo-backend/node-mock-backend'
import { setViewAs } from '../lib/api-client'
import type { DelegateToken } from '../lib/api-types'
import { DELEGATE_TOKEN_EXPIRY_RULE } from '../lib/delegate-token-expiry'
import { realDelegatesHandlers } from '../test/real-delegates-handlers'
import { renderWithProviders } from '../test/render-with-providers'
import { delegateCommand, delegateDownloadCommand } from './delegate-token-api'
import { DelegateTokens } from './delegate-tokens'

const VALUE = 'dlg_secret-value-123'

function renderTokens(tokens: DelegateToken[] = [], serverUrl?: string) {
  server.use(...realDelegatesHandlers(tokens, VALUE, serverUrl))
  return renderWithProviders(<DelegateTokens />)
}

const nameField = () => screen.getByRole('textbox', { name: 'Name' })

/** Every token-list request's query, to see which scope was asked (or that none was). */
function watchListRequests(): URLSearchParams[] {
  const seen: URLSearchParams[] = []
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url)
    if (request.method === 'GET' && url.pathname.endsWith('/ng/api/delegate-tokens')) seen.push(url.searchParams)
  })
  return seen
}

afterEach(() => {
  setViewAs(null)
  server.events.removeAllListeners()
})

describe('delegate tokens', () => {
  it('works at the current scope: the list and a new token are the project’s', async () => {
    const asked = watchListRequests()
    let createdIn = ''
    server.use(...realDelegatesHandlers([{ name: 'payments-ci', createdAt: Date.now() }], VALUE))
    server.use(
      http.post('*/ng/api/delegate-tokens', ({ request }) => {
        createdIn = new URL(request.url).searchParams.get('projectIdentifier') ?? ''
        return ok({ token: { name: 'p1', createdAt: Date.now() }, value: VALUE })
      }),
    )
    const { user } = renderWithProviders(<DelegateTokens />)
    expect(await screen.findByRole('row', { name: /payments-ci/ })).toBeInTheDocument()
    expect(asked.map((query) => query.get('projectIdentifier'))).toEqual(['payments'])
    expect(screen.getByText(/The tokens here belong to project payments/)).toBeInTheDocument()
    // The delegate itself, one file, whether or not a token is being made.
    expect(screen.getByRole('link', { name: 'download connectors-delegate.mjs' })).toHaveAttribute(
      'href',
      '/delegate/connectors-delegate.mjs',
    )
    await user.type(nameField(), 'p1')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    await screen.findByRole('textbox', { name: 'Token value' })
    expect(createdIn).toBe('payments')
  })

  it('without core_delegate_edit at the scope, fetches no tokens, says so, and disables Create token with the reason', async () => {
    const asked = watchListRequests()
    server.use(...realDelegatesHandlers([{ name: 'payments-ci', createdAt: Date.now() }], VALUE))
    // The demo's Project Viewer of payments: core_delegate_view there, not core_delegate_edit.
    setViewAs('demo_project_viewer')
    renderWithProviders(<DelegateTokens />)
    expect(await screen.findByText('The tokens of project payments are not shown')).toBeInTheDocument()
    expect(screen.getByText(/needs the permission to create or revoke delegate tokens/)).toHaveTextContent(
      'core_delegate_edit',
    )
    const create = screen.getByRole('button', { name: 'Create token' })
    expect(create).toHaveAttribute('aria-disabled', 'true')
    expect(create).toHaveAccessibleDescription(
      'Your role does not let you create or revoke delegate tokens in project payments (core_delegate_edit).',
    )
    expect(screen.queryByRole('row', { name: /payments-ci/ })).not.toBeInTheDocument()
    expect(asked).toEqual([])
  })

  it('gives the server’s public URL in the command when the server has one (behind an HTTPS proxy)', async () => {
    const { user } = renderTokens([], 'https://connectors.example')
    await user.type(nameField(), 'edge-1')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    expect(await screen.findByRole('textbox', { name: 'Command to start a delegate' })).toHaveValue(
      `node connectors-delegate.mjs --server https://connectors.example --token ${VALUE} --name edge-1`,
    )
    // The machine that runs the delegate fetches it from the same address, with nothing else to install.
    expect(screen.getByRole('textbox', { name: 'Command to download the delegate' })).toHaveValue(
      'curl -fsSLO https://connectors.example/delegate/connectors-delegate.mjs',
    )
  })

  it('creates a token and shows its value once, with the command that starts a delegate; Done hides it for good', async () => {
    const { user, queryClient } = renderTokens()
    await user.type(nameField(), 'ci-east')
    await user.click(screen.getByRole('button', { name: 'Create token' }))

    const value = await screen.findByRole('textbox', { name: 'Token value' })
    expect(value).toHaveValue(VALUE)
    expect(value).toHaveAttribute('readonly')
    expect(value).toHaveFocus()
    expect(screen.getByText(/Token ci-east created/, { selector: '[role="status"]' })).toBeInTheDocument()
    const command = `node connectors-delegate.mjs --server ${window.location.origin} --token ${VALUE} --name ci-east`
    expect(screen.getByRole('textbox', { name: 'Command to start a delegate' })).toHaveValue(command)
    await user.type(screen.getByRole('textbox', { name: /^Tags/ }), 'east,docker')
    expect(screen.getByRole('textbox', { name: 'Command to start a delegate' })).toHaveValue(
      `${command} --tags east,docker`,
    )
    expect(screen.getByRole('textbox', { name: 'Preferred: the token in the environment' })).toHaveValue(
      `DELEGATE_TOKEN=${VALUE} node connectors-delegate.mjs --server ${window.location.origin} --name ci-east --tags east,docker`,
    )

    await user.click(screen.getByRole('button', { name: 'Copy' }))
    expect(await navigator.clipboard.readText()).toBe(VALUE)
    expect(screen.getByText('Token value copied to the clipboard.')).toBeInTheDocument()
    // Nothing but this view holds the value: not the query cache, not the mutation cache.
    await waitFor(() =>
      expect(
        JSON.stringify(
          queryClient
            .getMutationCache()
            .getAll()
            .map((m) => m.state),
        ),
      ).not.toContain(VALUE),
    )
    expect(
      JSON.stringify(
        queryClient
          .getQueryCache()
          .getAll()
          .map((q) => q.state.data),
      ),
    ).not.toContain(VALUE)

    await user.click(screen.getByRole('button', { name: 'Done' }))
    expect(screen.queryByRole('textbox', { name: 'Token value' })).not.toBeInTheDocument()
    expect(document.body.textContent).not.toContain(VALUE)
    expect(screen.queryByDisplayValue(new RegExp(VALUE))).not.toBeInTheDocument()
    expect(nameField()).toHaveFocus()
    expect(nameField()).toHaveValue('')
    expect(await screen.findByRole('row', { name: /ci-east.*Active/ })).toBeInTheDocument()
  })

  it('says at the field what is wrong with a name the server refuses, and keeps what was typed', async () => {
    const { user } = renderTokens([{ name: 'taken', createdAt: Date.now() }])
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    expect(nameField()).toHaveAccessibleDescription(expect.stringContaining('Enter a name for the token.'))

    await user.type(nameField(), '-bad name')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    await waitFor(() =>
      expect(nameField()).toHaveAccessibleDescription(expect.stringContaining(DELEGATE_TOKEN_NAME_RULE)),
    )
    expect(nameField()).toHaveAttribute('aria-invalid', 'true')
    expect(nameField()).toHaveValue('-bad name')
    expect(nameField()).toHaveFocus()

    await user.clear(nameField())
    await user.type(nameField(), 'taken')
    expect(nameField()).not.toHaveAttribute('aria-invalid')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    await waitFor(() =>
      expect(nameField()).toHaveAccessibleDescription(
        expect.stringContaining('A token named taken exists; choose another name.'),
      ),
    )
    expect(nameField()).toHaveValue('taken')
    expect(screen.queryByRole('textbox', { name: 'Token value' })).not.toBeInTheDocument()
  })

  it('asks before revoking, saying its delegates will be disconnected, then shows the token as revoked', async () => {
    const { user } = renderTokens([
      { name: 'ci-east', createdAt: Date.now() - 3_600_000 },
      { name: 'old', createdAt: Date.now() - 7 * 86_400_000, revokedAt: Date.now() - 86_400_000 },
    ])
    const oldRow = await screen.findByRole('row', { name: /old/ })
    expect(oldRow).toHaveTextContent('Revoked yesterday')
    expect(within(oldRow).queryByRole('button')).not.toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Revoke token ci-east' }))
    const dialog = screen.getByRole('dialog', { name: 'Revoke token ci-east?' })
    expect(dialog).toHaveAccessibleDescription(expect.stringContaining('will be disconnected'))
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.getByRole('row', { name: /ci-east/ })).toHaveTextContent('Active')

    await user.click(screen.getByRole('button', { name: 'Revoke token ci-east' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke token' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    await waitFor(() => expect(screen.getByRole('row', { name: /ci-east/ })).toHaveTextContent('Revoked just now'))
    expect(screen.queryByRole('button', { name: 'Revoke token ci-east' })).not.toBeInTheDocument()
    expect(screen.getByText('Token ci-east revoked.')).toBeInTheDocument()
  })
})

const DAY = 86_400_000

describe('when a delegate token was made, last used, and expires', () => {
  it('lists Created, Last used (Never used) and Expires (Never, a date, Expired) for each token', async () => {
    const now = Date.now()
    renderTokens([
      { name: 'fresh', createdAt: now - 60_000 },
      {
        name: 'busy',
        createdAt: now - 5 * DAY,
        lastUsedAt: now - 3 * 60_000,
        expiresAt: now + 30 * DAY,
        expired: false,
      },
      { name: 'lapsed', createdAt: now - 40 * DAY, lastUsedAt: now - 2 * DAY, expiresAt: now - DAY, expired: true },
    ])
    const table = await screen.findByRole('table', { name: 'Delegate tokens' })
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Token', 'Created', 'Last used', 'Expires', 'Status', 'Actions'])
    const cell = (row: string, column: string) =>
      within(screen.getByRole('row', { name: new RegExp(`^${row}\\b`) })).getByText(
        (_, element) => element?.getAttribute('data-label') === column,
      )
    expect(cell('fresh', 'Last used')).toHaveTextContent('Never used')
    expect(cell('fresh', 'Expires')).toHaveTextContent('Never')
    expect(cell('fresh', 'Status')).toHaveTextContent('Active')
    expect(cell('busy', 'Last used')).toHaveTextContent('3 minutes ago')
    const inThirtyDays = new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(now + 30 * DAY)
    expect(cell('busy', 'Expires')).toHaveTextContent(inThirtyDays)
    expect(cell('busy', 'Status')).toHaveTextContent('Active')
    expect(cell('lapsed', 'Last used')).toHaveTextContent('2 days ago')
    expect(cell('lapsed', 'Expires')).toHaveTextContent(/^Expired on /)
    expect(cell('lapsed', 'Status')).toHaveTextContent('Expired')
  })

  it('makes a token that expires in the lifetime chosen, and says the day before it is made', async () => {
    let sent: Record<string, unknown> = {}
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'POST')
        void request
          .clone()
          .json()
          .then((body: Record<string, unknown>) => (sent = body))
    })
    const { user } = renderTokens()
    const expires = screen.getByRole('combobox', { name: 'Expires' })
    expect(expires).toHaveValue('never')
    expect(expires).toHaveAccessibleDescription('Until revoked.')
    await user.selectOptions(expires, '90 days')
    expect(expires).toHaveAccessibleDescription(/^Until \w{3} \d{1,2}, \d{4}\.$/)
    const asked = Date.now()
    await user.type(nameField(), 'ninety')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    await screen.findByRole('textbox', { name: 'Token value' })
    expect(sent.name).toBe('ninety')
    // Ninety days from the moment it was asked for (give or take the test's own seconds).
    expect(sent.expiresAt).toBeGreaterThanOrEqual(asked + 90 * DAY)
    expect(sent.expiresAt).toBeLessThan(asked + 90 * DAY + 60_000)

    await user.click(screen.getByRole('button', { name: 'Done' }))
    expect(await screen.findByRole('row', { name: /ninety/ })).toHaveTextContent('Never used')
    // The next token starts from Never again.
    expect(screen.getByRole('combobox', { name: 'Expires' })).toHaveValue('never')
  })

  it('refuses a date in the past, or none, at the date field, sending nothing and keeping what was typed', async () => {
    const posted: string[] = []
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'POST' && request.url.includes('/ng/api/delegate-tokens')) posted.push(request.url)
    })
    const { user } = renderTokens()
    await user.type(nameField(), 'dated')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Expires' }), 'On a date')
    const date = screen.getByLabelText('Expiry date')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    expect(date).toHaveAccessibleDescription('Choose the day the token expires.')
    expect(date).toHaveFocus()

    fireEvent.change(date, { target: { value: '2020-01-31' } })
    expect(date).not.toHaveAttribute('aria-invalid')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    expect(date).toHaveAccessibleDescription(DELEGATE_TOKEN_EXPIRY_RULE)
    expect(date).toHaveAttribute('aria-invalid', 'true')
    expect(date).toHaveValue('2020-01-31')
    expect(nameField()).toHaveValue('dated')
    expect(posted).toEqual([])

    // A day ahead is taken: the token is good through its end.
    const ahead = new Date(Date.now() + 10 * DAY)
    const pad = (value: number) => String(value).padStart(2, '0')
    fireEvent.change(date, {
      target: { value: `${ahead.getFullYear()}-${pad(ahead.getMonth() + 1)}-${pad(ahead.getDate())}` },
    })
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    await screen.findByRole('textbox', { name: 'Token value' })
    expect(posted).toHaveLength(1)
  })

  it('shows the server’s refusal of an expiry at the Expires field, keeping the choice', async () => {
    server.use(...realDelegatesHandlers([], VALUE))
    server.use(
      http.post('*/ng/api/delegate-tokens', () =>
        invalidRequest([{ fieldId: 'expiresAt', error: DELEGATE_TOKEN_EXPIRY_RULE }]),
      ),
    )
    const { user } = renderWithProviders(<DelegateTokens />)
    await user.type(nameField(), 'late')
    const expires = screen.getByRole('combobox', { name: 'Expires' })
    await user.selectOptions(expires, '30 days')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    await waitFor(() => expect(expires).toHaveAccessibleDescription(DELEGATE_TOKEN_EXPIRY_RULE))
    expect(expires).toHaveFocus()
    expect(expires).toHaveValue('30')
    expect(nameField()).not.toHaveAttribute('aria-invalid')
    expect(screen.queryByRole('alert', { name: /could not be created/ })).not.toBeInTheDocument()
  })
})

describe('the commands that fetch and start a delegate', () => {
  it('fetches the one file from the server the page names, quoted for the shell', () => {
    expect(delegateDownloadCommand('https://connectors.example/')).toBe(
      'curl -fsSLO https://connectors.example/delegate/connectors-delegate.mjs',
    )
    expect(delegateDownloadCommand("http://it's:1")).toBe(
      "curl -fsSLO 'http://it'\\''s:1/delegate/connectors-delegate.mjs'",
    )
  })

  it('quotes what the shell would split, and leaves --tags out when there are none', () => {
    expect(delegateCommand({ server: 'http://h:1', token: 'dlg_a', name: 'my box', tags: ' a, b ,' })).toBe(
      "node connectors-delegate.mjs --server http://h:1 --token dlg_a --name 'my box' --tags a,b",
    )
    expect(delegateCommand({ server: 'http://h:1', token: 'dlg_a', name: "it's", tags: '' })).toBe(
      "node connectors-delegate.mjs --server http://h:1 --token dlg_a --name 'it'\\''s'",
    )
  })
})
