/**
 * `--oidc-role-map`: which role each identity-provider group gets, and where (access-control.md
 * §5: Argo CD's `g` lines, recomputed at every sign-in like Grafana's role sync). One grant a line:
 *
 *   # comment
 *   platform-admins = Account Admin @ account
 *   payments-devs   = Project Admin @ org/default/project/payments
 *   auditors        = Organization Viewer @ org/default
 *
 * No default role: a user whose groups match no line is created, with no roles.
 */

export type RoleMapScope = { accountLevel: true } | { orgIdentifier: string; projectIdentifier?: string }

export type RoleGrant = { group: string; role: string; scope: RoleMapScope; line: number }

export class RoleMapError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The role map has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.join('\n')}`,
    )
    this.name = 'RoleMapError'
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$-]{0,127}$/

function parseScope(text: string): RoleMapScope | string {
  if (text === 'account') return { accountLevel: true }
  const parts = text.split('/')
  if (
    parts[0] !== 'org' ||
    (parts.length !== 2 && parts.length !== 4) ||
    (parts.length === 4 && parts[2] !== 'project')
  )
    return `"${text}" is not a scope: write account, org/<id> or org/<id>/project/<id>`
  const [, org = '', , project] = parts
  if (!IDENTIFIER.test(org)) return `"${org}" is not an organization identifier`
  if (project === undefined) return { orgIdentifier: org }
  if (!IDENTIFIER.test(project)) return `"${project}" is not a project identifier`
  return { orgIdentifier: org, projectIdentifier: project }
}

/**
 * The grants of a role map file's text; a RoleMapError naming every bad line (with its number)
 * otherwise. `knownRoles`, when given, are the role names a line may use.
 */
export function parseRoleMap(text: string, knownRoles?: readonly string[]): RoleGrant[] {
  const grants: RoleGrant[] = []
  const problems: string[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1
    const content = raw.replace(/#.*$/, '').trim()
    if (!content) return
    const equals = content.indexOf('=')
    const at = content.lastIndexOf('@')
    if (equals < 0 || at < equals) {
      problems.push(`line ${line}: "${content}" is not "group = Role name @ scope"`)
      return
    }
    const group = content.slice(0, equals).trim()
    const role = content
      .slice(equals + 1, at)
      .trim()
      .replace(/\s+/g, ' ')
    const scope = parseScope(content.slice(at + 1).trim())
    if (!group) problems.push(`line ${line}: the group name is missing before "="`)
    else if (/\s/.test(group)) problems.push(`line ${line}: the group "${group}" has a space in it`)
    if (!role) problems.push(`line ${line}: the role name is missing between "=" and "@"`)
    else if (knownRoles && !knownRoles.includes(role))
      problems.push(`line ${line}: there is no role "${role}" (roles: ${knownRoles.join(', ')})`)
    if (typeof scope === 'string') problems.push(`line ${line}: ${scope}`)
    if (group && !/\s/.test(group) && role && typeof scope !== 'string' && (!knownRoles || knownRoles.includes(role)))
      grants.push({ group, role, scope, line })
  })
  if (problems.length) throw new RoleMapError(problems)
  return grants
}

/** The grants a user with these groups gets (each once), in the order of the file. */
export function grantsForGroups(groups: readonly string[], grants: readonly RoleGrant[]): RoleGrant[] {
  const have = new Set(groups)
  const seen = new Set<string>()
  return grants.filter((grant) => {
    if (!have.has(grant.group)) return false
    const key = `${grant.role}@${JSON.stringify(grant.scope)}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
