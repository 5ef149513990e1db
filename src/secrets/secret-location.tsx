import type { SecretDTO } from '../lib/api-types'
import { SECRET_LOCATION_WORDS, secretLocation, secretLocationReference } from '../lib/delegate-held-secrets'

/**
 * Where a secret's value lives, in words (decision 028): "Stored on the server", or the
 * delegate's variable or file, which is not secret and is shown as code. Never a value. The
 * words are secretLocationLabel's (lib/delegate-held-secrets.ts), which the conflict comparison
 * and the audit trail use as text.
 */
export function SecretLocation({
  spec,
  className = 'secret-cell__meta',
}: {
  spec: SecretDTO['spec']
  className?: string
}) {
  const location = secretLocation(spec)
  const reference = secretLocationReference(location)
  const words = SECRET_LOCATION_WORDS[location.kind]
  return (
    <span className={className}>
      {reference === undefined ? (
        words
      ) : (
        <>
          {words}: <code>{reference}</code>
        </>
      )}
    </span>
  )
}
