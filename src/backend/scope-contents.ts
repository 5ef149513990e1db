import type { Scope } from '../lib/scope'
import type { DataStore } from './store'

/**
 * Why an organization or project cannot be deleted yet: what it still holds, in words, or
 * undefined when it is empty. Harness deletes a scope with everything below it; here a delete
 * never takes a user's connectors, secrets or pipelines with it (docs/decisions/).
 */

/** Enough of the organization's projects to name them; the rest are counted. */
const NAMED_PROJECTS = 5

export async function scopeHoldings(store: DataStore, scope: Scope): Promise<string | undefined> {
  const firstPage = { searchTerm: '', pageIndex: 0, pageSize: 1 }
  const isProject = Boolean(scope.projectIdentifier)
  const [connectors, secrets, pipelines, projects] = await Promise.all([
    store.listConnectors(scope, firstPage),
    store.listSecrets(scope, firstPage),
    store.listPipelines(scope, firstPage),
    isProject
      ? undefined
      : store.listScopes({
          kind: 'project',
          accountIdentifier: scope.accountIdentifier,
          orgIdentifier: scope.orgIdentifier ?? '',
          searchTerm: '',
          pageIndex: 0,
          pageSize: NAMED_PROJECTS,
        }),
  ])
  const parts: string[] = []
  if (projects && projects.total > 0) {
    const names = projects.items.map((project) => project.identifier)
    const more = projects.total - names.length
    parts.push(`${count(projects.total, 'project')} (${names.join(', ')}${more > 0 ? ` and ${more} more` : ''})`)
  }
  if (connectors.total > 0) parts.push(count(connectors.total, 'connector'))
  if (secrets.total > 0) parts.push(count(secrets.total, 'secret'))
  if (pipelines.total > 0) parts.push(count(pipelines.total, 'pipeline'))
  if (!parts.length) return undefined
  const what = isProject ? `Project ${scope.projectIdentifier ?? ''}` : `Organization ${scope.orgIdentifier ?? ''}`
  return `${what} still holds ${listInWords(parts)}; delete or move them first.`
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** "a", "a and b", "a, b and c". */
function listInWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('')
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`
}
