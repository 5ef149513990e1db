import type * as zm from 'zod/mini'
import type { ConnectorTypeDefinition, DetailsValues } from './connector-type'

/**
 * How a connector authenticates, one entry per method. Everything about a method lives in its
 * entry: the fields the Details step shows, the form's schema, the mapping to and from the
 * connector's `spec.auth` (API and YAML), the server's check, and the credentials a
 * connection-test engine reads. A connector type lists the methods it offers
 * (`ConnectorTypeDefinition.authTypes`); nothing outside this folder names a method. Adding one
 * (a token, an AWS role) means adding an entry here and its tests.
 */

/** The zod/mini functions a method's form schema is built with. */
export type FormSchemaKit = Pick<
  typeof zm,
  'object' | 'looseObject' | 'literal' | 'optional' | 'boolean' | 'string' | 'superRefine'
>

/** The form's values for the `auth` part: the method, then its own fields by key. */
export type AuthFormValues = { type: string } & Record<string, string | boolean | undefined>

/** A field of a method, as the Details step renders it. */
export type AuthField =
  | {
      /** Plain text that may instead be kept in a secret (Harness's `username` / `usernameRef`). */
      kind: 'text-or-secret'
      key: string
      /** Form key of the secret reference used instead of the text. */
      refKey: string
      /** Form key of the switch between text and secret. */
      toggleKey: string
      label: string
      textOption: string
      secretOption: string
      secretButtonLabel: string
      secretHelp: string
    }
  | {
      /** Always a secret reference, chosen or created in the secret picker; never a value. */
      kind: 'secret'
      key: string
      label: string
      buttonLabel: string
      help: string
    }

/**
 * What a connection-test engine needs to know: no credentials, or HTTP Basic with a username
 * (given, or in a secret) and a password secret. The engine resolves the references.
 */
export type CredentialsToSend =
  | { scheme: 'none' }
  | { scheme: 'basic'; username: string; usernameRef?: string; passwordRef: string }
  /** A token sent as `Authorization: Bearer <token>` (an access token, a personal access token). */
  | { scheme: 'bearer'; tokenRef: string }

/** How the server checks a secret reference: a message when it cannot be used, else nothing. */
export type SecretReferenceCheck = (reference: string) => Promise<string | undefined>

export type FieldError = { fieldId: string; error: string }

export type AuthMethod = {
  /** `spec.auth.type` in the API and YAML. */
  id: string
  /** The radio button's accessible name. */
  label: string
  fields: readonly AuthField[]
  /** A sentence for types that offer only this method. */
  onlyMethodNote: (typeLabel: string) => string
  emptyForm: () => AuthFormValues
  /**
   * The form's schema for this method, with the connector type's own credential rules. zod's
   * functions are handed in so that the table does not pull zod into the first page (only the
   * wizard needs it).
   */
  formSchema: (zod: FormSchemaKit, definition: ConnectorTypeDefinition) => zm.ZodMiniType
  /** `spec.auth` from the form. */
  toSpec: (values: AuthFormValues) => Record<string, unknown>
  /** The form from `spec.auth`; references only, never values. */
  fromSpec: (auth: Record<string, unknown>) => AuthFormValues
  /** The server's check of a `spec.auth` body: the stored form, or what is wrong with it. */
  validateSpec: (
    auth: Record<string, unknown>,
    context: { definition: ConnectorTypeDefinition; checkSecretReference: SecretReferenceCheck },
  ) => Promise<{ auth: Record<string, unknown>; errors: FieldError[] }>
  /** What a connection test sends. */
  credentials: (auth: Record<string, unknown>) => CredentialsToSend
  /**
   * The secret references a test needs resolved before it runs, in the order its secret stage
   * reads them. The manager resolves exactly these into a delegate's task, and no others.
   */
  secretReferences: (auth: Record<string, unknown>) => string[]
  /** Rows for the Details view: references, never values. */
  describe: (auth: Record<string, unknown>) => [string, string][]
  /** What a type's advice reads of the form (`DetailsValues`): the username and password secret, if any. */
  adviceValues: (values: AuthFormValues) => { username: string; passwordRef: string }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

const usernamePassword: AuthMethod = {
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
    const rows: [string, string][] = []
    if (text(spec.username)) rows.push(['Username', text(spec.username)])
    if (text(spec.usernameRef)) rows.push(['Username secret', text(spec.usernameRef)])
    if (text(spec.passwordRef)) rows.push(['Password secret', text(spec.passwordRef)])
    return rows
  },
}

const anonymous: AuthMethod = {
  id: 'Anonymous',
  label: 'Anonymous (no credentials required)',
  fields: [],
  onlyMethodNote: (typeLabel) => `${typeLabel} connectors never send credentials.`,
  emptyForm: () => ({ type: 'Anonymous' }),
  // The form keeps what was typed for another method, so that switching back loses nothing.
  formSchema: (zod) => zod.looseObject({ type: zod.literal('Anonymous') }),
  toSpec: () => ({ type: 'Anonymous' }),
  fromSpec: () => ({ type: 'Anonymous' }),
  validateSpec: () => Promise.resolve({ auth: { type: 'Anonymous' }, errors: [] }),
  credentials: () => ({ scheme: 'none' }),
  secretReferences: () => [],
  describe: () => [],
  adviceValues: () => ({ username: '', passwordRef: '' }),
}

/** Every method, in the order the Details step offers them. */
export const AUTH_METHODS = { UsernamePassword: usernamePassword, Anonymous: anonymous } as const

export type AuthMethodId = keyof typeof AUTH_METHODS

export function findAuthMethod(id: unknown): AuthMethod | undefined {
  return typeof id === 'string' && Object.hasOwn(AUTH_METHODS, id) ? AUTH_METHODS[id as AuthMethodId] : undefined
}

/** The method of a stored `spec.auth`; a connector without one is anonymous, as Harness reads it. */
export function authMethodOf(auth: unknown): AuthMethod {
  return findAuthMethod(record(auth).type) ?? anonymous
}

/** What a connection test sends for a connector's `spec`. */
export function credentialsToSend(spec: Record<string, unknown>): CredentialsToSend {
  const auth = record(spec.auth)
  return authMethodOf(auth).credentials(auth)
}

/** The secret references a connection test of a connector's `spec` resolves (its method's). */
export function secretReferencesToResolve(spec: Record<string, unknown>): string[] {
  const auth = record(spec.auth)
  return authMethodOf(auth).secretReferences(auth)
}

/** The credentials part of `DetailsValues` for a form, as its method reads it. */
export function adviceValuesOf(values: AuthFormValues): Pick<DetailsValues, 'authType' | 'username' | 'passwordRef'> {
  const method = findAuthMethod(values.type)
  return { authType: values.type, ...(method ? method.adviceValues(values) : { username: '', passwordRef: '' }) }
}

/** Whether a type can be used without any credentials (a method with no fields). */
export function offersAnonymousAccess(definition: ConnectorTypeDefinition): boolean {
  return definition.authTypes.some((id) => AUTH_METHODS[id].fields.length === 0)
}

/** The form values every method of a type starts from, merged so that switching keeps input. */
export function emptyAuthForm(definition: ConnectorTypeDefinition): AuthFormValues {
  const [first] = definition.authTypes
  const merged: AuthFormValues = { type: first ?? 'Anonymous' }
  for (const id of [...definition.authTypes].reverse()) Object.assign(merged, AUTH_METHODS[id].emptyForm())
  merged.type = first ?? 'Anonymous'
  return merged
}
