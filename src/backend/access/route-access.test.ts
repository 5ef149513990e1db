import { describe, expect, it } from 'vitest'
import { createInMemoryMockDataStore } from '../../demo-backend/mock-data-store'
import { apiRoutes } from '../create-api'
import type { DelegateDispatch } from '../delegate-dispatch'
import { SEED_ACCOUNT } from '../seed-data'
import { demoAuthentication } from './demo-principals'
import { ROUTE_ACCESS, routeAccess } from './route-access'

/** Every route there is: the demo's own endpoints and the real delegates' ones included. */
function everyRoute() {
  const dispatch = new Proxy({}, { get: () => () => Promise.resolve(undefined) }) as DelegateDispatch
  return apiRoutes({
    store: createInMemoryMockDataStore(),
    authenticate: demoAuthentication(SEED_ACCOUNT),
    simulatedWorld: true,
    dispatch,
  })
}

describe('the table of what each route needs', () => {
  it('has an entry for every route of the router, and no entry without its route', () => {
    const routes = everyRoute()
    const declared = new Set(routes.map((route) => `${route.method} ${route.path}`))
    expect(routes.length).toBeGreaterThan(30)
    for (const route of routes) {
      expect(route.access, `${route.method} ${route.path}`).toBe(ROUTE_ACCESS[`${route.method} ${route.path}`])
    }
    expect(Object.keys(ROUTE_ACCESS).filter((key) => !declared.has(key))).toEqual([])
  })

  it('refuses to build a route that names no rule', () => {
    expect(() => routeAccess('PATCH', '/ng/api/connectors')).toThrow(/No access rule for PATCH \/ng\/api\/connectors/)
  })

  it('lets no write through on "signed in" alone: every write names a permission', () => {
    const writes = everyRoute().filter((route) => route.method !== 'GET' && 'signedIn' in route.access)
    // The ACL check is a POST that reads: it answers about the caller only.
    expect(writes.map((route) => `${route.method} ${route.path}`)).toEqual(['POST /authz/api/acl'])
    expect(everyRoute().filter((route) => 'open' in route.access && route.method !== 'GET')).toEqual([])
  })
})
