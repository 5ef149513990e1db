import type { StoredRoleAssignment } from '../backend/access/role-assignments'
import type { ScopeKind, StoredScope } from '../backend/records'
import { scopeKey, scopeSearchText } from '../backend/records'
import { DEFAULT_ORGANIZATION } from '../backend/scope-list'
import type { DeleteResult, Page, ScopeListQuery, WriteResult } from '../backend/store'
import type { Scope } from '../lib/scope'
import type { SqlClient, SqlQueryable, SqlRow } from './sql-client'
import { COLUMNS as ROLE_ASSIGNMENT_COLUMNS, toAssignment } from './sql-role-assignments'
import { BUMP_CHANGE_COUNT, bumpChangeCount, countOf, containsPattern, json, num, pageWindow, text } from './sql-rows'

/**
 * The scopes table (migration 6): accounts, organizations and projects. Existence is the
 * primary key; lists read the `scopes_by_parent` index in the order scope-list.ts defines.
 */

const COLUMNS =
  'scope_key, kind, account_identifier, org_identifier, identifier, name, description, tags, color, created_at, last_modified_at, version'

function toScope(row: SqlRow): StoredScope {
  const record: StoredScope = {
    key: text(row.scope_key),
    kind: text(row.kind) as ScopeKind,
    accountIdentifier: text(row.account_identifier),
    orgIdentifier: text(row.org_identifier),
    identifier: text(row.identifier),
    name: text(row.name),
    description: text(row.description),
    tags: json<Record<string, string>>(row.tags),
    createdAt: num(row.created_at),
    lastModifiedAt: num(row.last_modified_at),
    version: num(row.version),
  }
  if (row.color !== null && row.color !== undefined) record.color = text(row.color)
  return record
}

async function selectScope(db: SqlQueryable, key: string, lock = false): Promise<StoredScope | undefined> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM scopes WHERE scope_key = $1${lock ? ' FOR UPDATE' : ''}`, [key])
  return rows[0] ? toScope(rows[0]) : undefined
}

export function scopeTable(client: SqlClient) {
  return {
    scopeExists: async (scope: Scope): Promise<boolean> =>
      (await client.query('SELECT 1 FROM scopes WHERE scope_key = $1', [scopeKey(scope)])).length > 0,

    getScope: (scope: Scope) => selectScope(client, scopeKey(scope)),

    listScopes: async (query: ScopeListQuery): Promise<Page<StoredScope>> => {
      const params: unknown[] = [query.accountIdentifier, query.kind]
      let where = 'account_identifier = $1 AND kind = $2'
      if (query.kind === 'project' && query.orgIdentifier) {
        params.push(query.orgIdentifier)
        where += ` AND org_identifier = $${params.length}`
      }
      const term = query.searchTerm.toLowerCase()
      if (term !== '') {
        params.push(containsPattern(term))
        where += ` AND search_text LIKE $${params.length} ESCAPE '\\'`
      }
      const { limit, offset } = pageWindow(query)
      const defaultFirst = query.kind === 'organization' ? `(identifier <> '${DEFAULT_ORGANIZATION}'), ` : ''
      const [rows, counted] = await Promise.all([
        client.query(
          `SELECT ${COLUMNS} FROM scopes WHERE ${where}
           ORDER BY ${defaultFirst}org_identifier, name_key, identifier
           LIMIT $${params.length + 1}::integer OFFSET $${params.length + 2}::integer`,
          [...params, limit, offset],
        ),
        client.query(`SELECT count(*) AS n FROM scopes WHERE ${where}`, params),
      ])
      return { items: rows.map(toScope), total: countOf(counted) }
    },

    createScope: async (record: StoredScope): Promise<WriteResult<StoredScope>> => {
      const stored: StoredScope = { ...record, version: 1 }
      const rows = await client.query(
        `WITH inserted AS (
           INSERT INTO scopes (scope_key, kind, account_identifier, org_identifier, identifier, name, name_key,
                               description, tags, color, search_text, created_at, last_modified_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11, $12, $13, 1)
           ON CONFLICT (scope_key) DO NOTHING
           RETURNING 1
         ), bumped AS (
           ${BUMP_CHANGE_COUNT} AND EXISTS (SELECT 1 FROM inserted)
         )
         SELECT count(*) AS n FROM inserted`,
        [
          stored.key,
          stored.kind,
          stored.accountIdentifier,
          stored.orgIdentifier,
          stored.identifier,
          stored.name,
          stored.name.toLowerCase(),
          stored.description,
          JSON.stringify(stored.tags),
          stored.color ?? null,
          scopeSearchText(stored),
          stored.createdAt,
          stored.lastModifiedAt,
        ],
      )
      if (countOf(rows) === 1) return { ok: true, record: stored }
      const current = await selectScope(client, stored.key)
      return current ? { ok: false, refusal: 'exists', current } : { ok: false, refusal: 'exists' }
    },

    updateScope: (record: StoredScope, expectedVersion?: number): Promise<WriteResult<StoredScope>> =>
      client.transaction(async (tx) => {
        const current = await selectScope(tx, record.key, true)
        if (!current) return { ok: false, refusal: 'not-found' }
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          return { ok: false, refusal: 'conflict', current }
        }
        // What a scope is (key, kind, identifiers) never changes; only what describes it.
        const next: StoredScope = {
          ...current,
          name: record.name,
          description: record.description,
          tags: record.tags,
          lastModifiedAt: record.lastModifiedAt,
        }
        if (current.kind === 'project') next.color = record.color ?? current.color
        const rows = await tx.query(
          `UPDATE scopes SET name = $2, name_key = $3, description = $4, tags = $5::text::jsonb, color = $6,
                  search_text = $7, last_modified_at = $8, version = version + 1
           WHERE scope_key = $1 RETURNING ${COLUMNS}`,
          [
            next.key,
            next.name,
            next.name.toLowerCase(),
            next.description,
            JSON.stringify(next.tags),
            next.color ?? null,
            scopeSearchText(next),
            next.lastModifiedAt,
          ],
        )
        await bumpChangeCount(tx)
        return { ok: true, record: toScope(rows[0] ?? {}) }
      }),

    /** Its role bindings go with it, in its transaction, and are answered (each is on the trail). */
    deleteScope: (
      scope: Scope,
      expectedVersion?: number,
    ): Promise<DeleteResult & { removedBindings?: StoredRoleAssignment[] }> =>
      client.transaction(async (tx) => {
        const current = await selectScope(tx, scopeKey(scope), true)
        if (!current) return { ok: false, refusal: 'not-found' }
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          return { ok: false, refusal: 'conflict', current }
        }
        await tx.query('DELETE FROM scopes WHERE scope_key = $1', [current.key])
        // A project made again under the same identifier starts with no one's roles.
        const removed = await tx.query(
          `DELETE FROM role_assignments WHERE scope_key = $1 RETURNING ${ROLE_ASSIGNMENT_COLUMNS}`,
          [current.key],
        )
        await bumpChangeCount(tx)
        return { ok: true, removedBindings: removed.map(toAssignment) }
      }),
  }
}
