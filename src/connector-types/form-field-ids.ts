import type { ConnectorTypeDefinition } from './connector-type'

/**
 * The API's field id (`spec.dockerRegistryUrl`, `spec.auth.spec.passwordRef`) of an issue that
 * the wizard's form schema reports at `path` (`url`, `auth.passwordRef`). The API's validation
 * and the YAML import both name fields this way, so a message points at the YAML key to change.
 */
export function apiFieldIdOf(path: readonly PropertyKey[], definition: ConnectorTypeDefinition): string {
  const [head, next] = path.map(String)
  switch (head) {
    case 'url':
      return `spec.${definition.url.specKey}`
    case 'extras':
      return next === undefined ? 'spec' : `spec.${next}`
    case 'auth':
      return next === undefined || next === 'type' ? 'spec.auth.type' : `spec.auth.spec.${next}`
    case 'delegates':
      return 'spec.delegateSelectors'
    default:
      return head ?? 'connector'
  }
}
