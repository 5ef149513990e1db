import { useSyncExternalStore } from 'react'
import type { ConnectorInfo, ConnectorResponse } from '../../lib/api-types'

/** What the wizard opens on: a type to create, or a connector to edit at the version the list read. */
export type WizardTarget = { type: string; connector?: ConnectorInfo; version?: number; initial?: ConnectorInfo }

/** The dialogs of the Connectors page that are open, and on what. */
export type OpenDialogs = {
  catalog: boolean
  wizard: WizardTarget | null
  yaml: boolean
  details: ConnectorResponse | null
  deleting: ConnectorResponse | null
}

const NONE_OPEN: OpenDialogs = { catalog: false, wizard: null, yaml: false, details: null, deleting: null }

/**
 * Which dialogs are open, outside React state: the page only opens them, and only the dialogs'
 * component reads this. Kept in the page's state, opening the catalog re-rendered the whole list
 * (every row) inside the click, which was most of the time to the next paint.
 */
export type ConnectorDialogs = {
  get: () => OpenDialogs
  subscribe: (listener: () => void) => () => void
  /** Opens or closes dialogs; what the change does not name stays as it is. */
  set: (change: Partial<OpenDialogs>) => void
}

export function createConnectorDialogs(): ConnectorDialogs {
  let state = NONE_OPEN
  const listeners = new Set<() => void>()
  return {
    get: () => state,
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    set: (change) => {
      state = { ...state, ...change }
      for (const listener of listeners) listener()
    },
  }
}

export function useOpenDialogs(dialogs: ConnectorDialogs): OpenDialogs {
  return useSyncExternalStore(dialogs.subscribe, dialogs.get, dialogs.get)
}
