import { useState } from 'react'
import { ApiError } from '../../lib/api-client'
import type { ConnectorInfo, ConnectorResponse } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { fetchConnector, useSaveConnector } from '../connector-api'

/** A save refused because someone saved first: what the user has, and what is stored now. */
export type SaveConflict = {
  mine: ConnectorInfo
  current: ConnectorResponse
  /** Refused again: the current version changed once more while the comparison was open. */
  again: boolean
}

/**
 * An update that, when refused as stale (409, docs/decisions/010), reads the current version and
 * opens a comparison instead of leaving the user only "reload". Nothing is thrown away: the user's
 * version stays in the conflict (and in the form that made it) until they choose.
 */
export function useConflictingSave(scope: Scope) {
  const save = useSaveConnector(scope)
  const [conflict, setConflict] = useState<SaveConflict | null>(null)
  const [comparing, setComparing] = useState(false)
  const [reading, setReading] = useState(false)
  const [keepMineError, setKeepMineError] = useState<Error | null>(null)

  /**
   * Saves `connector` from `version`. Resolves with the saved connector, or with undefined when
   * the save was refused as stale and the comparison opened; any other failure rejects.
   */
  async function saveUpdate(connector: ConnectorInfo, version: number | undefined) {
    try {
      const saved = await save.mutateAsync({ connector, isNew: false, version })
      setConflict(null)
      setComparing(false)
      return saved
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409)) throw error
      setReading(true)
      // If the current version cannot be read, the refusal itself is what the user sees.
      const current = await fetchConnector(scope, connector.identifier)
        .catch(() => {
          throw error
        })
        .finally(() => setReading(false))
      setConflict((previous) => ({
        mine: connector,
        current,
        again: previous !== null && previous.current.version !== current.version,
      }))
      setComparing(true)
      return undefined
    }
  }

  return {
    save,
    /** A save or the read of the current version is on its way. */
    busy: save.isPending || reading,
    conflict,
    /** Why Keep mine failed, other than another refusal with the current version read (which compares again). */
    keepMineError,
    /** The comparison is shown (closing it keeps the conflict, to open again). */
    comparing: comparing && conflict !== null,
    saveUpdate,
    /** Keep mine: the user's version over the current one, sent with the current version's number. */
    keepMine: async () => {
      if (!conflict) return undefined
      setKeepMineError(null)
      try {
        return await saveUpdate(conflict.mine, conflict.current.version)
      } catch (error) {
        setKeepMineError(error instanceof Error ? error : new Error(String(error)))
        throw error
      }
    },
    compareAgain: () => setComparing(true),
    closeComparison: () => setComparing(false),
    /** The conflict is settled (Take theirs): forget it and the refusal. */
    settle: () => {
      setKeepMineError(null)
      setConflict(null)
      setComparing(false)
      save.reset()
    },
  }
}
