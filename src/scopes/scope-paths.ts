import type { Scope } from '../lib/scope'

/**
 * A page's address says its scope, so a link opens the same place after a reload:
 * /account/<acc>/…, /account/<acc>/orgs/<org>/…, /account/<acc>/orgs/<org>/projects/<project>/…
 */
export function scopePath(scope: Scope): string {
  let path = `/account/${encodeURIComponent(scope.accountIdentifier)}`
  if (scope.orgIdentifier) path += `/orgs/${encodeURIComponent(scope.orgIdentifier)}`
  if (scope.orgIdentifier && scope.projectIdentifier) path += `/projects/${encodeURIComponent(scope.projectIdentifier)}`
  return path
}

const SCOPED_PAGE = /^\/account\/([^/]+)(?:\/orgs\/([^/]+)(?:\/projects\/([^/]+))?)?\/([a-z-]+)(?:\/([^/]+))?\/?$/

export type ScopedRoute = { scope: Scope; page: string; item?: string }

export function parseScopedPath(pathname: string): ScopedRoute | undefined {
  const match = SCOPED_PAGE.exec(pathname)
  if (!match) return undefined
  const [, account, org, project, page, item] = match
  if (!account || !page) return undefined
  const scope: Scope = { accountIdentifier: decodeURIComponent(account) }
  if (org) scope.orgIdentifier = decodeURIComponent(org)
  if (project) scope.projectIdentifier = decodeURIComponent(project)
  return item ? { scope, page, item: decodeURIComponent(item) } : { scope, page }
}

export const DEFAULT_SCOPE: Scope = {
  accountIdentifier: 'acme',
  orgIdentifier: 'default',
  projectIdentifier: 'payments',
}
