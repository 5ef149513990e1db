import { describe, expect, it } from 'vitest'
import type { Scope } from '../lib/scope'
import { roleAssignmentRecord } from './access/role-assignments'
import type { AuditDraft } from './audit/audit-event'
import type { StoreChange } from './audit/store-change'
import { scopeRecord } from './records'
import type { DataStore, ScopeListQuery } from './store'

/**
 * The DataStore contract for accounts, organizations and projects (part of store-contract.ts,
 * which runs it on every store). Each test makes an account of its own.
 */

const AT = 1_700_000_000_000
const TIMES = { createdAt: AT, lastModifiedAt: AT }

let accounts = 0
function freshAccount(): string {
  accounts += 1
  return `scopes${accounts}x${Math.random().toString(36).slice(2, 8)}`
}

export function describeScopeContract(getStore: () => DataStore): void {
  describe('accounts, organizations and projects', () => {
    async function makeAccount(orgs: Record<string, string[]> = {}): Promise<string> {
      const store = getStore()
      const accountIdentifier = freshAccount()
      expect((await store.createScope(scopeRecord({ accountIdentifier }, { name: 'Account' }, TIMES))).ok).toBe(true)
      for (const [org, projects] of Object.entries(orgs)) {
        const orgScope = { accountIdentifier, orgIdentifier: org }
        const created = await store.createScope(scopeRecord(orgScope, { name: org.toUpperCase() }, TIMES))
        expect(created.ok).toBe(true)
        for (const project of projects) {
          const projectScope = { ...orgScope, projectIdentifier: project }
          const made = await store.createScope(
            scopeRecord(projectScope, { name: `Project ${project}`, description: `About ${project}` }, TIMES),
          )
          expect(made.ok).toBe(true)
        }
      }
      return accountIdentifier
    }

    function list(query: Partial<ScopeListQuery> & Pick<ScopeListQuery, 'kind' | 'accountIdentifier'>) {
      return getStore().listScopes({ searchTerm: '', pageIndex: 0, pageSize: 100, ...query })
    }

    it('creates scopes at version 1, reads them back and tells which exist', async () => {
      const store = getStore()
      const account = await makeAccount({ org1: ['proj1'] })
      const project: Scope = { accountIdentifier: account, orgIdentifier: 'org1', projectIdentifier: 'proj1' }
      expect(await store.getScope(project)).toMatchObject({
        kind: 'project',
        accountIdentifier: account,
        orgIdentifier: 'org1',
        identifier: 'proj1',
        name: 'Project proj1',
        description: 'About proj1',
        color: '#0063F7',
        tags: {},
        createdAt: AT,
        version: 1,
      })
      expect(await store.getScope({ accountIdentifier: account, orgIdentifier: 'org1' })).toMatchObject({
        kind: 'organization',
        identifier: 'org1',
        orgIdentifier: '',
      })
      for (const scope of [
        { accountIdentifier: account },
        { accountIdentifier: account, orgIdentifier: 'org1' },
        project,
      ]) {
        expect(await store.scopeExists(scope)).toBe(true)
      }
      for (const scope of [
        { accountIdentifier: freshAccount() },
        { accountIdentifier: account, orgIdentifier: 'nope' },
        { ...project, projectIdentifier: 'nope' },
        { accountIdentifier: account, orgIdentifier: 'proj1' },
      ]) {
        expect(await store.scopeExists(scope)).toBe(false)
      }
    })

    it('never overwrites on create', async () => {
      const store = getStore()
      const account = await makeAccount({ org1: [] })
      const before = await store.changeCount()
      const again = await store.createScope(
        scopeRecord({ accountIdentifier: account, orgIdentifier: 'org1' }, { name: 'Other' }, TIMES),
      )
      expect(again).toMatchObject({ ok: false, refusal: 'exists' })
      expect(await store.changeCount()).toBe(before)
      expect((await store.getScope({ accountIdentifier: account, orgIdentifier: 'org1' }))?.name).toBe('ORG1')
    })

    it('lists organizations default first, then by name, and projects by organization, paged and searched', async () => {
      const account = await makeAccount({ zeta: ['b2', 'a1'], alpha: ['c3'], default: [] })
      const orgs = await list({ kind: 'organization', accountIdentifier: account })
      expect(orgs.items.map((record) => record.identifier)).toEqual(['default', 'alpha', 'zeta'])
      expect(orgs.total).toBe(3)
      const projects = await list({ kind: 'project', accountIdentifier: account })
      expect(projects.items.map((record) => `${record.orgIdentifier}/${record.identifier}`)).toEqual([
        'alpha/c3',
        'zeta/a1',
        'zeta/b2',
      ])
      const zeta = await list({ kind: 'project', accountIdentifier: account, orgIdentifier: 'zeta', pageSize: 1 })
      expect([zeta.items.map((record) => record.identifier), zeta.total]).toEqual([['a1'], 2])
      const second = await list({
        kind: 'project',
        accountIdentifier: account,
        orgIdentifier: 'zeta',
        pageSize: 1,
        pageIndex: 1,
      })
      expect(second.items.map((record) => record.identifier)).toEqual(['b2'])
      const searched = await list({ kind: 'project', accountIdentifier: account, searchTerm: 'about b' })
      expect(searched.items.map((record) => record.identifier)).toEqual(['b2'])
      expect((await list({ kind: 'organization', accountIdentifier: account, searchTerm: '%' })).total).toBe(0)
    })

    it('updates what describes a scope from the version read, and refuses a stale or missing one', async () => {
      const store = getStore()
      const account = await makeAccount({ org1: ['proj1'] })
      const scope: Scope = { accountIdentifier: account, orgIdentifier: 'org1', projectIdentifier: 'proj1' }
      const current = (await store.getScope(scope))!
      const edited = {
        ...current,
        name: 'Renamed',
        description: 'New words',
        tags: { team: 'a' },
        color: '#123456',
        lastModifiedAt: AT + 5,
      }
      const updated = await store.updateScope(edited, 1)
      expect(updated).toMatchObject({
        ok: true,
        record: { name: 'Renamed', version: 2, createdAt: AT, lastModifiedAt: AT + 5 },
      })
      expect(await store.getScope(scope)).toMatchObject({
        name: 'Renamed',
        description: 'New words',
        tags: { team: 'a' },
        color: '#123456',
        version: 2,
      })
      const before = await store.changeCount()
      expect(await store.updateScope({ ...edited, name: 'Stale' }, 1)).toMatchObject({ ok: false, refusal: 'conflict' })
      expect(await store.changeCount()).toBe(before)
      expect((await store.getScope(scope))?.name).toBe('Renamed')
      // Searches see the new name.
      expect((await list({ kind: 'project', accountIdentifier: account, searchTerm: 'renamed' })).total).toBe(1)
      const missing = { ...edited, key: `${account}/org1/gone` }
      expect(await store.updateScope(missing, 1)).toMatchObject({ ok: false, refusal: 'not-found' })
      expect(await store.getScope({ ...scope, projectIdentifier: 'gone' })).toBeUndefined()
    })

    it('deletes from the version read, and refuses a stale one', async () => {
      const store = getStore()
      const account = await makeAccount({ org1: ['proj1'] })
      const scope: Scope = { accountIdentifier: account, orgIdentifier: 'org1', projectIdentifier: 'proj1' }
      expect(await store.deleteScope(scope, 7)).toMatchObject({ ok: false, refusal: 'conflict' })
      expect(await store.scopeExists(scope)).toBe(true)
      expect(await store.deleteScope(scope, 1)).toEqual({ ok: true })
      expect(await store.scopeExists(scope)).toBe(false)
      expect(await store.deleteScope(scope)).toMatchObject({ ok: false, refusal: 'not-found' })
      expect((await list({ kind: 'project', accountIdentifier: account })).total).toBe(0)
    })

    it('deletes a project’s role bindings with it, each with its event, so a project made again starts with no one’s roles', async () => {
      const store = getStore()
      const account = await makeAccount({ org1: ['proj1', 'proj2'] })
      const scope: Scope = { accountIdentifier: account, orgIdentifier: 'org1', projectIdentifier: 'proj1' }
      const neighbour: Scope = { ...scope, projectIdentifier: 'proj2' }
      const bind = (at: Scope, identifier: string, user: string) =>
        store.createRoleAssignment(
          roleAssignmentRecord(
            at,
            {
              identifier,
              roleIdentifier: '_project_admin',
              resourceGroupIdentifier: '_all_project_level_resources',
              principal: { type: 'USER', identifier: user },
            },
            1,
          ),
        )
      expect((await bind(scope, 'ra_ana', 'u_ana')).ok).toBe(true)
      expect((await bind(scope, 'ra_ben', 'u_ben')).ok).toBe(true)
      expect((await bind(neighbour, 'ra_ana_2', 'u_ana')).ok).toBe(true)
      const changes: StoreChange[] = []
      const describer = (change: StoreChange): AuditDraft => {
        changes.push(change)
        return {
          time: 1,
          actor: { type: 'USER', identifier: 'u_admin', name: 'Admin' },
          action: 'DELETE',
          resourceType: change.resource,
          resourceIdentifier: change.identifier,
          scopeKey: change.scopeKey,
          outcome: 'SUCCESS',
          clientAddress: '127.0.0.1',
          summary: 'Deleted',
        }
      }
      expect(await store.deleteScope(scope, 1, describer)).toEqual({ ok: true })
      expect(changes.map((change) => `${change.resource} ${change.identifier}`).sort()).toEqual([
        'roleAssignment ra_ana',
        'roleAssignment ra_ben',
        'scope proj1',
      ])
      expect(await store.createScope(scopeRecord(scope, { name: 'Again' }, TIMES))).toMatchObject({ ok: true })
      expect((await store.listRoleAssignments(scope, { pageIndex: 0, pageSize: 10 })).total).toBe(0)
      expect((await store.listRoleAssignments(neighbour, { pageIndex: 0, pageSize: 10 })).total).toBe(1)
    })
  })
}
