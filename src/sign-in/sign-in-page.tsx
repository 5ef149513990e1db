import { useEffect, useRef, useState } from 'react'
import type { FormEvent } from 'react'
import { Button } from '../ui/button'
import { Field } from '../ui/field'
import { readQueryParams, replaceQueryParams } from '../ui/navigation'
import { Notice } from '../ui/notice'
import { errorText, useSignIn } from './sign-in-api'
import './sign-in.css'

type Props = {
  /** Why the page is shown (a session that ended), said above the form. */
  reason?: string
  /** After signing in: back to the page the user wanted. */
  onSignedIn: () => void
  /** The server offers single sign-on. */
  sso?: boolean
}

/** What a failed single sign-on came back with (`?signInError=`), in words. */
const SSO_ERRORS: Record<string, string> = {
  SSO_EXPIRED: 'Single sign-on took too long, or was started in another browser. Try again.',
  SSO_NO_EMAIL: 'Your identity provider did not give a verified email address. Ask your administrator.',
  USER_DISABLED: 'This user is disabled. Ask an administrator.',
}
const SSO_FAILED = 'Single sign-on did not complete. Try again, or ask your administrator.'

/** Email, password, Sign in. A refusal is said at the form, in the server's words. */
export function SignInPage({ reason, onSignedIn, sso = false }: Props) {
  const signIn = useSignIn()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [problem, setProblem] = useState<string | undefined>(() => {
    const code = readQueryParams().get('signInError')
    return code ? (SSO_ERRORS[code] ?? SSO_FAILED) : undefined
  })
  const heading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    heading.current?.focus()
    replaceQueryParams({ signInError: undefined })
  }, [])

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!email.trim() || !password) {
      setProblem('Enter your email and password.')
      return
    }
    setProblem(undefined)
    signIn.mutate(
      { email: email.trim(), password },
      {
        onSuccess: () => onSignedIn(),
        onError: (error) => {
          setPassword('')
          setProblem(errorText(error))
        },
      },
    )
  }

  return (
    <main id="main" className="auth-page">
      <form className="auth-card" onSubmit={submit} noValidate aria-labelledby="sign-in-heading">
        <h1 id="sign-in-heading" ref={heading} tabIndex={-1}>
          Sign in
        </h1>
        <p className="muted">Artifact Repository Connectors</p>
        {reason ? <Notice tone="info">{reason}</Notice> : null}
        {problem ? (
          <Notice tone="danger" role="alert">
            {problem}
          </Notice>
        ) : null}
        <Field label="Email">
          {({ inputProps }) => (
            <input
              {...inputProps}
              className="input"
              type="email"
              name="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field label="Password">
          {({ inputProps }) => (
            <input
              {...inputProps}
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" busy={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
        {sso ? (
          // A full page load: the provider's sign-in, then back to this address.
          <a
            className="button button--secondary"
            href={`/api/auth/oidc/start?returnTo=${encodeURIComponent(`${window.location.pathname}${window.location.search}`)}`}
          >
            Sign in with single sign-on
          </a>
        ) : null}
      </form>
    </main>
  )
}
