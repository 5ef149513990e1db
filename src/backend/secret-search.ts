import type { SecretDTO } from '../lib/api-types'
import { isDelegateHeldManager } from '../lib/delegate-held-secrets'

/**
 * What secret search matches, for both hosts: name, identifier, description and tags, and, for a
 * secret the delegate holds, where it lives (its variable name or its path under the secret
 * directory), which is not secret and is what a platform engineer knows. Never a value: this
 * reads only the secret's description (SecretDTO), and a spec's `value` only when it names a
 * delegate's variable or file; the stored value is not an argument.
 *
 * The reference comes last, so that text stored before it was searched (the server's
 * `search_text`) gains it by appending it (migration 21).
 */
export function secretSearchText(secret: SecretDTO): string {
  const parts = [secret.name, secret.identifier, secret.description ?? '', ...Object.entries(secret.tags).flat()]
  if (isDelegateHeldManager(secret.spec.secretManagerIdentifier) && secret.spec.value) parts.push(secret.spec.value)
  return parts.join('\n').toLowerCase()
}

/** Whether `term` (lower-cased, as typed; '' for all) is in the secret's search text. */
export function secretMatchesSearch(secret: SecretDTO, term: string): boolean {
  return term === '' || secretSearchText(secret).includes(term)
}
