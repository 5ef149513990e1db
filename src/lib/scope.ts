/** Where an entity lives: an account, one of its organizations, or a project in one. */
export type Scope = {
  accountIdentifier: string
  orgIdentifier?: string
  projectIdentifier?: string
}

export type ScopeLevel = 'project' | 'org' | 'account'

export function scopeLevel(scope: Scope): ScopeLevel {
  if (scope.projectIdentifier) return 'project'
  if (scope.orgIdentifier) return 'org'
  return 'account'
}

export const SCOPE_LEVEL_LABELS: Record<ScopeLevel, string> = {
  project: 'Project',
  org: 'Organization',
  account: 'Account',
}

/** The scopes whose secrets an entity at `scope` may use, nearest first. */
export function visibleScopes(scope: Scope): Scope[] {
  const { accountIdentifier, orgIdentifier, projectIdentifier } = scope
  const scopes: Scope[] = []
  if (projectIdentifier && orgIdentifier) scopes.push({ accountIdentifier, orgIdentifier, projectIdentifier })
  if (orgIdentifier) scopes.push({ accountIdentifier, orgIdentifier })
  scopes.push({ accountIdentifier })
  return scopes
}

export function sameScope(a: Scope, b: Scope): boolean {
  return (
    a.accountIdentifier === b.accountIdentifier &&
    (a.orgIdentifier ?? '') === (b.orgIdentifier ?? '') &&
    (a.projectIdentifier ?? '') === (b.projectIdentifier ?? '')
  )
}

export function scopeQuery(scope: Scope): Record<string, string> {
  const query: Record<string, string> = { accountIdentifier: scope.accountIdentifier }
  if (scope.orgIdentifier) query.orgIdentifier = scope.orgIdentifier
  if (scope.projectIdentifier) query.projectIdentifier = scope.projectIdentifier
  return query
}
