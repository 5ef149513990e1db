import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ConnectorInfo } from '../../lib/api-types'
import { IDENTIFIER_MAX_LENGTH, NAME_MAX_LENGTH } from '../../lib/entity-names'
import type { Scope } from '../../lib/scope'
import { isConnectorIdentifierUnique } from '../connector-api'

/**
 * Clone, as Grafana's "Save as copy": the wizard opens on a new connector with the original's
 * settings and the same secret references (secrets are referred to, never copied), under a new
 * name and a free identifier. Nothing is saved until Save and Continue.
 */

/** How many `_copy`, `_copy_2`… to ask about before leaving it to the wizard's own check. */
const CANDIDATES = 10

export function copyName(name: string): string {
  const suffix = ' copy'
  return `${name.slice(0, NAME_MAX_LENGTH - suffix.length).trimEnd()}${suffix}`
}

/** `<id>_copy`, then `<id>_copy_2`, `<id>_copy_3`…, each within the identifier's length. */
export function copyIdentifiers(identifier: string, count = CANDIDATES): string[] {
  return Array.from({ length: count }, (_, index) => {
    const suffix = index === 0 ? '_copy' : `_copy_${index + 1}`
    return `${identifier.slice(0, IDENTIFIER_MAX_LENGTH - suffix.length)}${suffix}`
  })
}

/** What the wizard starts from: everything but the name and identifier, and no scope of its own. */
export function cloneOf(connector: ConnectorInfo, identifier: string): ConnectorInfo {
  const { orgIdentifier: _org, projectIdentifier: _project, ...settings } = connector
  return { ...structuredClone(settings), name: copyName(connector.name), identifier }
}

/**
 * Prepares a clone in `scope` (asking which copy identifier is free) and hands it to `open`.
 * When the server cannot say, the first candidate is used: the wizard checks it again anyway.
 */
export function useCloneConnector(scope: Scope, open: (clone: ConnectorInfo) => void) {
  const queryClient = useQueryClient()
  const prepare = useMutation({
    mutationFn: async (connector: ConnectorInfo) => {
      const candidates = copyIdentifiers(connector.identifier)
      try {
        for (const candidate of candidates) {
          const free = await queryClient.fetchQuery({
            queryKey: ['connectors', 'unique', scope, candidate],
            queryFn: () => isConnectorIdentifierUnique(scope, candidate),
            staleTime: 0,
          })
          if (free) return cloneOf(connector, candidate)
        }
      } catch {
        // Unknown: the wizard's identifier check says so if it is taken.
      }
      return cloneOf(connector, candidates[0]!)
    },
    onSuccess: open,
  })
  return {
    clone: (connector: ConnectorInfo) => prepare.mutate(connector),
    /** The identifier of the connector being prepared, for its button's busy state. */
    preparing: prepare.isPending ? prepare.variables.identifier : null,
  }
}
