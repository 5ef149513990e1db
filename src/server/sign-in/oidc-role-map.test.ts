import { describe, expect, it } from 'vitest'
import { grantsForGroups, parseRoleMap, RoleMapError } from './oidc-role-map'

const MAP = `# Who gets what
platform-admins = Account Admin @ account
payments-devs   = Project Admin @ org/default/project/payments   # the payments team
auditors = Organization Viewer @ org/default

platform-admins = Project Admin @ org/default/project/payments
`

describe('the OIDC role map', () => {
  it('reads one grant a line, with comments and blank lines', () => {
    expect(parseRoleMap(MAP)).toEqual([
      { group: 'platform-admins', role: 'Account Admin', scope: { accountLevel: true }, line: 2 },
      {
        group: 'payments-devs',
        role: 'Project Admin',
        scope: { orgIdentifier: 'default', projectIdentifier: 'payments' },
        line: 3,
      },
      { group: 'auditors', role: 'Organization Viewer', scope: { orgIdentifier: 'default' }, line: 4 },
      {
        group: 'platform-admins',
        role: 'Project Admin',
        scope: { orgIdentifier: 'default', projectIdentifier: 'payments' },
        line: 6,
      },
    ])
  })

  it('refuses every bad line, with its number and what is wrong', () => {
    const text = [
      'ok = Account Admin @ account',
      'no equals sign here',
      ' = Account Admin @ account',
      'devs = @ account',
      'devs = Project Admin @ project/payments',
      'devs = Project Admin @ org/default/projects/payments',
      'devs = Nobody @ account',
    ].join('\n')
    let error: unknown
    try {
      parseRoleMap(text, ['Account Admin', 'Project Admin'])
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(RoleMapError)
    expect((error as RoleMapError).problems).toEqual([
      'line 2: "no equals sign here" is not "group = Role name @ scope"',
      'line 3: the group name is missing before "="',
      'line 4: the role name is missing between "=" and "@"',
      'line 5: "project/payments" is not a scope: write account, org/<id> or org/<id>/project/<id>',
      'line 6: "org/default/projects/payments" is not a scope: write account, org/<id> or org/<id>/project/<id>',
      'line 7: there is no role "Nobody" (roles: Account Admin, Project Admin)',
    ])
  })

  it('gives a user the grants of their groups, the same role at the same scope once', () => {
    const grants = parseRoleMap(MAP + 'payments-devs = Project Admin @ org/default/project/payments\n')
    expect(grantsForGroups(['payments-devs', 'platform-admins', 'elsewhere'], grants).map((g) => g.line)).toEqual([
      2, 3,
    ])
    expect(grantsForGroups([], grants)).toEqual([])
  })
})
