import { useDeferredValue, useState } from 'react'
import { RetestConnectors } from '../connectors/retest-connectors'
import { ApiError } from '../lib/api-client'
import type { SecretResponse } from '../lib/api-types'
import { SCOPE_LEVEL_LABELS, scopeLevel } from '../lib/scope'
import { deniedReason, scopeWords, useScopePermissions } from '../lib/use-permissions'
import { useCurrentScope } from '../scopes/scope-context'
import { Dialog } from '../ui/dialog'
import { ListPage } from '../ui/list-page'
import { LoadFailedNotice } from '../ui/load-failed-notice'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'
import { CreateSecretForm } from './create-secret-form'
import { DeleteSecretDialog } from './delete-secret-dialog'
import { EditSecretDialog } from './edit-secret-dialog'
import { SECRET_PAGE_SIZE, fetchSecretUsers, useSecretPage } from './secret-api'
import { SecretTable } from './secret-table'
import { connectorCount } from './secret-usage-summary'
import './secrets.css'

const SECRET_PERMISSIONS = ['core_secret_edit', 'core_secret_delete'] as const

/** A secret whose value was just replaced, and how many connectors the list said use it. */
type Rotated = { secret: SecretResponse['secret']; users: number | undefined }

/**
 * The scope's secrets (issue 21): search them, see where each is used, create, edit (a new value
 * replaces the old one, never shown) and delete (refused while connectors use it, unless forced).
 * After a new value, the connectors that use the secret can be re-tested in one action.
 */
export function SecretsPage() {
  const scope = useCurrentScope()
  const [search, setSearch] = useState('')
  const deferredSearch = useDeferredValue(search)
  const [pageIndex, setPageIndex] = useState(0)
  const page = useSecretPage(scope, deferredSearch, pageIndex)
  const permissions = useScopePermissions(scope, SECRET_PERMISSIONS)
  const editDenied = permissions.denied('core_secret_edit')
  const deleteDenied = permissions.denied('core_secret_delete')
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<SecretResponse | null>(null)
  const [deleting, setDeleting] = useState<SecretResponse | null>(null)
  const [rotated, setRotated] = useState<Rotated | null>(null)
  const [announcement, setAnnouncement] = useState('')
  const refused = page.error instanceof ApiError && page.error.status === 403
  const level = SCOPE_LEVEL_LABELS[scopeLevel(scope)].toLowerCase()

  const rows = page.data?.content ?? []
  const total = page.data?.totalItems ?? 0
  const first = rows.length ? pageIndex * SECRET_PAGE_SIZE + 1 : 0
  const last = first ? first + rows.length - 1 : 0
  const searching = deferredSearch.trim() !== ''

  return (
    <section className="page secrets-page" aria-labelledby="secrets-heading">
      <div className="page__header">
        <div>
          <h1 id="secrets-heading" tabIndex={-1}>
            Secrets
          </h1>
          <p className="muted page__subtitle">
            Secrets of {scopeWords(scope)}. A value is write-only: it is never shown, only replaced.
          </p>
        </div>
        <div className="page__header-actions">
          <PermittedButton variant="primary" denied={editDenied} onClick={() => setCreating(true)}>
            <span aria-hidden="true">+ </span>New Secret
          </PermittedButton>
        </div>
      </div>

      <ListPage
        search={{
          label: 'Search secrets',
          placeholder: 'Search by name, identifier, tag or variable',
          value: search,
          onChange: (value) => {
            setSearch(value)
            setPageIndex(0)
          },
        }}
        count={total && first ? `${first}–${last} of ${total.toLocaleString('en-US')} secrets` : ''}
        notices={
          <>
            <p className="visually-hidden" role="status" aria-live="polite">
              {announcement}
            </p>
            {rotated ? (
              <div className="secrets-page__rotated">
                <Notice tone="success" title={`${rotated.secret.name} has its new value`}>
                  <p>
                    {rotated.users === 0
                      ? 'No connector uses it yet.'
                      : rotated.users === 1
                        ? 'The connector using it sends the new value from its next test.'
                        : `The ${rotated.users === undefined ? 'connectors' : connectorCount(rotated.users)} using it send the new value from their next test.`}
                  </p>
                </Notice>
                {rotated.users === 0 ? null : (
                  <RetestConnectors
                    key={rotated.secret.identifier}
                    scope={scope}
                    label="Test connectors using this secret"
                    read={(signal) => fetchSecretUsers(scope, rotated.secret.identifier, signal)}
                  />
                )}
              </div>
            ) : null}
            {refused ? (
              <Notice tone="warning" role="alert" title="You cannot view these secrets">
                {deniedReason('core_secret_view', scope)}
              </Notice>
            ) : page.isError ? (
              <LoadFailedNotice
                title="The secrets could not be loaded"
                error={page.error}
                onRetry={() => void page.refetch()}
              />
            ) : null}
          </>
        }
        pending={page.isPending}
        loadingText="Loading secrets…"
        hasRows={rows.length > 0}
        table={
          <SecretTable
            rows={rows}
            scope={scope}
            editDenied={editDenied}
            deleteDenied={deleteDenied}
            onEdit={setEditing}
            onDelete={setDeleting}
          />
        }
        loaded={page.data !== undefined}
        empty={
          searching ? (
            <p>No secret matches “{deferredSearch.trim()}”.</p>
          ) : (
            <>
              <p>There are no secrets at the {level} level yet.</p>
              <PermittedButton variant="primary" denied={editDenied} onClick={() => setCreating(true)}>
                Create a Secret
              </PermittedButton>
            </>
          )
        }
        paging={
          total > SECRET_PAGE_SIZE
            ? {
                label: 'Secret pages',
                pageIndex,
                pageCount: Math.ceil(total / SECRET_PAGE_SIZE),
                hasNextPage: last < total,
                onPage: setPageIndex,
              }
            : undefined
        }
      />

      <Dialog open={creating} onRequestClose={() => setCreating(false)} title="New Secret Text" size="medium">
        <CreateSecretForm
          scope={scope}
          scopeLabel={SCOPE_LEVEL_LABELS[scopeLevel(scope)]}
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false)
            setAnnouncement(`Secret ${created.secret.name} created.`)
          }}
        />
      </Dialog>
      {editing ? (
        <EditSecretDialog
          scope={scope}
          row={editing}
          onClose={(saved) => {
            setEditing(null)
            if (!saved) return
            setAnnouncement(`Secret ${saved.secret.secret.name} saved.`)
            if (saved.valueChanged) setRotated({ secret: saved.secret.secret, users: editing.usedByConnectors })
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteSecretDialog
          scope={scope}
          row={deleting}
          deleteDenied={deleteDenied}
          onDone={(deleted) => {
            if (deleted) {
              setAnnouncement(`Secret ${deleting.secret.name} deleted.`)
              if (rotated?.secret.identifier === deleting.secret.identifier) setRotated(null)
            }
            setDeleting(null)
          }}
        />
      ) : null}
    </section>
  )
}
