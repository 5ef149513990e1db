import { useState } from 'react'
import type { DelegateToken } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import { Button } from '../ui/button'
import { ConfirmDialog } from '../ui/confirm-dialog'
import { LoadFailedNotice } from '../ui/load-failed-notice'
import { Notice } from '../ui/notice'
import { formatAbsolute, RelativeTime } from '../ui/relative-time'
import { StackedTable } from '../ui/stacked-table'
import { useDelegateTokens, useRevokeDelegateToken } from './delegate-token-api'

type Props = {
  /** The scope whose tokens these are (only its own: a token belongs to one). */
  scope: Scope
  onRevoked: (name: string) => void
}

const day = new Intl.DateTimeFormat('en', { dateStyle: 'medium' })

/** An exact time for a <time> element, and for those who hover. */
function At({ timestamp, children }: { timestamp: number; children: string }) {
  return (
    <time dateTime={new Date(timestamp).toISOString()} title={formatAbsolute(timestamp)}>
      {children}
    </time>
  )
}

/** Never, the day it stops being accepted, or Expired (the server's reading of its clock) with the day. */
function Expires({ token }: { token: DelegateToken }) {
  if (token.expiresAt === undefined) return 'Never'
  const date = day.format(token.expiresAt)
  if (!token.expired) return <At timestamp={token.expiresAt}>{date}</At>
  return (
    <>
      <strong>Expired</strong> <At timestamp={token.expiresAt}>{`on ${date}`}</At>
    </>
  )
}

/** Revoked (when), Expired, or Active: only an active token is accepted. */
function status(token: DelegateToken) {
  if (token.revokedAt !== undefined) {
    return (
      <>
        Revoked <RelativeTime timestamp={token.revokedAt} />
      </>
    )
  }
  return token.expired ? 'Expired' : 'Active'
}

/**
 * A scope's tokens, newest first, with when each was made and last used and when it expires,
 * and Revoke (asked first) on the ones not revoked (an expired one too: it says it is done with). Shown only to a
 * user with core_delegate_edit there (delegate-tokens.tsx): seeing them needs it too.
 */
export function DelegateTokenList({ scope, onRevoked }: Props) {
  const tokens = useDelegateTokens(scope)
  const revoke = useRevokeDelegateToken(scope)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [revokeError, setRevokeError] = useState('')
  const rows = tokens.data ?? []

  return (
    <>
      <h3 className="section-title">Tokens</h3>
      {tokens.isPending ? (
        <p className="muted" role="status">
          Loading tokens…
        </p>
      ) : null}
      {tokens.isError ? <LoadFailedNotice title="The tokens could not be loaded" error={tokens.error} /> : null}
      {revokeError ? (
        <Notice tone="danger" role="alert" title="The token could not be revoked">
          {revokeError}
        </Notice>
      ) : null}
      {tokens.data && rows.length === 0 ? (
        <p className="empty-state">No tokens yet: create one to start a delegate on another machine.</p>
      ) : null}
      {rows.length ? (
        <StackedTable
          label="Delegate tokens table"
          caption="Delegate tokens"
          columns={['Token', 'Created', 'Last used', 'Expires', 'Status']}
          buttonsColumn="Actions"
        >
          {rows.map((token) => (
            <tr
              key={token.name}
              className={token.revokedAt === undefined && !token.expired ? undefined : 'token-row--revoked'}
            >
              <th scope="row">
                <code>{token.name}</code>
              </th>
              <td data-label="Created">
                <time dateTime={new Date(token.createdAt).toISOString()}>{formatAbsolute(token.createdAt)}</time>
              </td>
              <td data-label="Last used">
                {token.lastUsedAt === undefined ? 'Never used' : <RelativeTime timestamp={token.lastUsedAt} />}
              </td>
              <td data-label="Expires">
                <Expires token={token} />
              </td>
              <td data-label="Status">{status(token)}</td>
              <td className="row-actions">
                {token.revokedAt === undefined ? (
                  <Button
                    size="small"
                    variant="danger"
                    aria-label={`Revoke token ${token.name}`}
                    onClick={() => {
                      setRevokeError('')
                      setConfirming(token.name)
                    }}
                  >
                    Revoke
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </StackedTable>
      ) : null}

      <ConfirmDialog
        open={confirming !== null}
        title={`Revoke token ${confirming ?? ''}?`}
        message="Delegates started with this token will be disconnected: the server refuses their next call. A revoked token cannot be used again."
        confirmLabel="Revoke token"
        tone="danger"
        busy={revoke.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming === null) return
          const name = confirming
          revoke.mutate(name, {
            onSuccess: () => onRevoked(name),
            onError: (error) => setRevokeError(error.message),
            onSettled: () => setConfirming(null),
          })
        }}
      />
    </>
  )
}
