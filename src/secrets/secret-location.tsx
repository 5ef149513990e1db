import type { SecretDTO } from '../lib/api-types'
import { secretLocation } from '../lib/delegate-held-secrets'

/**
 * Where a secret's value lives, in words (decision 028): "Stored on the server", or the
 * delegate's variable or file, which is not secret and is shown as code. Never a value.
 */
export function SecretLocation({
  spec,
  className = 'secret-cell__meta',
}: {
  spec: SecretDTO['spec']
  className?: string
}) {
  const location = secretLocation(spec)
  return (
    <span className={className}>
      {location.kind === 'server' ? (
        'Stored on the server'
      ) : location.kind === 'environment' ? (
        <>
          Delegate environment: <code>{location.name}</code>
        </>
      ) : (
        <>
          Delegate secret directory: <code>{location.path}</code>
        </>
      )}
    </span>
  )
}
