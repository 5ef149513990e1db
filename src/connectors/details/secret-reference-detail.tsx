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
      ) : isStatus(secret.error, 403) ? (
        // Not a fault of the connector: the viewer may not see that scope's secrets.
        <span className="muted">Where it lives is not shown: {secret.error.message}</span>
      ) : (
        <span className="field__error">
          {isStatus(secret.error, 404)
            ? 'Not found: this secret does not exist or has been deleted'
            : `Could not check where it lives: ${secret.error.message}`}
        </span>
      )}
    </span>
  )
}

function isStatus(error: Error, status: number): boolean {
  return error instanceof ApiError && error.status === status
}
