// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { cookieOf, get, PASSWORD, post, setUp, START, withSignInServer } from '../../test/sign-in-server'

/** The ordinary ways through: cookies, the session endpoint, invitations, the API key. */

const { start } = withSignInServer()

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, and Secure only over HTTPS', async () => {
    const world = await start()
    const { response } = await setUp(world)
    const header = response.headers.getSetCookie()[0]!
    expect(header).toMatch(/^connectors_session=[\w-]{43}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=604800$/)
    expect(await response.json()).toMatchObject({
      status: 'SUCCESS',
      data: { signedIn: true, user: { email: 'Ana@Example.com', name: 'Ana Admin', identifier: expect.any(String) } },
    })
    // The body names the user, never the token.
    expect(JSON.stringify(await (await get(world.base, '/api/auth/session', cookieOf(response))).json())).not.toContain(
      cookieOf(response).split('=')[1],
    )
  })

  it('writes last_seen at most once a minute', async () => {
    const world = await start()
    const { cookie } = await setUp(world)
    const lastSeen = async () =>
      Number((await world.client.query<{ last_seen_at: number }>('SELECT last_seen_at FROM sessions'))[0]!.last_seen_at)
    world.clock.now += 30_000
    await get(world.base, '/ng/api/connectors', cookie)
    expect(await lastSeen()).toBe(START)
    world.clock.now += 31_000
    await get(world.base, '/ng/api/connectors', cookie)
    expect(await lastSeen()).toBe(START + 61_000)
  })
})

describe('signing in', () => {
  it('takes any case of the email, and GET /api/auth/session says who is signed in', async () => {
    const world = await start()
    await setUp(world)
    const response = await post(world.base, '/api/auth/sign-in', { email: ' ANA@example.COM ', password: PASSWORD })
    expect(response.status).toBe(200)
    const session = await (await get(world.base, '/api/auth/session', cookieOf(response))).json()
    expect(session).toMatchObject({ data: { signedIn: true, user: { name: 'Ana Admin' } } })
    expect(await (await get(world.base, '/api/auth/session')).json()).toMatchObject({
      data: { signedIn: false, setupRequired: false },
    })
  })

  it('spends as long on an unknown email as on a wrong password (a dummy hash is verified)', async () => {
    const world = await start()
    await setUp(world)
    const time = async (email: string) => {
      const began = performance.now()
      await world.signIn.service.signIn(email, 'not the password', `timing-${email}`, '').catch(() => undefined)
      return performance.now() - began
    }
    await time('warm-up@example.com')
    const unknown: number[] = []
    const wrong: number[] = []
    for (let i = 0; i < 4; i++) {
      unknown.push(await time('nobody@example.com'))
      wrong.push(await time('ana@example.com'))
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!
    // argon2id at these parameters costs ~15 ms; a lookup without it, well under 2.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4)
  })

  it('refuses a short password at setup, in words', async () => {
    const world = await start()
    const token = new URL((await world.signIn.setupLink(world.base))!).searchParams.get('token')!
    const response = await post(world.base, '/api/auth/setup', {
      token,
      name: 'Ana',
      email: 'ana@example.com',
      password: 'short',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ message: 'The password must be at least 12 characters long.' })
  })
})

describe('without a session', () => {
  it('an API request is refused (401) unless it has the configured API key', async () => {
    const world = await start({ apiKey: 'a-long-enough-api-key' })
    await setUp(world)
    const refused = await get(world.base, '/ng/api/connectors')
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'Sign in to use this server.' })
    const withKey = await fetch(`${world.base}/ng/api/connectors`, {
      headers: { 'x-api-key': 'a-long-enough-api-key' },
    })
    expect(withKey.status).toBe(200)
    const wrongKey = await fetch(`${world.base}/ng/api/connectors`, { headers: { 'x-api-key': 'not-the-key-at-all' } })
    expect(wrongKey.status).toBe(401)
  })
})

describe('an invitation', () => {
  it('lets the invited person set their name and password once, and signs them in', async () => {
    const world = await start()
    await setUp(world)
    const { token, userIdentifier } = await world.signIn.service.createInvite('bo@example.com')
    // Invited, not yet accepted: the user exists (for role bindings) and nobody can sign in as them.
    const early = await post(world.base, '/api/auth/sign-in', { email: 'bo@example.com', password: '' })
    expect(early.status).toBe(401)
    await expect(world.signIn.service.createInvite('BO@example.com')).rejects.toMatchObject({
      code: 'USER_ALREADY_ADDED',
    })
    const accepted = await post(world.base, '/api/auth/invites/accept', { token, name: 'Bo', password: PASSWORD })
    expect(accepted.status).toBe(200)
    expect(await accepted.json()).toMatchObject({
      data: { user: { identifier: userIdentifier, email: 'bo@example.com', name: 'Bo' } },
    })
    expect((await get(world.base, '/ng/api/connectors', cookieOf(accepted))).status).toBe(200)
    const again = await post(world.base, '/api/auth/invites/accept', { token, name: 'Eve', password: PASSWORD })
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ code: 'INVITE_LINK_INVALID' })
  })
})
