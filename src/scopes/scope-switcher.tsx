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
      <ScopeLevel
        id={`${id}-org`}
        label="Organization"
        value={org}
        wholeLabel="None (account level)"
        choices={(organizations.data ?? [{ identifier: org, name: org }]).filter((entry) => entry.identifier)}
        onChoose={(next) =>
          onChange(
            next
              ? { accountIdentifier: scope.accountIdentifier, orgIdentifier: next }
              : { accountIdentifier: scope.accountIdentifier },
          )
        }
        createLabel="New organization"
        createDenied={accountPermissions.denied('core_organization_create')}
        onCreate={() => setCreating('organization')}
      />
      {scope.orgIdentifier ? (
        <ScopeLevel
          id={`${id}-project`}
          label="Project"
          value={project}
          wholeLabel="None (organization level)"
          choices={projects.data ? orgProjects : project ? [{ identifier: project, name: project }] : []}
          onChoose={(next) =>
            onChange({
              accountIdentifier: scope.accountIdentifier,
              orgIdentifier: scope.orgIdentifier,
              ...(next ? { projectIdentifier: next } : {}),
            })
          }
          createLabel="New project"
          createDenied={orgPermissions.denied('core_project_create')}
          onCreate={() => setCreating('project')}
        />
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

type ScopeLevelProps = {
  id: string
  label: string
  value: string
  /** The choice that stays a level up. */
  wholeLabel: string
  choices: readonly { identifier: string; name: string }[]
  onChoose: (identifier: string) => void
  createLabel: string
  createDenied: string | undefined
  onCreate: () => void
}

/** One level of the switcher: its select, and the button that makes a new scope at it. */
function ScopeLevel(props: ScopeLevelProps) {
  return (
    <span className="scope-switcher__item">
      <label htmlFor={props.id} className="scope-switcher__label">
        {props.label}
      </label>
      <select
        id={props.id}
        className="input input--inline"
        value={props.value}
        onChange={(event) => props.onChoose(event.target.value)}
      >
        <option value={WHOLE}>{props.wholeLabel}</option>
        {props.choices.map((entry) => (
          <option key={entry.identifier} value={entry.identifier}>
            {entry.name}
          </option>
        ))}
      </select>
      <PermittedButton size="small" variant="ghost" denied={props.createDenied} onClick={props.onCreate}>
        {props.createLabel}
      </PermittedButton>
    </span>
  )
}
