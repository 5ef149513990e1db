import type { AuthMethod } from './auth-methods'

/** Harness's `Anonymous`: no credentials at all. */
export const anonymous: AuthMethod = {
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
