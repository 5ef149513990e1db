import type * as zm from 'zod/mini'
import { anonymous } from './anonymous-method'
import type { ConnectorTypeDefinition, DetailsValues } from './connector-type'
import { record } from './spec-values'
import { usernamePassword } from './username-password-method'

/**
 * How a connector authenticates, one entry per method (each in its own file beside this one).
 * Everything about a method lives in its entry: the fields the Details step shows, the form's
 * schema, the mapping to and from the connector's `spec.auth` (API and YAML), the server's check,
 * the kind of credentials a test sends and the secrets it resolves. A connector type lists the
 * methods it offers (`ConnectorTypeDefinition.authTypes`); nothing outside this folder names a
 * method. Adding one of a known kind (none, Basic, a bearer token) means its file, its line in
 * AUTH_METHODS and its tests; a new kind is taught once to connection-tests/credentials.ts.
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

/**
 * A row of the Details view: a setting as text, or the reference of a secret, which Details
 * looks up to say where its value lives (never the value).
 */
export type AuthDetailRow = { label: string; text: string } | { label: string; secretReference: string }

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
  /** Rows for the Details view: texts and secret references, never values. */
  describe: (auth: Record<string, unknown>) => AuthDetailRow[]
  /** What a type's advice reads of the form (`DetailsValues`): the username and password secret, if any. */
  adviceValues: (values: AuthFormValues) => { username: string; passwordRef: string }
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

/** Whether a connector with this method (its id) sends credentials to its server at all. */
export function sendsCredentials(authType: string): boolean {
  const method = findAuthMethod(authType)
  return method !== undefined && method.credentials({ type: method.id }).scheme !== 'none'
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
