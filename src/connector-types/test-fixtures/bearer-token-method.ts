import type { AuthMethod, FieldError } from '../auth-methods'
import { record, text } from '../spec-values'

/**
 * An authentication method that exists only in tests: a token sent as `Authorization: Bearer`.
 * It proves the README's promise that a method is one entry of `AUTH_METHODS`: the wizard, the
 * API's check, the YAML mapping and both connection-test engines take it as it is.
 */

function tokenRefOf(auth: Record<string, unknown>): string {
  return text(record(auth.spec).tokenRef).trim()
}

export const BEARER_TOKEN_METHOD: AuthMethod = {
  id: 'BearerToken',
  label: 'Bearer Token',
  fields: [
    {
      kind: 'secret',
      key: 'tokenRef',
      label: 'Token',
      buttonLabel: 'Create or Select a Secret for the token',
      help: 'The token is a secret: its value stays in the secret manager and is never shown.',
    },
  ],
  onlyMethodNote: (typeLabel) => `${typeLabel} connectors always send a bearer token.`,
  emptyForm: () => ({ type: 'BearerToken', tokenRef: '' }),
  formSchema: (zod) =>
    zod.object({ type: zod.literal('BearerToken'), tokenRef: zod.string() }).check(
      zod.superRefine((value, ctx) => {
        if (!value.tokenRef) {
          ctx.addIssue({ code: 'custom', path: ['tokenRef'], message: 'Token is required: create or select a secret.' })
        }
      }),
    ),
  toSpec: (values) => ({ type: 'BearerToken', spec: { tokenRef: text(values.tokenRef) } }),
  fromSpec: (auth) => ({ type: 'BearerToken', tokenRef: tokenRefOf(auth) }),
  validateSpec: async (auth, { checkSecretReference }) => {
    const tokenRef = tokenRefOf(auth)
    const errors: FieldError[] = []
    if (!tokenRef) errors.push({ fieldId: 'spec.auth.spec.tokenRef', error: 'Token is required: give tokenRef.' })
    else {
      const problem = await checkSecretReference(tokenRef)
      if (problem) errors.push({ fieldId: 'spec.auth.spec.tokenRef', error: problem })
    }
    return { auth: { type: 'BearerToken', spec: { tokenRef } }, errors }
  },
  credentials: (auth) => ({ scheme: 'bearer', tokenRef: tokenRefOf(auth) }),
  secretReferences: (auth) => [tokenRefOf(auth)].filter(Boolean),
  describe: (auth) => (tokenRefOf(auth) ? [{ label: 'Token secret', secretReference: tokenRefOf(auth) }] : []),
  adviceValues: () => ({ username: '', passwordRef: '' }),
}
