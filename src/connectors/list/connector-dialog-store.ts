import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type { ConnectorInfo, ConnectorResponse } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { scopePath } from '../../scopes/scope-paths'
import { useOptionalNavigation } from '../../ui/navigation'

/** What the wizard opens on: a type to create, or a connector to edit at the version the list read. */
export type WizardTarget = { type: string; connector?: ConnectorInfo; version?: number; initial?: ConnectorInfo }

/** The dialogs of the Connectors page that are open, and on what. */
export type OpenDialogs = {
  catalog: boolean
  wizard: WizardTarget | null
  yaml: boolean
  /** The row whose Details were asked for, shown at once; the address says whether Details is open. */
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

export type DetailsAddress = {
  /** The connector whose Details are open, if any. */
  identifier: string | undefined
  open: (identifier: string) => void
  close: () => void
}

/**
 * Details has an address of its own, `…/connectors/<identifier>`, so that it can be linked, a
 * reload opens it again and Back closes it. `fromAddress` is the identifier the address names.
 * Closing leaves the address after Details has gone (its unsaved-YAML warning with it): back to
 * the list entry this page added, or in place of an address that came from a link or a reload.
 * Outside the app's navigation (a page rendered alone, in a test) Details is plain state.
 */
export function useDetailsAddress(scope: Scope, fromAddress: string | undefined): DetailsAddress {
  const navigation = useOptionalNavigation()
  const [alone, setAlone] = useState<string | undefined>(undefined)
  const [closing, setClosing] = useState<string | undefined>(undefined)
  const [seenAddress, setSeenAddress] = useState(fromAddress)
  // Whether this page put Details in the address (then closing is going back).
  const added = useRef(false)
  if (seenAddress !== fromAddress) {
    // The address moved (Back, Forward, a link): what it names now is open, whatever was closing.
    setSeenAddress(fromAddress)
    setClosing(undefined)
  }
  const listPath = `${scopePath(scope)}/connectors`
  const navigate = navigation?.navigate
  useEffect(() => {
    if (!navigate || closing === undefined || closing !== fromAddress) return
    if (added.current) window.history.back()
    else navigate(listPath, { replace: true })
    added.current = false
  }, [navigate, closing, fromAddress, listPath])

  if (!navigate) return { identifier: alone, open: setAlone, close: () => setAlone(undefined) }
  return {
    identifier: closing !== undefined && closing === fromAddress ? undefined : fromAddress,
    open: (identifier) => {
      added.current = true
      navigate(`${listPath}/${encodeURIComponent(identifier)}`)
    },
    close: () => setClosing(fromAddress),
  }
}
