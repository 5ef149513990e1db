import { displayUrl } from '../../connector-types/connector-model'
import { findConnectorType } from '../../connector-types/registry'
import type { ConnectorInfo, ConnectorResponse } from '../../lib/api-types'
import { Button } from '../../ui/button'
import { ListTable } from '../../ui/list-page'
import { PermittedButton } from '../../ui/permitted-button'
import { RelativeTime } from '../../ui/relative-time'
import { TagChips } from '../../ui/tag-chips'
import { TypeIcon } from '../../ui/type-icon'
import { UrlText } from '../../ui/url-text'
import type { TableSelection } from '../bulk/selection-checkboxes'
import { SelectPageCheckbox, SelectRowCheckbox } from '../bulk/selection-checkboxes'
import { ConnectivityBadge } from '../connection-test/connectivity-badge'
import { useConnectorPermissions } from '../connector-permissions'
import type { ConnectorListSort, SortOrder } from './connector-list-params'

type Props = {
  rows: ConnectorResponse[]
  testingIdentifier: string | null
  onTest: (connector: ConnectorInfo) => void
  /** Edit and Delete get the whole row: its version goes with the write. */
  onEdit: (row: ConnectorResponse) => void
  onDelete: (row: ConnectorResponse) => void
  onShowDetails: (row: ConnectorResponse) => void
  /** Clone: the wizard, prefilled from the row, creating a new connector. */
  onClone: (row: ConnectorResponse) => void
  /** The order the server listed the rows in; a sortable header asks for another. */
  sort: ConnectorListSort
  order: SortOrder
  onSort: (sort: ConnectorListSort) => void
  /** Bulk actions: a checkbox a row, and one for the page (bulk-selection.ts). */
  selection?: TableSelection
  /** The rows a bulk re-test is testing now. */
  testingIdentifiers?: ReadonlySet<string>
}

type SortProps = Pick<Props, 'sort' | 'order' | 'onSort'>

/** A column header that sorts: a button in the `<th>`, which says its order with `aria-sort`. */
function SortableHeader({
  column,
  label,
  sort,
  order,
  onSort,
}: SortProps & { column: ConnectorListSort; label: string }) {
  const active = sort === column
  return (
    <th scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        <span className={`sort-button__icon${active ? ' sort-button__icon--active' : ''}`} aria-hidden="true">
          {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  )
}

export function ConnectorTable({
  rows,
  testingIdentifier,
  onTest,
  onEdit,
  onDelete,
  onShowDetails,
  onClone,
  selection,
  testingIdentifiers,
  ...sorting
}: Props) {
  const permissions = useConnectorPermissions()
  return (
    <ListTable
      caption="Connectors"
      className="stacked-table connector-table"
      columns={
        <>
          {selection ? (
            <th scope="col" className="select-cell">
              <SelectPageCheckbox selection={selection} />
            </th>
          ) : null}
          <SortableHeader column="name" label="Connector" {...sorting} />
          <th scope="col">Details</th>
          <SortableHeader column="lastTested" label="Connectivity status (last tested)" {...sorting} />
          <SortableHeader column="lastModified" label="Last updated" {...sorting} />
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </>
      }
    >
      {rows.map((row) => {
        const { connector, status, lastModifiedAt } = row
        const definition = findConnectorType(connector.type)
        return (
          <tr key={connector.identifier}>
            {selection ? (
              <td className="select-cell">
                <SelectRowCheckbox row={row} selection={selection} />
              </td>
            ) : null}
            {/* The flex box is inside the cell: a <th> that is itself flex stops being a table
                  cell, and its border is drawn mid-row when another cell is taller. */}
            <th scope="row">
              <div className="connector-cell">
                {definition ? (
                  <TypeIcon monogram={definition.icon.monogram} background={definition.icon.background} />
                ) : null}
                <span className="connector-cell__text">
                  <span className="connector-cell__name">{connector.name}</span>
                  <span className="connector-cell__meta">
                    {definition?.label ?? connector.type} · ID: <code>{connector.identifier}</code>
                  </span>
                  <TagChips tags={connector.tags} />
                </span>
              </div>
            </th>
            <td className="url-cell" data-label="URL">
              {definition ? <UrlText url={displayUrl(connector)} /> : null}
            </td>
            <td data-label="Connectivity">
              <ConnectivityBadge
                status={status}
                testing={
                  testingIdentifier === connector.identifier ||
                  Boolean(testingIdentifiers?.has(connector.identifier)) ||
                  // A test on a delegate, started here before a reload or in another tab.
                  row.runningTest !== undefined
                }
              />
            </td>
            <td data-label="Updated">
              <RelativeTime timestamp={lastModifiedAt} />
              {row.lastModifiedBy ? (
                <span className="connector-cell__by muted"> by {row.lastModifiedBy.name}</span>
              ) : null}
            </td>
            <td className="row-actions">
              <PermittedButton
                size="small"
                denied={permissions.test}
                onClick={() => onTest(connector)}
                aria-label={`Test ${connector.name}`}
                disabled={testingIdentifier === connector.identifier}
              >
                Test
              </PermittedButton>
              <PermittedButton
                size="small"
                denied={permissions.edit}
                onClick={() => onEdit(row)}
                aria-label={`Edit ${connector.name}`}
                disabled={!definition}
              >
                Edit
              </PermittedButton>
              <PermittedButton
                size="small"
                denied={permissions.create}
                onClick={() => onClone(row)}
                aria-label={`Clone ${connector.name}`}
                disabled={!definition}
              >
                Clone
              </PermittedButton>
              <Button
                size="small"
                onClick={() => onShowDetails(row)}
                aria-label={`Details of ${connector.name}`}
                disabled={!definition}
              >
                Details
              </Button>
              <PermittedButton
                size="small"
                variant="ghost"
                denied={permissions.delete}
                onClick={() => onDelete(row)}
                aria-label={`Delete ${connector.name}`}
              >
                Delete
              </PermittedButton>
            </td>
          </tr>
        )
      })}
    </ListTable>
  )
}
