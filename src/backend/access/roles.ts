import type { Permission } from '../../lib/permissions'
import { PERMISSIONS } from '../../lib/permissions'
import type { ScopeLevel } from '../../lib/scope'

/**
 * The built-in roles, with Harness's identifiers and names (access-control.md §1.2), and the
 * scope levels each may be bound at. Harness has no Connector Admin (there it would be a custom
 * role): ours is built in, for the platform engineer who looks after registries and their
 * credentials but not after people.
 */

export type Role = {
  identifier: string
  name: string
  description: string
  allowedScopeLevels: readonly ScopeLevel[]
  permissions: ReadonlySet<Permission>
}

const all = (keep: (permission: Permission) => boolean) => new Set(PERMISSIONS.filter(keep))
// The audit trail is the admins' (issue 20): a viewer or a Connector Admin does not read who did what.
const isView = (permission: Permission) => permission.endsWith('_view') && permission !== 'core_audit_view'
const about = (permission: Permission, ...nouns: string[]) =>
  nouns.some((noun) => permission.startsWith(`core_${noun}_`))

export const BUILT_IN_ROLES: readonly Role[] = [
  {
    identifier: '_account_admin',
    name: 'Account Admin',
    description: 'Everything in the account, its organizations and projects, people included.',
    allowedScopeLevels: ['account'],
    permissions: all(() => true),
  },
  {
    identifier: '_account_viewer',
    name: 'Account Viewer',
    description: 'Sees everything in the account; changes nothing.',
    allowedScopeLevels: ['account'],
    permissions: all(isView),
  },
  {
    identifier: '_organization_admin',
    name: 'Organization Admin',
    description: 'Everything in the organization and its projects, people included.',
    allowedScopeLevels: ['org'],
    permissions: all((permission) => permission !== 'core_organization_create'),
  },
  {
    identifier: '_organization_viewer',
    name: 'Organization Viewer',
    description: 'Sees everything in the organization; changes nothing.',
    allowedScopeLevels: ['org'],
    permissions: all(isView),
  },
  {
    identifier: '_project_admin',
    name: 'Project Admin',
    description: 'Everything in the project, people included.',
    allowedScopeLevels: ['project'],
    permissions: all((permission) => !about(permission, 'organization') && permission !== 'core_project_create'),
  },
  {
    identifier: '_project_viewer',
    name: 'Project Viewer',
    description: 'Sees the project’s connectors, secrets, delegates and pipelines; changes and tests nothing.',
    allowedScopeLevels: ['project'],
    permissions: all((permission) => isView(permission) && !about(permission, 'organization')),
  },
  {
    identifier: 'connector_admin',
    name: 'Connector Admin',
    description: 'Creates, edits, tests and deletes connectors and secrets; does not manage people.',
    allowedScopeLevels: ['account', 'org', 'project'],
    permissions: all(
      (permission) =>
        about(permission, 'connector', 'secret') ||
        (isView(permission) && about(permission, 'delegate', 'pipeline', 'organization', 'project')),
    ),
  },
]

export function findRole(identifier: string): Role | undefined {
  return BUILT_IN_ROLES.find((role) => role.identifier === identifier)
}

/**
 * Harness's built-in resource groups. A binding covers its own scope and, with
 * `_all_resources_including_child_scopes`, every organization and project below it; a project
 * has no children, so its one group is its own resources.
 */
export type ResourceGroup = {
  identifier: string
  name: string
  allowedScopeLevels: readonly ScopeLevel[]
  includesChildScopes: boolean
}

export const BUILT_IN_RESOURCE_GROUPS: readonly ResourceGroup[] = [
  {
    identifier: '_all_resources_including_child_scopes',
    name: 'All Resources Including Child Scopes',
    allowedScopeLevels: ['account', 'org'],
    includesChildScopes: true,
  },
  {
    identifier: '_all_account_level_resources',
    name: 'All Account Level Resources',
    allowedScopeLevels: ['account'],
    includesChildScopes: false,
  },
  {
    identifier: '_all_organization_level_resources',
    name: 'All Organization Level Resources',
    allowedScopeLevels: ['org'],
    includesChildScopes: false,
  },
  {
    identifier: '_all_project_level_resources',
    name: 'All Project Level Resources',
    allowedScopeLevels: ['project'],
    includesChildScopes: false,
  },
]

export function findResourceGroup(identifier: string): ResourceGroup | undefined {
  return BUILT_IN_RESOURCE_GROUPS.find((group) => group.identifier === identifier)
}

/** The group a binding gets when it names none: all of the scope and what is below it. */
export function defaultResourceGroup(level: ScopeLevel): string {
  return level === 'project' ? '_all_project_level_resources' : '_all_resources_including_child_scopes'
}
