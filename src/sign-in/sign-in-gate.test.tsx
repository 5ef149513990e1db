import { useQuery } from '@tanstack/react-query'
import { screen } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod/mini'
import { server } from '../demo-backend/node-mock-backend'
import { apiRequest } from '../lib/api-client'
import { renderWithProviders } from '../test/render-with-providers'
import { NavigationProvider } from '../ui/navigation'
import type { SignedInUser } from './sign-in-api'
import { SignInGate } from './sign-in-gate'

const host = vi.hoisted(() => ({ servedByServer: false, simulatedWorld: true, signIn: false }))
vi.mock('../lib/host', () => ({ HOST: host }))

const ANA = { identifier: 'u_ana', email: 'ana@example.com', name: 'Ana Admin', accountIdentifier: 'acme' }
const ok = (data: unknown) => HttpResponse.json({ status: 'SUCCESS', data, metaData: null, correlationId: 'c' })
const refusal = (status: number, code: string, message: string) =>
  HttpResponse.json(
    { status: 'ERROR', code, message, correlationId: 'c', detailedMessage: null, responseMessages: [] },
    { status },
  )

function Connectors({ user }: { user: SignedInUser | undefined }) {
  const list = useQuery({
    queryKey: ['connectors'],
    queryFn: () => apiRequest(z.unknown(), 'GET', '/ng/api/test-only-list'),
    retry: false,
  })
  return (
    <p>
      App for {user?.name ?? 'anyone'} {list.isSuccess ? '(listed)' : ''}
    </p>
  )
}

function renderGate() {
  return renderWithProviders(
    <NavigationProvider>
      <SignInGate>{(user) => <Connectors user={user} />}</SignInGate>
    </NavigationProvider>,
  )
}

describe('the sign-in gate', () => {
  it('in the demo, shows the app at once and never asks who you are', () => {
    host.signIn = false
    renderGate()
    expect(screen.getByText(/App for anyone/)).toBeInTheDocument()
    expect(screen.queryByRole('heading', { name: 'Sign in' })).not.toBeInTheDocument()
  })

  it('on a server that requires it, asks to sign in, says a refusal at the form, and then shows the app', async () => {
    host.signIn = true
    let attempts = 0
    server.use(
      http.get('*/api/auth/session', () => ok({ signedIn: false, setupRequired: false })),
      http.get('*/ng/api/test-only-list', () => ok([])),
      http.post('*/api/auth/sign-in', () =>
        ++attempts === 1
          ? refusal(401, 'INVALID_CREDENTIAL', 'The email or password is not right.')
          : ok({ signedIn: true, user: ANA }),
      ),
    )
    const { user } = renderGate()
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toHaveFocus()
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(screen.getByRole('alert')).toHaveTextContent('Enter your email and password.')
    await user.type(screen.getByLabelText('Email'), 'ana@example.com')
    await user.type(screen.getByLabelText('Password'), 'wrong password{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is not right.')
    // The password is not kept after a refusal.
    expect(screen.getByLabelText('Password')).toHaveValue('')
    await user.type(screen.getByLabelText('Password'), 'a long enough password{Enter}')
    expect(await screen.findByText(/App for Ana Admin/)).toBeInTheDocument()
  })

  it('brings the Sign in page back, saying why, when a request meets SESSION_EXPIRED', async () => {
    host.signIn = true
    server.use(
      http.get('*/api/auth/session', () => ok({ signedIn: true, user: ANA })),
      http.get('*/ng/api/test-only-list', () =>
        refusal(401, 'SESSION_EXPIRED', 'Your session has ended. Sign in again to continue.'),
      ),
    )
    renderGate()
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.getByText('Your session has ended. Sign in again to continue.')).toBeInTheDocument()
  })

  it('before setup, points at the link on the server’s console', async () => {
    host.signIn = true
    server.use(http.get('*/api/auth/session', () => ok({ signedIn: false, setupRequired: true })))
    renderGate()
    expect(await screen.findByText(/Open the setup link printed on the server’s console/)).toBeInTheDocument()
  })
})
