import { useState } from 'react'
import { ApiError } from './api-client'

/** A save refused because someone saved first: what the user has, and what is stored now. */
export type SaveConflict<Mine, Current> = {
  mine: Mine
  current: Current
  /** Refused again: the current version changed once more while the comparison was open. */
  again: boolean
}

type Options<Mine, Current, Saved> = {
  /** Saves the user's version from `version` (the number sent as If-Match). */
  save: (mine: Mine, version: number | undefined) => Promise<Saved>
  /** Reads what is stored now, after a save was refused as stale. */
  readCurrent: (mine: Mine) => Promise<Current>
  versionOf: (current: Current) => number | undefined
}

/**
 * An update that, when refused as stale (409, docs/decisions/010), reads the current version and
 * opens a comparison instead of leaving the user only "reload". Nothing is thrown away: the user's
 * version stays in the conflict (and in the form that made it) until they choose. Shared by every
 * entity with versions (connectors in the wizard and Edit YAML, secrets).
 */
export function useConflictingSave<Mine, Current, Saved>({
  save,
  readCurrent,
  versionOf,
}: Options<Mine, Current, Saved>) {
  const [conflict, setConflict] = useState<SaveConflict<Mine, Current> | null>(null)
  const [comparing, setComparing] = useState(false)
  const [reading, setReading] = useState(false)
  const [keepMineError, setKeepMineError] = useState<Error | null>(null)

  /**
   * Saves `mine` from `version`. Resolves with what was saved, or with undefined when the save
   * was refused as stale and the comparison opened; any other failure rejects.
   */
  async function saveUpdate(mine: Mine, version: number | undefined): Promise<Saved | undefined> {
    try {
      const saved = await save(mine, version)
      setConflict(null)
      setComparing(false)
      return saved
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409)) throw error
      setReading(true)
      // If the current version cannot be read, the refusal itself is what the user sees.
      const current = await readCurrent(mine)
        .catch(() => {
          throw error
        })
        .finally(() => setReading(false))
      setConflict((previous) => ({
        mine,
        current,
        again: previous !== null && versionOf(previous.current) !== versionOf(current),
      }))
      setComparing(true)
      return undefined
    }
  }

  return {
    /** The current version is being read after a refusal. */
    reading,
    conflict,
    /** Why Keep mine failed, other than another refusal with the current version read (which compares again). */
    keepMineError,
    /** The comparison is shown (closing it keeps the conflict, to open again). */
    comparing: comparing && conflict !== null,
    saveUpdate,
    /**
     * Keep mine: the user's version over the current one, sent with the current version's number
     * (so that a third change in between is refused again). `mine` replaces the version kept in
     * the conflict when the form holds a newer one.
     */
    keepMine: async (mine?: Mine) => {
      if (!conflict) return undefined
      setKeepMineError(null)
      try {
        return await saveUpdate(mine ?? conflict.mine, versionOf(conflict.current))
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
    },
  }
}
