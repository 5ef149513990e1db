import { lazy, Suspense, useId, useState } from 'react'
import type { Scope } from '../lib/scope'
import { useScopePermissions } from '../lib/use-permissions'
import { LazyDialog } from '../ui/lazy-dialogs'
import { PermittedButton } from '../ui/permitted-button'
import type { NewScopeKind } from './new-scope-form'
import { useOrganizations, useProjects } from './scope-api'

// Loaded when a dialog first opens: the header is on every page, the form rarely used.
const NewScopeForm = lazy(() => import('./new-scope-form').then((module) => ({ default: module.NewScopeForm })))

type Props = {
  scope: Scope
  onChange: (scope: Scope) => void
}

const WHOLE = ''

/**
 * Account → organization → project. Choosing "All of …" moves up a level, so the same two
 * selects reach every scope, and the page's address follows (see scope-paths.ts). New
 * organization and New project make one and switch to it.
 */
export function ScopeSwitcher({ scope, onChange }: Props) {
  const id = useId()
  const [creating, setCreating] = useState<NewScopeKind | null>(null)
  const organizations = useOrganizations(scope.accountIdentifier)
  const projects = useProjects(scope.accountIdentifier)
  const accountPermissions = useScopePermissions({ accountIdentifier: scope.accountIdentifier }, [
    'core_organization_create',
  ])
  const orgPermissions = useScopePermissions(
    { accountIdentifier: scope.accountIdentifier, orgIdentifier: scope.orgIdentifier ?? '' },
    ['core_project_create'],
  )
  const orgProjects = (projects.data ?? []).filter((project) => project.orgIdentifier === scope.orgIdentifier)
  const org = scope.orgIdentifier ?? WHOLE
  const project = scope.projectIdentifier ?? WHOLE

  return (
    <div className="scope-switcher" role="group" aria-label="Scope">
      <span className="scope-switcher__account">Account: {scope.accountIdentifier}</span>
      <span className="scope-switcher__item">
        <label htmlFor={`${id}-org`} className="scope-switcher__label">
          Organization
        </label>
        <select
          id={`${id}-org`}
          className="input input--inline"
          value={org}
          onChange={(event) => {
            const next = event.target.value
            onChange(
              next
                ? { accountIdentifier: scope.accountIdentifier, orgIdentifier: next }
                : { accountIdentifier: scope.accountIdentifier },
            )
          }}
        >
          <option value={WHOLE}>None (account level)</option>
          {(organizations.data ?? [{ identifier: org, name: org }])
            .filter((entry) => entry.identifier)
            .map((entry) => (
              <option key={entry.identifier} value={entry.identifier}>
                {entry.name}
              </option>
            ))}
        </select>
        <PermittedButton
          size="small"
          variant="ghost"
          denied={accountPermissions.denied('core_organization_create')}
          onClick={() => setCreating('organization')}
        >
          New organization
        </PermittedButton>
      </span>
      {scope.orgIdentifier ? (
        <span className="scope-switcher__item">
          <label htmlFor={`${id}-project`} className="scope-switcher__label">
            Project
          </label>
          <select
            id={`${id}-project`}
            className="input input--inline"
            value={project}
            onChange={(event) => {
              const next = event.target.value
              onChange({
                accountIdentifier: scope.accountIdentifier,
                orgIdentifier: scope.orgIdentifier,
                ...(next ? { projectIdentifier: next } : {}),
              })
            }}
          >
            <option value={WHOLE}>None (organization level)</option>
            {(projects.data ? orgProjects : project ? [{ identifier: project, name: project }] : []).map((entry) => (
              <option key={entry.identifier} value={entry.identifier}>
                {entry.name}
              </option>
            ))}
          </select>
          <PermittedButton
            size="small"
            variant="ghost"
            denied={orgPermissions.denied('core_project_create')}
            onClick={() => setCreating('project')}
          >
            New project
          </PermittedButton>
        </span>
      ) : null}
      <LazyDialog
        open={creating !== null}
        onRequestClose={() => setCreating(null)}
        title={creating === 'project' ? 'New project' : 'New organization'}
        size="small"
      >
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {creating ? (
            <NewScopeForm
              kind={creating}
              parent={
                creating === 'project'
                  ? { accountIdentifier: scope.accountIdentifier, orgIdentifier: scope.orgIdentifier }
                  : { accountIdentifier: scope.accountIdentifier }
              }
              onCreated={(created) => {
                setCreating(null)
                onChange(created)
              }}
              onCancel={() => setCreating(null)}
            />
          ) : null}
        </Suspense>
      </LazyDialog>
    </div>
  )
}
