import { useRef, useState } from 'react'
import { ApiError } from '../lib/api-client'
import type { SecretResponse } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { Button } from '../ui/button'
import { Dialog } from '../ui/dialog'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'
import { useDeleteSecret, useSecretUsage } from './secret-api'
import { SecretUsersList, connectorCount } from './secret-usage-summary'

type Props = {
  scope: Scope
  row: SecretResponse
  /** Why the user may not delete secrets here, in words; undefined when they may. */
  deleteDenied: string | undefined
  onDone: (deleted: boolean) => void
}

/**
 * A secret no connector uses is deleted at once. One that connectors use is refused, naming them
 * (as the API refuses it); Delete anyway (`forceDelete=true`) is for those who may delete secrets.
 */
export function DeleteSecretDialog({ scope, row, deleteDenied, onDone }: Props) {
  const { secret } = row
  const usage = useSecretUsage(scope, secret.identifier)
  const remove = useDeleteSecret(scope)
  const [refusal, setRefusal] = useState<string | null>(null)
  const sent = useRef(false)
  const total = usage.data?.totalItems ?? 0
  const used = total > 0 || refusal !== null

  const send = (force: boolean) => {
    // A double click sends one delete: the second would answer "not found".
    if (sent.current) return
    sent.current = true
    remove.mutate(
      { identifier: secret.identifier, force, version: row.version },
      {
        onSuccess: () => onDone(true),
        onError: (error) => {
          sent.current = false
          // A connector started using it since the dialog opened: the server's refusal names it.
          if (error instanceof ApiError && error.body?.code === 'ENTITY_REFERENCE_EXCEPTION') {
            setRefusal(error.message)
            void usage.refetch()
          }
        },
      },
    )
  }

  return (
    <Dialog open onRequestClose={() => onDone(false)} title={`Delete ${secret.name}?`} size="small">
      {usage.isPending ? <p role="status">Checking which connectors use this secret…</p> : null}
      {usage.isError ? (
        <p className="field__error">Could not check which connectors use it: {usage.error.message}</p>
      ) : null}
      {usage.data && !used ? <p>No connector uses this secret. Deleting it cannot be undone.</p> : null}
      {used ? (
        <Notice
          tone="warning"
          role={refusal ? 'alert' : undefined}
          title={`${secret.name} is used by ${total ? connectorCount(total) : 'connectors'}`}
        >
          <p>A secret is not deleted while connectors use it{usage.data?.content.length ? ':' : '.'}</p>
          {usage.data?.content.length ? <SecretUsersList rows={usage.data.content} total={total} /> : null}
          {refusal && !usage.data?.content.length ? <p>{refusal}</p> : null}
          <p>Deleting it anyway makes their tests fail until each uses another secret. It cannot be undone.</p>
        </Notice>
      ) : null}
      {remove.isError && !refusal ? (
        <Notice tone="danger" role="alert">
          {remove.error.message}
        </Notice>
      ) : null}
      <div className="dialog__actions">
        <Button onClick={() => onDone(false)}>Cancel</Button>
        {used ? (
          <PermittedButton variant="danger" denied={deleteDenied} busy={remove.isPending} onClick={() => send(true)}>
            Delete anyway
          </PermittedButton>
        ) : (
          <PermittedButton
            variant="danger"
            denied={deleteDenied}
            busy={remove.isPending}
            disabled={usage.isPending}
            onClick={() => send(false)}
          >
            Delete
          </PermittedButton>
        )}
      </div>
    </Dialog>
  )
}
