import type { StoredScope } from './records'
import { scopeSearchText } from './records'
import type { Page, ScopeListQuery } from './store'

/**
 * The order and search of organization and project lists, for stores that hold their scopes in
 * memory; the SQL store answers the same with one query (sql-scopes.ts). Harness lists its
 * managed `default` organization first, then by name.
 */

export const DEFAULT_ORGANIZATION = 'default'

export function listScopesInMemory(records: Iterable<StoredScope>, query: ScopeListQuery): Page<StoredScope> {
  const term = query.searchTerm.toLowerCase()
  const matches: StoredScope[] = []
  for (const record of records) {
    if (record.kind !== query.kind || record.accountIdentifier !== query.accountIdentifier) continue
    if (query.kind === 'project' && query.orgIdentifier && record.orgIdentifier !== query.orgIdentifier) continue
    if (term && !scopeSearchText(record).includes(term)) continue
    matches.push(record)
  }
  matches.sort(compareScopes)
  const start = Math.max(0, query.pageIndex) * Math.max(0, query.pageSize)
  return { items: matches.slice(start, start + Math.max(0, query.pageSize)), total: matches.length }
}

function compareScopes(a: StoredScope, b: StoredScope): number {
  return (
    Number(a.identifier !== DEFAULT_ORGANIZATION || a.kind !== 'organization') -
      Number(b.identifier !== DEFAULT_ORGANIZATION || b.kind !== 'organization') ||
    compare(a.orgIdentifier, b.orgIdentifier) ||
    compare(a.name.toLowerCase(), b.name.toLowerCase()) ||
    compare(a.identifier, b.identifier)
  )
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
