import type { PrincipalRef, PrincipalType } from '../backend/access/principal'
import type { StoredRoleAssignment } from '../backend/access/role-assignments'
import { scopeKey } from '../backend/records'
import type { DeleteResult, Page, RoleAssignmentQuery, WriteResult } from '../backend/store'
import type { Scope } from '../lib/scope'
import type { SqlQueryable, SqlRow } from './sql-client'
import { accountOfScopeKey, BUMP_CHANGE_COUNT, countOf, num, text } from './sql-rows'

/** The role_assignments table (migration 6): one row per binding, unique per (scope, role, group, principal). */

export const COLUMNS =
  'scope_key, identifier, role_identifier, resource_group_identifier, principal_type, principal_identifier, managed, created_at, last_modified_at'

export function toAssignment(row: SqlRow): StoredRoleAssignment {
  const scope = text(row.scope_key)
  const identifier = text(row.identifier)
  return {
    key: `${scope}/${identifier}`,
    scopeKey: scope,
    identifier,
    roleIdentifier: text(row.role_identifier),
    resourceGroupIdentifier: text(row.resource_group_identifier),
    principal: { identifier: text(row.principal_identifier), type: text(row.principal_type) as PrincipalType },
    managed: row.managed === true || row.managed === 't',
    createdAt: num(row.created_at),
    lastModifiedAt: num(row.last_modified_at),
  }
}

const QUALIFIED_COLUMNS = COLUMNS.split(', ')
  .map((column) => `r.${column}`)
  .join(', ')

export function roleAssignmentTable(db: SqlQueryable) {
  return {
    // One statement for both of a checked request's first reads: a round trip less per request.
    scopeExistsFor: async (
      scope: Scope,
      principal: PrincipalRef,
    ): Promise<{ exists: boolean; bindings: StoredRoleAssignment[] }> => {
      const rows = await db.query(
        `SELECT ${QUALIFIED_COLUMNS}, EXISTS (SELECT 1 FROM scopes WHERE scope_key = $4) AS scope_exists
           FROM (SELECT 1) AS one
           LEFT JOIN role_assignments r
             ON r.account_identifier = $1 AND r.principal_type = $2 AND r.principal_identifier = $3`,
        [scope.accountIdentifier, principal.type, principal.identifier, scopeKey(scope)],
      )
      return {
        exists: rows[0]?.scope_exists === true,
        bindings: rows.filter((row) => row.identifier != null).map(toAssignment),
      }
    },

    roleAssignmentsOf: async (accountIdentifier: string, principal: PrincipalRef): Promise<StoredRoleAssignment[]> => {
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM role_assignments
         WHERE account_identifier = $1 AND principal_type = $2 AND principal_identifier = $3`,
        [accountIdentifier, principal.type, principal.identifier],
      )
      return rows.map(toAssignment)
    },

    listRoleAssignments: async (scope: Scope, query: RoleAssignmentQuery): Promise<Page<StoredRoleAssignment>> => {
      const params: unknown[] = [scopeKey(scope)]
      let where = 'scope_key = $1'
      if (query.principal) {
        params.push(query.principal.type, query.principal.identifier)
        where += ' AND principal_type = $2 AND principal_identifier = $3'
      }
      const [rows, counted] = await Promise.all([
        db.query(
          `SELECT ${COLUMNS} FROM role_assignments WHERE ${where}
           ORDER BY created_at DESC, identifier ASC
           LIMIT $${params.length + 1}::integer OFFSET $${params.length + 2}::integer`,
          [...params, query.pageSize, query.pageIndex * query.pageSize],
        ),
        db.query(`SELECT count(*) AS n FROM role_assignments WHERE ${where}`, params),
      ])
      return { items: rows.map(toAssignment), total: countOf(counted) }
    },

    getRoleAssignment: async (scope: Scope, identifier: string): Promise<StoredRoleAssignment | undefined> => {
      const rows = await db.query(`SELECT ${COLUMNS} FROM role_assignments WHERE scope_key = $1 AND identifier = $2`, [
        scopeKey(scope),
        identifier,
      ])
      return rows[0] ? toAssignment(rows[0]) : undefined
    },

    createRoleAssignment: async (record: StoredRoleAssignment): Promise<WriteResult<StoredRoleAssignment>> => {
      // Either unique key taken (the identifier, or the same binding) leaves the row unwritten.
      const rows = await db.query(
        `WITH inserted AS (
           INSERT INTO role_assignments (scope_key, identifier, account_identifier, role_identifier,
             resource_group_identifier, principal_type, principal_identifier, managed, created_at, last_modified_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
           ON CONFLICT DO NOTHING
           RETURNING 1
         ), bumped AS (
           ${BUMP_CHANGE_COUNT} AND EXISTS (SELECT 1 FROM inserted)
         )
         SELECT count(*) AS n FROM inserted`,
        [
          record.scopeKey,
          record.identifier,
          accountOfScopeKey(record.scopeKey),
          record.roleIdentifier,
          record.resourceGroupIdentifier,
          record.principal.type,
          record.principal.identifier,
          record.managed,
          record.createdAt,
        ],
      )
      if (countOf(rows) === 1) return { ok: true, record }
      const existing = await db.query(
        `SELECT ${COLUMNS} FROM role_assignments WHERE scope_key = $1 AND (identifier = $2 OR
           (role_identifier = $3 AND resource_group_identifier = $4 AND principal_type = $5 AND principal_identifier = $6))
         LIMIT 1`,
        [
          record.scopeKey,
          record.identifier,
          record.roleIdentifier,
          record.resourceGroupIdentifier,
          record.principal.type,
          record.principal.identifier,
        ],
      )
      return existing[0]
        ? { ok: false, refusal: 'exists', current: toAssignment(existing[0]) }
        : { ok: false, refusal: 'exists' }
    },

    deleteRoleAssignment: async (scope: Scope, identifier: string): Promise<DeleteResult> => {
      const rows = await db.query(
        `WITH deleted AS (
           DELETE FROM role_assignments WHERE scope_key = $1 AND identifier = $2 RETURNING 1
         ), bumped AS (
           ${BUMP_CHANGE_COUNT} AND EXISTS (SELECT 1 FROM deleted)
         )
         SELECT count(*) AS n FROM deleted`,
        [scopeKey(scope), identifier],
      )
      return countOf(rows) === 1 ? { ok: true } : { ok: false, refusal: 'not-found' }
    },
  }
}
