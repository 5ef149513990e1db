import { describe, expect, it } from 'vitest'
import { AccessControl } from './access-check'
import type { Principal } from './principal'
import { roleAssignmentRecord } from './role-assignments'

const ACCOUNT = { accountIdentifier: 'acme' }
const PAYMENTS = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

const projectBot: Principal = {
  type: 'SERVICE_ACCOUNT',
  identifier: 'ci_bot',
  name: 'CI bot',
  email: 'ci_bot@service.harness.io',
  accountIdentifier: 'acme',
  homeScopeKey: 'acme/default/payments',
}

function binding(scope: typeof ACCOUNT, roleIdentifier: string, resourceGroupIdentifier: string) {
  return roleAssignmentRecord(
    scope,
    {
      identifier: `${roleIdentifier}_binding`,
      roleIdentifier,
      resourceGroupIdentifier,
      principal: { identifier: 'ci_bot', type: 'SERVICE_ACCOUNT' },
    },
    0,
  )
}

describe('a service account made in a project', () => {
  it('gains nothing from an Account Admin binding above its project, written before such bindings were refused', async () => {
    const access = new AccessControl(projectBot, () =>
      Promise.resolve([binding(ACCOUNT, '_account_admin', '_all_resources_including_child_scopes')]),
    )
    expect(await access.permitted('core_connector_delete', ACCOUNT)).toBe(false)
    expect(await access.permitted('core_connector_delete', PAYMENTS)).toBe(false)
  })

  it('acts through its bindings in its project', async () => {
    const access = new AccessControl(projectBot, () =>
      Promise.resolve([binding(PAYMENTS, '_project_admin', '_all_project_level_resources')]),
    )
    expect(await access.permitted('core_connector_delete', PAYMENTS)).toBe(true)
    expect(await access.permitted('core_connector_delete', ACCOUNT)).toBe(false)
  })

  it('changes nothing for a user, who belongs to the whole account', async () => {
    const { homeScopeKey: _, ...fields } = projectBot
    const user: Principal = { ...fields, type: 'USER', identifier: 'ana' }
    const access = new AccessControl(user, () =>
      Promise.resolve([binding(ACCOUNT, '_account_admin', '_all_resources_including_child_scopes')]),
    )
    expect(await access.permitted('core_connector_delete', PAYMENTS)).toBe(true)
  })
})
