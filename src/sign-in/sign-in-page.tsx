import { useEffect, useRef, useState } from 'react'
import type { FormEvent } from 'react'
import { Button } from '../ui/button'
import { Field } from '../ui/field'
import { Notice } from '../ui/notice'
import { errorText, useSignIn } from './sign-in-api'
import './sign-in.css'

type Props = {
  /** Why the page is shown (a session that ended), said above the form. */
  reason?: string
  /** After signing in: back to the page the user wanted. */
  onSignedIn: () => void
}

/** Email, password, Sign in. A refusal is said at the form, in the server's words. */
export function SignInPage({ reason, onSignedIn }: Props) {
  const signIn = useSignIn()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [problem, setProblem] = useState<string | undefined>()
  const heading = useRef<HTMLHeadingElement>(null)

  useEffect(() => heading.current?.focus(), [])

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
      </form>
    </main>
  )
}
