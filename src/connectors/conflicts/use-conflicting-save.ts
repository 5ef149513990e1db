import type { ConnectorInfo, ConnectorResponse } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import type { SaveConflict as Conflict } from '../../lib/use-conflicting-save'
import { useConflictingSave as useConflictingUpdate } from '../../lib/use-conflicting-save'
import type { CurrentVersion } from '../../ui/conflict-choice'
import { fetchConnector, useSaveConnector } from '../connector-api'

/** A connector save refused because someone saved first: what the user has, and what is stored now. */
export type SaveConflict = Conflict<ConnectorInfo, ConnectorResponse>

/** The current version as the comparison names it: who saved it, when, as which version. */
export function currentVersionOf(current: ConnectorResponse): CurrentVersion {
  return {
    name: current.connector.name,
    version: current.version,
    // "Someone" for a connector saved before names were kept.
    savedBy: current.lastModifiedBy?.name,
    savedAt: current.lastModifiedAt,
  }
}

/**
 * A connector update that, when refused as stale, reads the current version and opens a
 * comparison (lib/use-conflicting-save.ts); creates go through `save` as they are.
 */
export function useConflictingSave(scope: Scope) {
  const save = useSaveConnector(scope)
  const conflicting = useConflictingUpdate<ConnectorInfo, ConnectorResponse, ConnectorResponse>({
    save: (connector, version) => save.mutateAsync({ connector, isNew: false, version }),
    readCurrent: (connector) => fetchConnector(scope, connector.identifier),
    versionOf: (current) => current.version,
  })
  return {
    ...conflicting,
    save,
    /** A save or the read of the current version is on its way. */
    busy: save.isPending || conflicting.reading,
    keepMine: () => conflicting.keepMine(),
    settle: () => {
      conflicting.settle()
      save.reset()
    },
  }
}
