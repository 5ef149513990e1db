import { useState } from 'react'
import type { ConnectorResponse } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import type { ConnectorListParams } from '../list/connector-list-params'
import { tagList } from '../list/connector-list-params'
import type { BulkTarget } from './bulk-targets'

/**
 * The rows ticked for a bulk action. Either rows picked one by one (kept across pages, so a
 * selection can span them), or "all that match the filter", less the rows unticked since; the
 * latter is resolved on the server when an action starts, so it works for ten thousand.
 * A selection belongs to one filter (scope, search, type, status, tags): when that changes, what
 * was ticked may no longer be listed, so the selection is cleared, and the user told so. The
 * order and the page do not clear it.
 */

export type PageSelection = 'none' | 'some' | 'all'

type State = {
  key: string
  picked: ReadonlyMap<string, ConnectorResponse>
  allMatching: boolean
  excluded: ReadonlySet<string>
}

const empty = (key: string): State => ({ key, picked: new Map(), allMatching: false, excluded: new Set() })

/** What the selection belongs to: the scope and the filter, not the order or the page. */
export function selectionKey(scope: Scope, list: ConnectorListParams): string {
  return JSON.stringify([scope, list.searchTerm.trim(), list.type, list.status, tagList(list.tag).join(',')])
}

export const SELECTION_CLEARED = 'Selection cleared: the filter changed.'

export function useBulkSelection(key: string) {
  const [state, setState] = useState<State>(() => empty(key))
  const [notice, setNotice] = useState('')
  if (state.key !== key) {
    setState(empty(key))
    setNotice(state.allMatching || state.picked.size ? SELECTION_CLEARED : '')
  }

  const isSelected = (identifier: string) =>
    state.allMatching ? !state.excluded.has(identifier) : state.picked.has(identifier)

  const update = (change: (current: State) => State) => {
    setNotice('')
    setState(change)
  }

  const setRows = (rows: readonly ConnectorResponse[], selected: boolean) =>
    update((current) => {
      if (current.allMatching) {
        const excluded = new Set(current.excluded)
        for (const row of rows) {
          if (selected) excluded.delete(row.connector.identifier)
          else excluded.add(row.connector.identifier)
        }
        return { ...current, excluded }
      }
      const picked = new Map(current.picked)
      for (const row of rows) {
        if (selected) picked.set(row.connector.identifier, row)
        else picked.delete(row.connector.identifier)
      }
      return { ...current, picked }
    })

  return {
    allMatching: state.allMatching,
    notice,
    isSelected,
    /** How many are selected, given how many match the filter. */
    count: (total: number) => (state.allMatching ? Math.max(0, total - state.excluded.size) : state.picked.size),
    pageSelection(rows: readonly ConnectorResponse[]): PageSelection {
      const ticked = rows.filter((row) => isSelected(row.connector.identifier)).length
      return ticked === 0 ? 'none' : ticked === rows.length ? 'all' : 'some'
    },
    toggle: (row: ConnectorResponse, selected: boolean) => setRows([row], selected),
    setPage: setRows,
    selectAllMatching: () => update((current) => ({ ...empty(current.key), allMatching: true })),
    clear: () => update((current) => empty(current.key)),
    /** What an action works on now; null when nothing is selected. */
    target(list: ConnectorListParams, total: number): BulkTarget | null {
      if (state.allMatching) {
        return total - state.excluded.size > 0 ? { kind: 'matching', list, excluded: state.excluded } : null
      }
      return state.picked.size ? { kind: 'picked', rows: [...state.picked.values()] } : null
    },
  }
}

export type BulkSelection = ReturnType<typeof useBulkSelection>
