import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type { ReactNode } from 'react'
import { HOST } from '../lib/host'
import { useNavigation } from '../ui/navigation'
import { Notice } from '../ui/notice'
import { InvitePage } from './invite-page'
import { SetupPage } from './setup-page'
import type { SessionState, SignedInUser } from './sign-in-api'
import { endsSession, errorText, SESSION_QUERY_KEY, useSession } from './sign-in-api'
import { SignInPage } from './sign-in-page'
import './sign-in.css'

const SESSION_ENDED = 'Your session has ended. Sign in again to continue.'

/**
 * On a server that requires sign-in (HOST.signIn; never the demo): the setup and invitation pages
 * at /setup and /invite, the Sign in page while nobody is signed in, and the app for whoever is.
 * The Sign in page is shown at the address the user asked for, so signing in lands there. A
 * 401 SESSION_EXPIRED from any request brings it back, saying why.
 */
export function SignInGate({ children }: { children: (user: SignedInUser | undefined) => ReactNode }) {
  if (!HOST.signIn) return children(undefined)
  return <Gate>{children}</Gate>
}

function Gate({ children }: { children: (user: SignedInUser) => ReactNode }) {
  const { path, navigate } = useNavigation()
  const queryClient = useQueryClient()
  const session = useSession(true)
  const [reason, setReason] = useState<string | undefined>()

  useEffect(() => {
    const ended = (error: unknown) => {
      if (!endsSession(error)) return
      const signedOut: SessionState = { signedIn: false, setupRequired: false }
      queryClient.setQueryData(SESSION_QUERY_KEY, signedOut)
      setReason(SESSION_ENDED)
    }
    const onQuery = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && (event.query.queryKey as readonly unknown[])[0] !== 'auth')
        ended(event.query.state.error)
    })
    const onMutation = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated') ended(event.mutation?.state.error)
    })
    return () => {
      onQuery()
      onMutation()
    }
  }, [queryClient])

  const home = () => navigate('/', { replace: true })
  if (path === '/setup') return <SetupPage onDone={home} />
  if (path === '/invite') return <InvitePage onDone={home} />

  if (session.isPending)
    return (
      <main id="main" className="auth-page">
        <p className="muted" role="status">
          Loading…
        </p>
      </main>
    )
  if (session.isError)
    return (
      <main id="main" className="auth-page">
        <Notice tone="danger" role="alert" title="The server could not say who is signed in">
          {errorText(session.error)}
        </Notice>
      </main>
    )
  const state = session.data
  if (state.signedIn) return children(state.user)
  if (state.setupRequired)
    return (
      <main id="main" className="auth-page">
        <div className="auth-card">
          <h1>Set up Artifact Repository Connectors</h1>
          <p>
            No administrator exists yet. Open the setup link printed on the server’s console to create one. The link
            works once, for an hour; restart the server for a new one.
          </p>
        </div>
      </main>
    )
  return <SignInPage {...(reason ? { reason } : {})} sso={state.sso === true} onSignedIn={() => setReason(undefined)} />
}
