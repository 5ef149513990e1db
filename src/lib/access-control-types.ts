/**
 * The access-control part of the API contract, in Harness's shapes (access-control.md §1): role
 * assignments, roles, the ACL check and the current user. As in api-types.ts, the client parses
 * every answer with these and the backend answers with these types.
 */
import { z } from 'zod/mini'
import { fieldOr, optionalField } from './api-types'

export const principalTypeSchema = z.enum(['USER', 'SERVICE_ACCOUNT'])
export type PrincipalTypeDTO = z.output<typeof principalTypeSchema>

const scopeSchema = z.object({
  accountIdentifier: z.string(),
  orgIdentifier: optionalField(z.string()),
  projectIdentifier: optionalField(z.string()),
})

export const roleAssignmentSchema = z.object({
  identifier: z.string(),
  roleIdentifier: z.string(),
  resourceGroupIdentifier: z.string(),
  principal: z.object({ identifier: z.string(), type: principalTypeSchema }),
  disabled: fieldOr(z.boolean(), () => false),
  managed: fieldOr(z.boolean(), () => false),
})
export type RoleAssignmentDTO = z.output<typeof roleAssignmentSchema>

export const roleAssignmentResponseSchema = z.object({
  roleAssignment: roleAssignmentSchema,
  scope: scopeSchema,
  createdAt: fieldOr(z.number(), () => 0),
  lastModifiedAt: fieldOr(z.number(), () => 0),
  harnessManaged: fieldOr(z.boolean(), () => false),
  /** This project's: the names people read, so that a list needs no second call. */
  principalName: optionalField(z.string()),
  roleName: optionalField(z.string()),
  resourceGroupName: optionalField(z.string()),
})
export type RoleAssignmentResponse = z.output<typeof roleAssignmentResponseSchema>

export const roleResponseSchema = z.object({
  role: z.object({
    identifier: z.string(),
    name: z.string(),
    description: fieldOr(z.string(), () => ''),
    permissions: fieldOr(z.array(z.string()), () => []),
    allowedScopeLevels: fieldOr(z.array(z.string()), () => []),
  }),
  harnessManaged: fieldOr(z.boolean(), () => true),
})
export type RoleResponse = z.output<typeof roleResponseSchema>

export const permissionCheckSchema = z.object({
  resourceScope: scopeSchema,
  resourceType: z.string(),
  resourceIdentifier: optionalField(z.string()),
  permission: z.string(),
})
export type PermissionCheckDTO = z.output<typeof permissionCheckSchema>

export const accessControlListSchema = z.object({
  principal: z.object({ principalIdentifier: z.string(), principalType: principalTypeSchema }),
  accessControlList: z.array(z.extend(permissionCheckSchema, { permitted: z.boolean() })),
})
export type AccessControlListDTO = z.output<typeof accessControlListSchema>

export const principalEntrySchema = z.object({
  identifier: z.string(),
  type: principalTypeSchema,
  name: z.string(),
  email: fieldOr(z.string(), () => ''),
})
export type PrincipalEntryDTO = z.output<typeof principalEntrySchema>

/** Harness's UserInfo, the members this app reads, plus the principal's type (a key acts as its service account). */
export const currentUserSchema = z.object({
  uuid: z.string(),
  name: z.string(),
  email: fieldOr(z.string(), () => ''),
  defaultAccountId: z.string(),
  principalType: fieldOr(principalTypeSchema, () => 'USER' as const),
})
export type CurrentUserDTO = z.output<typeof currentUserSchema>
