import { useState } from 'react'
import type { RoleAssignmentResponse } from '../lib/access-control-types'
import { ApiError } from '../lib/api-client'
import { HOST } from '../lib/host'
import type { Scope } from '../lib/scope'
import { useScopePermissions } from '../lib/use-permissions'
import { useCurrentScope } from '../scopes/scope-context'
import { LazyConfirmDialog } from '../ui/lazy-dialogs'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'
import { StackedTable } from '../ui/stacked-table'
import { useRemoveBinding, useRoleBindings } from './access-control-api'
import { AddBindingForm } from './add-binding-form'
import { InviteUserForm } from './invite-user-form'
import { ServiceAccountsSection } from './service-accounts-section'

const TYPE_LABELS = { USER: 'User', SERVICE_ACCOUNT: 'Service account' } as const

function scopeWords(scope: Scope): string {
  if (scope.projectIdentifier) return `project ${scope.projectIdentifier}`
  if (scope.orgIdentifier) return `organization ${scope.orgIdentifier}`
  return `account ${scope.accountIdentifier}`
}

/**
 * Who holds which role here: the role bindings made at this scope (Harness's role assignments),
 * and, for those allowed to manage people, adding and removing them.
 */
export function AccessControlPage() {
  const scope = useCurrentScope()
  const bindings = useRoleBindings(scope)
  const permissions = useScopePermissions(scope, ['core_user_manage', 'core_serviceaccount_edit'])
  const remove = useRemoveBinding(scope)
  const [removing, setRemoving] = useState<RoleAssignmentResponse | null>(null)
  const refused = bindings.error instanceof ApiError && bindings.error.status === 403

  return (
    <section className="page" aria-labelledby="access-control-heading">
      <div className="page__header">
        <div>
          <h1 id="access-control-heading" tabIndex={-1}>
            Access control
          </h1>
          <p className="muted page__subtitle">
            Role bindings made at {scopeWords(scope)}.{' '}
            {scope.projectIdentifier
              ? ''
              : 'A binding here also applies to everything below it, unless its resource group says otherwise.'}
          </p>
        </div>
      </div>

      {refused ? (
        <Notice tone="warning" role="alert" title="You cannot view access control here">
          {bindings.error?.message}. Ask an administrator of {scopeWords(scope)} for a role that may view users.
        </Notice>
      ) : bindings.isError ? (
        <Notice tone="danger" role="alert" title="The role bindings could not be read">
          {bindings.error.message}
        </Notice>
      ) : null}
      {remove.isError ? (
        <Notice tone="danger" role="alert" title="The binding could not be removed">
          {remove.error.message}
        </Notice>
      ) : null}

      {bindings.isPending ? (
        <p className="muted" role="status">
          Loading role bindings…
        </p>
      ) : null}
      {bindings.data && bindings.data.content.length === 0 ? (
        <p className="empty-state">Nobody holds a role at {scopeWords(scope)} itself.</p>
      ) : null}
      {bindings.data?.content.length ? (
        <StackedTable
          label="Role bindings table"
          caption={<>Role bindings at {scopeWords(scope)}</>}
          columns={['Principal', 'Type', 'Role', 'Resource group']}
          buttonsColumn="Actions"
        >
          {bindings.data.content.map((entry) => {
            const { roleAssignment: binding } = entry
            const who = entry.principalName ?? binding.principal.identifier
            const role = entry.roleName ?? binding.roleIdentifier
            const manage =
              binding.principal.type === 'USER' ? 'core_user_manage' : ('core_serviceaccount_edit' as const)
            return (
              <tr key={binding.identifier}>
                <th scope="row">
                  {who}
                  <span className="muted"> ({binding.principal.identifier})</span>
                </th>
                <td data-label="Type">{TYPE_LABELS[binding.principal.type]}</td>
                <td data-label="Role">{role}</td>
                <td data-label="Resource group">{entry.resourceGroupName ?? binding.resourceGroupIdentifier}</td>
                <td className="row-actions">
                  <PermittedButton
                    size="small"
                    variant="danger"
                    denied={permissions.denied(manage)}
                    aria-label={`Remove ${role} from ${who}`}
                    onClick={() => {
                      remove.reset()
                      setRemoving(entry)
                    }}
                  >
                    Remove
                  </PermittedButton>
                </td>
              </tr>
            )
          })}
        </StackedTable>
      ) : null}

      {refused ? null : <AddBindingForm scope={scope} denied={permissions.denied('core_user_manage')} />}
      {/* The demo's people are fixed; a server with sign-in invites new ones by link. */}
      {refused || !HOST.signIn ? null : (
        <InviteUserForm scope={scope} denied={permissions.denied('core_user_manage')} />
      )}
      {/* Automation's principals: the server with sign-in keeps them (the demo's people are fixed). */}
      {HOST.signIn ? <ServiceAccountsSection scope={scope} /> : null}

      <LazyConfirmDialog
        open={removing !== null}
        title="Remove this role binding?"
        message={
          removing
            ? `${removing.principalName ?? removing.roleAssignment.principal.identifier} loses ${removing.roleName ?? removing.roleAssignment.roleIdentifier} at ${scopeWords(scope)} at once.`
            : ''
        }
        confirmLabel="Remove binding"
        tone="danger"
        busy={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.roleAssignment.identifier, {
            onSettled: () => setRemoving(null),
          })
        }
      />
    </section>
  )
}
