import type { ReactNode } from 'react'
import { ApiError } from '../../lib/api-client'
import type { ConnectorResponse } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { useConnector } from '../connector-api'
import { scopeInWords } from '../yaml/connector-yaml-checks'

type Props = {
  scope: Scope
  /** The connector the address names. */
  identifier: string
  /** The row Details was opened from, if it is this connector: shown at once, as the list read it. */
  seed: ConnectorResponse | null
  onClose: () => void
  children: (row: ConnectorResponse) => ReactNode
}

/**
 * Details of the connector the address names: the row it was opened from, or (a link, a reload)
 * the connector read from the server. An address naming no connector says so, in a dialog that
 * closes to the list, rather than showing nothing.
 */
export function DetailsAtAddress({ scope, identifier, seed, onClose, children }: Props) {
  const fromRow = seed?.connector.identifier === identifier ? seed : undefined
  const read = useConnector(scope, identifier, fromRow === undefined)
  const row = fromRow ?? read.data
  if (row) return children(row)
  if (!read.isError) {
    return (
      <p className="muted" role="status">
        Loading connector {identifier}…
      </p>
    )
  }
  const missing = read.error instanceof ApiError && read.error.status === 404
  return (
    <Dialog
      open
      onRequestClose={onClose}
      title={missing ? 'Connector not found' : 'The connector could not be loaded'}
      size="small"
    >
      <p>
        {missing
          ? `There is no connector ${identifier} in ${scopeInWords(scope)}. It may have been deleted, or the link names another scope.`
          : read.error.message}
      </p>
      <div className="dialog__actions">
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      </div>
    </Dialog>
  )
}
