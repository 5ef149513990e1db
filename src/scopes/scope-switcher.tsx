import { useId } from 'react'
import type { Scope } from '../lib/scope'
import { useOrganizations, useProjects } from './scope-api'

type Props = {
  scope: Scope
  onChange: (scope: Scope) => void
}

const WHOLE = ''

/**
 * Account → organization → project. Choosing "All of …" moves up a level, so the same two
 * selects reach every scope, and the page's address follows (see scope-paths.ts).
 */
export function ScopeSwitcher({ scope, onChange }: Props) {
  const id = useId()
  const organizations = useOrganizations(scope.accountIdentifier)
  const projects = useProjects(scope.accountIdentifier)
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
        </span>
      ) : null}
    </div>
  )
}
