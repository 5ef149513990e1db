// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { startOidcProvider, type TestProvider, walkSignIn } from '../../test/oidc-provider-fixture'
import { get, withSignInServer } from '../../test/sign-in-server'
import { createOidc } from './oidc'
import { parseRoleMap, type RoleGrant } from './oidc-role-map'
import type { SignedInUser } from './sign-in-service'

/** Single sign-on against a real provider (oidc-provider) on 127.0.0.1: code flow with PKCE. */

const { start } = withSignInServer()
let provider: TestProvider | undefined

afterEach(async () => {
  await provider?.stop()
  provider = undefined
})

const ROLE_MAP = parseRoleMap(`
platform = Account Admin @ account
payments = Project Admin @ org/default/project/payments
`)

async function withProvider() {
  const world = await start()
  provider = await startOidcProvider({
    redirectUri: `${world.base}/api/auth/oidc/callback`,
    groups: { ana: ['platform', 'payments'], bo: ['elsewhere'] },
  })
  const signIns: { user: SignedInUser; groups: string[]; grants: RoleGrant[] }[] = []
  world.signIn.useOidc(
    await createOidc({
      issuer: provider.issuer,
      clientId: 'arc',
      clientSecret: 'arc-secret',
      groupsClaim: 'groups',
      roleMap: ROLE_MAP,
      publicBase: () => world.base,
      service: world.signIn.service,
      secureCookie: false,
      onSignIn: (user, details) => {
        signIns.push({ user, ...details })
      },
    }),
  )
  return { ...world, signIns }
}

describe('single sign-on', () => {
  it('creates the user on the first sign-in, signs them in, and returns them to the page they wanted', async () => {
    const world = await withProvider()
    const wanted = '/account/acme/orgs/default/projects/payments/connectors'
    const { response, jar } = await walkSignIn(
      `${world.base}/api/auth/oidc/start?returnTo=${encodeURIComponent(wanted)}`,
      'ana',
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(wanted)
    const session = jar.get('connectors_session')
    expect(session).toBeDefined()
    const who = await (await get(world.base, '/api/auth/session', `connectors_session=${session}`)).json()
    expect(who).toMatchObject({ data: { signedIn: true, user: { email: 'ana@example.test', name: 'Ana' } } })
    // Groups → grants, for the core to apply.
    expect(world.signIns[0]!.groups).toEqual(['platform', 'payments'])
    expect(world.signIns[0]!.grants.map((grant) => grant.role)).toEqual(['Account Admin', 'Project Admin'])
    const users = await world.client.query<{ password_hash: string | null }>(
      `SELECT password_hash FROM users WHERE email = 'ana@example.test'`,
    )
    expect(users).toEqual([{ password_hash: null }])
  }, 30_000)

  it('gives no grant to a user whose groups the role map does not name, and refuses a return to another site', async () => {
    const world = await withProvider()
    const { response } = await walkSignIn(`${world.base}/api/auth/oidc/start?returnTo=//evil.example/`, 'bo')
    expect(response.headers.get('location')).toBe('/')
    expect(world.signIns[0]!.grants).toEqual([])
  }, 30_000)

  it('refuses a callback without the flow cookie (a forged or replayed callback)', async () => {
    const world = await withProvider()
    const response = await fetch(`${world.base}/api/auth/oidc/callback?code=stolen&state=guessed`, {
      redirect: 'manual',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/?signInError=SSO_EXPIRED')
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('connectors_session='))).toBe(false)
  }, 30_000)
})
