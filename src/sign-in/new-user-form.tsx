import { useEffect, useRef, useState } from 'react'
import type { FormEvent, InputHTMLAttributes, ReactNode } from 'react'
import { Button } from '../ui/button'
import { Field } from '../ui/field'
import type { FieldProps } from '../ui/field'
import { Notice } from '../ui/notice'
import { MIN_PASSWORD_LENGTH } from './sign-in-api'
import './sign-in.css'

export type NewUserValues = { accountName: string; name: string; email: string; password: string }

type Props = {
  title: string
  intro: ReactNode
  /** The setup page asks for the account's name and an email; an invitation knows the email. */
  askAccountName?: boolean
  askEmail?: boolean
  submitLabel: string
  busy: boolean
  /** The server's refusal, in its words. */
  serverError?: string
  onSubmit: (values: NewUserValues) => void
}

type Errors = Partial<Record<'name' | 'email' | 'password' | 'confirm', string>>

function check(values: NewUserValues & { confirm: string }, askEmail: boolean): Errors {
  const errors: Errors = {}
  if (!values.name.trim()) errors.name = 'Enter your name.'
  if (askEmail && !/^[^\s@]+@[^\s@]+$/.test(values.email.trim()))
    errors.email = 'Enter an email address like ana@example.com.'
  if (values.password.length < MIN_PASSWORD_LENGTH)
    errors.password = `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`
  else if (values.confirm !== values.password) errors.confirm = 'The two passwords are not the same.'
  return errors
}

/** Name, (email,) password twice: the first administrator's setup and an invitation's acceptance. */
export function NewUserForm(props: Props) {
  const { askAccountName = false, askEmail = false } = props
  const [values, setValues] = useState({ accountName: '', name: '', email: '', password: '', confirm: '' })
  const [errors, setErrors] = useState<Errors>({})
  const heading = useRef<HTMLHeadingElement>(null)
  const form = useRef<HTMLFormElement>(null)
  useEffect(() => heading.current?.focus(), [])

  const set = (key: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [key]: event.target.value }))

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const found = check(values, askEmail)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      // The first field with a problem gets the focus; its message is announced.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
      return
    }
    const { confirm: _confirm, ...rest } = values
    props.onSubmit(rest)
  }

  return (
    <main id="main" className="auth-page">
      <form ref={form} className="auth-card" onSubmit={submit} noValidate aria-labelledby="new-user-heading">
        <h1 id="new-user-heading" ref={heading} tabIndex={-1}>
          {props.title}
        </h1>
        {props.intro}
        {props.serverError ? (
          <Notice tone="danger" role="alert">
            {props.serverError}
          </Notice>
        ) : null}
        {askAccountName ? (
          <TextField
            label="Account name"
            optional
            help="How this installation is named to its users."
            value={values.accountName}
            onChange={set('accountName')}
          />
        ) : null}
        <TextField
          label="Your name"
          error={errors.name}
          autoComplete="name"
          value={values.name}
          onChange={set('name')}
        />
        {askEmail ? (
          <TextField
            label="Email"
            error={errors.email}
            type="email"
            autoComplete="username"
            value={values.email}
            onChange={set('email')}
          />
        ) : null}
        <TextField
          label="Password"
          error={errors.password}
          help={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={set('password')}
        />
        <TextField
          label="Confirm password"
          error={errors.confirm}
          type="password"
          autoComplete="new-password"
          value={values.confirm}
          onChange={set('confirm')}
        />
        <Button type="submit" variant="primary" busy={props.busy}>
          {props.submitLabel}
        </Button>
      </form>
    </main>
  )
}

type TextFieldProps = Pick<FieldProps, 'label' | 'error' | 'help' | 'optional'> &
  Pick<InputHTMLAttributes<HTMLInputElement>, 'type' | 'autoComplete' | 'value' | 'onChange'>

/** One labelled input of the form, with its error and help tied to it. */
function TextField({ label, error, help, optional, ...input }: TextFieldProps) {
  return (
    <Field label={label} error={error} help={help} optional={optional}>
      {({ inputProps }) => <input {...inputProps} className="input" {...input} />}
    </Field>
  )
}
