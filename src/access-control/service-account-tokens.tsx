import { useState } from 'react'
import type { Scope } from '../lib/scope'
import type { ServiceAccountDTO, TokenAggregateDTO } from '../lib/service-account-types'
import { LazyConfirmDialog } from '../ui/lazy-dialogs'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'
import { StackedTable } from '../ui/stacked-table'
import { NewTokenForm } from './new-token-form'
import { useApiKeys, useRevokeToken, useTokens } from './service-account-api'

type Props = { scope: Scope; account: ServiceAccountDTO; denied: string | undefined; headingId: string }

const date = (time: number) =>
  new Date(time).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })

/** A service account's tokens: when each ends, revoking one, and making a new one. */
export function ServiceAccountTokens({ scope, account, denied, headingId }: Props) {
  const keys = useApiKeys(scope, account.identifier)
  const tokens = useTokens(scope, account.identifier)
  const revoke = useRevokeToken(scope, account.identifier)
  const [revoking, setRevoking] = useState<TokenAggregateDTO | null>(null)
  const list = tokens.data ?? []

  return (
    <section className="service-account-tokens" aria-labelledby={headingId}>
      <h3 id={headingId} className="section-title" tabIndex={-1}>
        Tokens of {account.name}
      </h3>
      <p className="muted">
        A token acts as {account.name}, with its role bindings and nothing more, until it expires or is revoked.
      </p>
      {tokens.isError || keys.isError ? (
        <Notice tone="danger" role="alert" title="The tokens could not be read">
          {(tokens.error ?? keys.error)?.message}
        </Notice>
      ) : null}
      {revoke.isError ? (
        <Notice tone="danger" role="alert" title="The token could not be revoked">
          {revoke.error.message}
        </Notice>
      ) : null}
      {tokens.isPending ? (
        <p className="muted" role="status">
          Loading tokens…
        </p>
      ) : list.length === 0 ? (
        <p className="empty-state">{account.name} has no tokens.</p>
      ) : (
        <StackedTable
          label="Tokens table"
          caption={<>Tokens of {account.name}</>}
          columns={['Token', 'API key', 'Expires', 'Status']}
          buttonsColumn="Actions"
        >
          {list.map(({ token }) => (
            <tr key={`${token.apiKeyIdentifier}/${token.identifier}`}>
              <th scope="row">{token.name}</th>
              <td data-label="API key">{token.apiKeyIdentifier}</td>
              <td data-label="Expires">{date(token.validTo)}</td>
              <td data-label="Status">{token.valid ? 'Valid' : 'Expired'}</td>
              <td className="row-actions">
                <PermittedButton
                  size="small"
                  variant="danger"
                  denied={denied}
                  aria-label={`Revoke token ${token.name}`}
                  onClick={() => {
                    revoke.reset()
                    setRevoking(list.find((entry) => entry.token === token) ?? null)
                  }}
                >
                  Revoke
                </PermittedButton>
              </td>
            </tr>
          ))}
        </StackedTable>
      )}
      {keys.data ? <NewTokenForm scope={scope} account={account.identifier} keys={keys.data} denied={denied} /> : null}
      <LazyConfirmDialog
        open={revoking !== null}
        title="Revoke this token?"
        message={
          revoking
            ? `Scripts that send ${revoking.token.name} are refused from their next request. This cannot be undone.`
            : ''
        }
        confirmLabel="Revoke token"
        tone="danger"
        busy={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() =>
          revoking &&
          revoke.mutate(
            { identifier: revoking.token.identifier, apiKey: revoking.token.apiKeyIdentifier },
            { onSettled: () => setRevoking(null) },
          )
        }
      />
    </section>
  )
}
