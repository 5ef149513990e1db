/**
 * Harness's resource types and permission identifiers (docs/reference/access-control.md §1.4),
 * the ones this app checks.
 */

export const RESOURCE_TYPES = [
  'CONNECTOR',
  'SECRET',
  'DELEGATE',
  'PIPELINE',
  'ORGANIZATION',
  'PROJECT',
  'USER',
  'SERVICEACCOUNT',
  'AUDIT',
] as const

export type ResourceType = (typeof RESOURCE_TYPES)[number]

export const PERMISSIONS = [
  'core_connector_view',
  'core_connector_edit',
  'core_connector_delete',
  'core_connector_access',
  'core_secret_view',
  'core_secret_edit',
  'core_secret_delete',
  'core_secret_access',
  'core_delegate_view',
  'core_delegate_edit',
  'core_delegate_delete',
  'core_pipeline_view',
  'core_pipeline_edit',
  'core_pipeline_delete',
  'core_organization_view',
  'core_organization_create',
  'core_organization_edit',
  'core_organization_delete',
  'core_project_view',
  'core_project_create',
  'core_project_edit',
  'core_project_delete',
  'core_user_view',
  'core_user_manage',
  'core_serviceaccount_view',
  'core_serviceaccount_edit',
  'core_serviceaccount_delete',
  'core_serviceaccount_manageapikey',
  'core_audit_view',
] as const

export type Permission = (typeof PERMISSIONS)[number]

/** The resource type a permission is about: `core_connector_edit` → CONNECTOR. */
export function resourceTypeOf(permission: Permission): ResourceType {
  const noun = permission.split('_')[1] ?? ''
  const type = RESOURCE_TYPES.find((candidate) => candidate.toLowerCase() === noun)
  if (!type) throw new Error(`No resource type for ${permission}`)
  return type
}

/** "Connector", "Service account": how a refusal names the resource type. */
export const RESOURCE_TYPE_LABELS: Record<ResourceType, string> = {
  CONNECTOR: 'Connector',
  SECRET: 'Secret',
  DELEGATE: 'Delegate',
  PIPELINE: 'Pipeline',
  ORGANIZATION: 'Organization',
  PROJECT: 'Project',
  USER: 'User',
  SERVICEACCOUNT: 'Service account',
  AUDIT: 'Audit trail',
}

/** What a permission lets one do, for a disabled control's reason ("You may not edit connectors here"). */
export const PERMISSION_ACTIONS: Record<Permission, string> = {
  core_connector_view: 'view connectors',
  core_connector_edit: 'create or edit connectors',
  core_connector_delete: 'delete connectors',
  core_connector_access: 'test or use connectors',
  core_secret_view: 'view secrets',
  core_secret_edit: 'create or edit secrets',
  core_secret_delete: 'delete secrets',
  core_secret_access: 'use secrets',
  core_delegate_view: 'view delegates',
  core_delegate_edit: 'create or revoke delegate tokens',
  core_delegate_delete: 'delete delegates',
  core_pipeline_view: 'view pipelines',
  core_pipeline_edit: 'create or edit pipelines',
  core_pipeline_delete: 'delete pipelines',
  core_organization_view: 'view organizations',
  core_organization_create: 'create organizations',
  core_organization_edit: 'edit organizations',
  core_organization_delete: 'delete organizations',
  core_project_view: 'view projects',
  core_project_create: 'create projects',
  core_project_edit: 'edit projects',
  core_project_delete: 'delete projects',
  core_user_view: 'view users and their role bindings',
  core_user_manage: 'manage users and their role bindings',
  core_serviceaccount_view: 'view service accounts',
  core_serviceaccount_edit: 'create or edit service accounts and their role bindings',
  core_serviceaccount_delete: 'delete service accounts',
  core_serviceaccount_manageapikey: 'manage service accounts’ API keys',
  core_audit_view: 'view the audit trail',
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value)
}
