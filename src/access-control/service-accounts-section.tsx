import { useEffect, useId, useState } from 'react'
import { ApiError } from '../lib/api-client'
import type { Scope } from '../lib/scope'
import type { ServiceAccountDTO } from '../lib/service-account-types'
import { useScopePermissions } from '../lib/use-permissions'
import { Button } from '../ui/button'
import { LazyConfirmDialog } from '../ui/lazy-dialogs'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'
import { StackedTable } from '../ui/stacked-table'
import { NewServiceAccountForm } from './new-service-account-form'
import { useDeleteServiceAccount, useServiceAccounts } from './service-account-api'
import { ServiceAccountTokens } from './service-account-tokens'

const PERMISSIONS = [
  'core_serviceaccount_edit',
  'core_serviceaccount_delete',
  'core_serviceaccount_manageapikey',
] as const

/**
 * The service accounts made at this scope (Harness's), for automation: each signs in with its
 * tokens and holds the role bindings made for it above, like a person.
 */
export function ServiceAccountsSection({ scope }: { scope: Scope }) {
  const id = useId()
  const accounts = useServiceAccounts(scope, true)
  const permissions = useScopePermissions(scope, PERMISSIONS)
  const remove = useDeleteServiceAccount(scope)
  const [open, setOpen] = useState<string | null>(null)
  const [deleting, setDeleting] = useState<ServiceAccountDTO | null>(null)
  const refused = accounts.error instanceof ApiError && accounts.error.status === 403
  const shown = accounts.data?.find((account) => account.identifier === open)
  const tokensHeading = `${id}-tokens`

  // Opening an account's tokens takes the reader there, once: a refetch of the list (after a
  // binding, a key or a token is made) gives the same account a new object, and must not pull
  // the focus back from where the reader has gone since (the new token's value).
  const shownIdentifier = shown?.identifier
  useEffect(() => {
    if (shownIdentifier) document.getElementById(tokensHeading)?.focus()
  }, [shownIdentifier, tokensHeading])

  return (
    <section className="service-accounts" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        Service accounts
      </h2>
      {refused ? (
        <Notice tone="warning" role="alert" title="You cannot view service accounts here">
          {accounts.error?.message}.
        </Notice>
      ) : accounts.isError ? (
        <Notice tone="danger" role="alert" title="The service accounts could not be read">
          {accounts.error.message}
        </Notice>
      ) : null}
      {remove.isError ? (
        <Notice tone="danger" role="alert" title="The service account could not be deleted">
          {remove.error.message}
        </Notice>
      ) : null}
      {accounts.data && accounts.data.length === 0 ? (
        <p className="empty-state">No service account was made here.</p>
      ) : null}
      {accounts.data?.length ? (
        <StackedTable
          label="Service accounts table"
          caption="Service accounts made here"
          columns={['Service account', 'Email']}
          buttonsColumn="Actions"
        >
          {accounts.data.map((account) => (
            <tr key={account.identifier}>
              <th scope="row">
                {account.name}
                <span className="muted"> ({account.identifier})</span>
              </th>
              <td data-label="Email">{account.email}</td>
              <td className="row-actions">
                <Button
                  size="small"
                  aria-expanded={open === account.identifier}
                  aria-label={`Tokens of ${account.name}`}
                  onClick={() => setOpen(open === account.identifier ? null : account.identifier)}
                >
                  Tokens
                </Button>
                <PermittedButton
                  size="small"
                  variant="danger"
                  denied={permissions.denied('core_serviceaccount_delete')}
                  aria-label={`Delete service account ${account.name}`}
                  onClick={() => {
                    remove.reset()
                    setDeleting(account)
                  }}
                >
                  Delete
                </PermittedButton>
              </td>
            </tr>
          ))}
        </StackedTable>
      ) : null}
      {shown ? (
        <ServiceAccountTokens
          scope={scope}
          account={shown}
          headingId={tokensHeading}
          denied={permissions.denied('core_serviceaccount_manageapikey')}
        />
      ) : null}
      {refused ? null : (
        <NewServiceAccountForm
          scope={scope}
          denied={permissions.denied('core_serviceaccount_edit')}
          onCreated={(identifier) => setOpen(identifier)}
        />
      )}
      <LazyConfirmDialog
        open={deleting !== null}
        title="Delete this service account?"
        message={
          deleting
            ? `${deleting.name}, its API keys, its tokens and its role bindings go at once: scripts that use its tokens are refused.`
            : ''
        }
        confirmLabel="Delete service account"
        tone="danger"
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.identifier, {
            onSuccess: () => setOpen((current) => (current === deleting.identifier ? null : current)),
            onSettled: () => setDeleting(null),
          })
        }
      />
    </section>
  )
}
