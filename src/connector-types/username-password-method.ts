import type { AuthDetailRow, AuthMethod, FieldError } from './auth-methods'
import { record, text } from './spec-values'

/** Harness's `UsernamePassword`: a username (text or a secret) and a password secret, sent as HTTP Basic. */
export const usernamePassword: AuthMethod = {
  id: 'UsernamePassword',
  label: 'Username and Password',
  fields: [
    {
      kind: 'text-or-secret',
      key: 'username',
      refKey: 'usernameRef',
      toggleKey: 'usernameIsSecret',
      label: 'Username',
      textOption: 'Plain text username',
      secretOption: 'Username in a secret',
      secretButtonLabel: 'Create or Select a Secret for the username',
      secretHelp: 'The username is read from a secret when the delegate connects.',
    },
    {
      kind: 'secret',
      key: 'passwordRef',
      label: 'Password',
      buttonLabel: 'Create or Select a Secret',
      help: 'The password is a secret: its value stays in the secret manager and is never shown.',
    },
  ],
  onlyMethodNote: (typeLabel) => `${typeLabel} connectors always sign in with a username and password.`,
  emptyForm: () => ({
    type: 'UsernamePassword',
    usernameIsSecret: false,
    username: '',
    usernameRef: '',
    passwordRef: '',
  }),
  formSchema: (zod, definition) =>
    // One refinement for all credentials, so every missing one is reported at once
    // (zod skips an object's refinements while any of its fields has an issue).
    zod
      .object({
        type: zod.literal('UsernamePassword'),
        usernameIsSecret: zod.optional(zod.boolean()),
        username: zod.string(),
        usernameRef: zod.optional(zod.string()),
        passwordRef: zod.string(),
      })
      .check(
        zod.superRefine((value, ctx) => {
          if (value.usernameIsSecret) {
            if (!value.usernameRef) {
              ctx.addIssue({
                code: 'custom',
                path: ['usernameRef'],
                message: 'Username is required: create or select a secret.',
              })
            }
          } else if (value.username.trim() === '') {
            ctx.addIssue({ code: 'custom', path: ['username'], message: 'Username is required.' })
          } else {
            const message = definition.credentials.usernameProblem?.(value.username)
            if (message) ctx.addIssue({ code: 'custom', path: ['username'], message })
          }
          if (value.passwordRef === '') {
            ctx.addIssue({
              code: 'custom',
              path: ['passwordRef'],
              message: 'Password is required: create or select a secret.',
            })
          }
        }),
      ),
  toSpec: (values) => ({
    type: 'UsernamePassword',
    spec: values.usernameIsSecret
      ? { usernameRef: text(values.usernameRef), passwordRef: text(values.passwordRef) }
      : { username: text(values.username).trim(), passwordRef: text(values.passwordRef) },
  }),
  fromSpec: (auth) => {
    const spec = record(auth.spec)
    return {
      type: 'UsernamePassword',
      usernameIsSecret: Boolean(text(spec.usernameRef)),
      username: text(spec.username),
      usernameRef: text(spec.usernameRef),
      passwordRef: text(spec.passwordRef),
    }
  },
  validateSpec: async (auth, { definition, checkSecretReference }) => {
    const credentials = record(auth.spec)
    const errors: FieldError[] = []
    const spec: Record<string, unknown> = {}
    const username = text(credentials.username).trim()
    const usernameRef = text(credentials.usernameRef)
    if (username && usernameRef) {
      errors.push({ fieldId: 'spec.auth.spec.username', error: 'Give either username or usernameRef, not both.' })
    } else if (usernameRef) {
      const problem = await checkSecretReference(usernameRef)
      if (problem) errors.push({ fieldId: 'spec.auth.spec.usernameRef', error: problem })
      spec.usernameRef = usernameRef
    } else if (!username) {
      errors.push({ fieldId: 'spec.auth.spec.username', error: 'Username is required.' })
    } else {
      const problem = definition.credentials.usernameProblem?.(username)
      if (problem) errors.push({ fieldId: 'spec.auth.spec.username', error: problem })
      spec.username = username
    }
    const passwordRef = text(credentials.passwordRef)
    if (!passwordRef) {
      errors.push({
        fieldId: 'spec.auth.spec.passwordRef',
        error: 'Password is required: give passwordRef, the reference of a secret.',
      })
    } else {
      const problem = await checkSecretReference(passwordRef)
      if (problem) errors.push({ fieldId: 'spec.auth.spec.passwordRef', error: problem })
      spec.passwordRef = passwordRef
    }
    return { auth: { type: 'UsernamePassword', spec }, errors }
  },
  credentials: (auth) => {
    const spec = record(auth.spec)
    const usernameRef = text(spec.usernameRef).trim()
    const passwordRef = text(spec.passwordRef).trim()
    return usernameRef
      ? { scheme: 'basic', username: `<+secrets.getValue("${usernameRef}")>`, usernameRef, passwordRef }
      : { scheme: 'basic', username: text(spec.username).trim(), passwordRef }
  },
  secretReferences: (auth) => {
    const spec = record(auth.spec)
    return [text(spec.usernameRef).trim(), text(spec.passwordRef).trim()].filter(Boolean)
  },
  adviceValues: (values) => ({ username: text(values.username), passwordRef: text(values.passwordRef) }),
  describe: (auth) => {
    const spec = record(auth.spec)
    const rows: AuthDetailRow[] = []
    if (text(spec.username)) rows.push({ label: 'Username', text: text(spec.username) })
    if (text(spec.usernameRef)) rows.push({ label: 'Username secret', secretReference: text(spec.usernameRef) })
    if (text(spec.passwordRef)) rows.push({ label: 'Password secret', secretReference: text(spec.passwordRef) })
    return rows
  },
}
