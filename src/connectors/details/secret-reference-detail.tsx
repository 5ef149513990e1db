import { ApiError } from '../../lib/api-client'
import type { Scope } from '../../lib/scope'
import { useSecretByReference } from '../../secrets/secret-api'
import { SecretLocation } from '../../secrets/secret-location'

/**
 * A secret a connector refers to, and where its value lives in the Secrets page's words, read from
 * the secret in the reference's own scope (`org.`, `account.`). The API never returns a stored
 * value, and this shows none: a delegate's variable or path is a name, not a value.
 */
export function SecretReferenceDetail({ reference, scope }: { reference: string; scope: Scope }) {
  const secret = useSecretByReference(reference, scope)
  return (
    <span>
      {reference}
      {' · '}
      {secret.data ? (
        <SecretLocation spec={secret.data.secret.spec} className="muted" />
      ) : secret.isPending ? (
        <span className="muted">Checking where it lives…</span>
      ) : secret.error instanceof ApiError && secret.error.status === 404 ? (
        <span className="field__error">Not found: this secret does not exist or has been deleted</span>
      ) : (
        <span className="field__error">Could not check where it lives: {secret.error?.message}</span>
      )}
    </span>
  )
}
