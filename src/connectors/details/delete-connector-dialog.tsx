import { useRef } from 'react'
import type { ConnectorInfo } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { Notice } from '../../ui/notice'
import { useConnectorUsage, useDeleteConnector } from '../connector-api'

type Props = {
  connector: ConnectorInfo
  /** The version the list read: a connector changed since then is not deleted unseen. */
  version?: number
  scope: Scope
  onDone: (deleted: boolean) => void
}

/** Says where the connector is used before it goes; a used one needs "Delete anyway". */
export function DeleteConnectorDialog({ connector, version, scope, onDone }: Props) {
  const usage = useConnectorUsage(scope, connector.identifier)
  const remove = useDeleteConnector(scope)
  const sent = useRef(false)
  const users = usage.data?.content ?? []
  const used = users.length > 0

  return (
    <Dialog open onRequestClose={() => onDone(false)} title={`Delete ${connector.name}?`} size="small">
      {usage.isPending ? <p role="status">Checking where this connector is used…</p> : null}
      {usage.isError ? <p className="field__error">Could not check where it is used: {usage.error.message}</p> : null}
      {usage.data && !used ? <p>No pipeline uses this connector. Deleting it cannot be undone.</p> : null}
      {used ? (
        <Notice tone="warning" title={`Used by ${users.length} pipeline${users.length === 1 ? '' : 's'}`}>
          <ul>
            {users.map((entry) => (
              <li
                key={`${entry.referredByEntity.entityRef.projectIdentifier}/${entry.referredByEntity.entityRef.identifier}`}
              >
                {entry.referredByEntity.name}
                {entry.referredByEntity.entityRef.projectIdentifier
                  ? ` (project ${entry.referredByEntity.entityRef.projectIdentifier})`
                  : ''}
              </li>
            ))}
          </ul>
          <p>Those pipelines will fail until they point at another connector.</p>
        </Notice>
      ) : null}
      {remove.isError ? (
        <Notice tone="danger" role="alert">
          {remove.error.message}
        </Notice>
      ) : null}
      <div className="dialog__actions">
        <Button onClick={() => onDone(false)}>Cancel</Button>
        <Button
          variant="danger"
          busy={remove.isPending}
          disabled={usage.isPending}
          onClick={() => {
            // A double click must send one delete: the second would answer "not found".
            if (sent.current) return
            sent.current = true
            remove.mutate(
              { identifier: connector.identifier, force: used, version },
              { onSuccess: () => onDone(true), onError: () => (sent.current = false) },
            )
          }}
        >
          {used ? 'Delete anyway' : 'Delete'}
        </Button>
      </div>
    </Dialog>
  )
}
