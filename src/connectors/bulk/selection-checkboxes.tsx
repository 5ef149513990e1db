import { useEffect, useRef } from 'react'
import type { ConnectorResponse } from '../../lib/api-types'
import type { PageSelection } from './bulk-selection'

/** What the connector table needs to show and change the bulk selection. */
export type TableSelection = {
  isSelected: (identifier: string) => boolean
  onToggle: (row: ConnectorResponse, selected: boolean) => void
  page: PageSelection
  onTogglePage: (selected: boolean) => void
}

/** The header's checkbox: ticked when the whole page is, mixed when part of it is. */
export function SelectPageCheckbox({ selection }: { selection: TableSelection }) {
  const box = useRef<HTMLInputElement | null>(null)
  // `indeterminate` is a property only: no attribute sets it.
  useEffect(() => {
    if (box.current) box.current.indeterminate = selection.page === 'some'
  }, [selection.page])
  // The words show on a phone, where the table has no header row to explain the box.
  return (
    <label className="select-page">
      <input
        ref={box}
        type="checkbox"
        className="select-checkbox"
        checked={selection.page === 'all'}
        onChange={(event) => selection.onTogglePage(event.target.checked)}
      />
      <span className="select-page__text">Select all on this page</span>
    </label>
  )
}

export function SelectRowCheckbox({ row, selection }: { row: ConnectorResponse; selection: TableSelection }) {
  return (
    <input
      type="checkbox"
      className="select-checkbox"
      aria-label={`Select ${row.connector.name}`}
      checked={selection.isSelected(row.connector.identifier)}
      onChange={(event) => selection.onToggle(row, event.target.checked)}
    />
  )
}
