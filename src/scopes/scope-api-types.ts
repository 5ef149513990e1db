/**
 * GET /ng/api/organizations and GET /ng/api/projects, as Harness NG answers them (each item
 * wrapped in `organization` / `project`, in a PageResponse), for the scope switcher.
 */

export type OrganizationDTO = { identifier: string; name: string; description: string }

export type OrganizationResponse = { organization: OrganizationDTO }

export type ProjectDTO = { identifier: string; orgIdentifier: string; name: string; description: string }

export type ProjectResponse = { project: ProjectDTO }
