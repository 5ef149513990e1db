// @vitest-environment node
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { cookieOf, get, PASSWORD, post, setUp, withSignInServer } from '../../test/sign-in-server'

/** The attacks first: what a thief, a guesser or a reader of the database gets. */

const HOUR = 3_600_000
const { start } = withSignInServer()

describe('before anyone exists', () => {
  it('every API request is refused with SETUP_REQUIRED, in words', async () => {
    const world = await start()
    const response = await get(world.base, '/ng/api/connectors')
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({
      status: 'ERROR',
      code: 'SETUP_REQUIRED',
      message: "No administrator exists yet. Open the setup link printed on the server's console to create one.",
    })
    expect(await (await get(world.base, '/api/auth/session')).json()).toMatchObject({
      data: { signedIn: false, setupRequired: true },
    })
  })

  it('the setup link works once', async () => {
    const world = await start()
    const { response, token } = await setUp(world)
    expect(response.status).toBe(200)
    expect(world.firstAdmins.map((user) => user.email)).toEqual(['Ana@Example.com'])
    const again = await post(world.base, '/api/auth/setup', {
      token,
      name: 'Eve',
      email: 'eve@example.com',
      password: PASSWORD,
    })
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ code: 'SETUP_LINK_INVALID' })
  })

  it('the setup link does not work after an hour, and a restart’s new link retires the old one', async () => {
    const world = await start()
    const first = new URL((await world.signIn.setupLink(world.base))!).searchParams.get('token')!
    world.clock.now += HOUR
    const late = await post(world.base, '/api/auth/setup', {
      token: first,
      name: 'Ana',
      email: 'ana@example.com',
      password: PASSWORD,
    })
    expect(late.status).toBe(400)
    world.clock.now -= HOUR / 2
    // Within the hour, but the server restarted and printed a new link.
    const second = new URL((await world.signIn.setupLink(world.base))!).searchParams.get('token')!
    const old = await post(world.base, '/api/auth/setup', {
      token: first,
      name: 'Ana',
      email: 'ana@example.com',
      password: PASSWORD,
    })
    expect(old.status).toBe(400)
    expect(second).not.toBe(first)
  })
})

describe('a stolen session cookie', () => {
  it('stops working after Sign out of all sessions, from another browser', async () => {
    const world = await start()
    const { cookie: ours } = await setUp(world)
    const stolen = cookieOf(
      await post(world.base, '/api/auth/sign-in', { email: 'ana@example.com', password: PASSWORD }),
    )
    expect((await get(world.base, '/ng/api/connectors', stolen)).status).toBe(200)

    const out = await post(world.base, '/api/auth/sign-out-everywhere', undefined, ours)
    expect(out.status).toBe(200)
    for (const cookie of [stolen, ours]) {
      const refused = await get(world.base, '/ng/api/connectors', cookie)
      expect(refused.status).toBe(401)
      expect(await refused.json()).toMatchObject({ code: 'SESSION_EXPIRED', message: expect.stringMatching(/Sign in/) })
    }
  })

  it('stops working after Sign out', async () => {
    const world = await start()
    const { cookie } = await setUp(world)
    expect((await post(world.base, '/api/auth/sign-out', undefined, cookie)).status).toBe(200)
    expect((await get(world.base, '/ng/api/connectors', cookie)).status).toBe(401)
  })

  it('expires after 24 hours unused (401 SESSION_EXPIRED) and after 7 days however used', async () => {
    const world = await start()
    const { cookie } = await setUp(world)
    world.clock.now += 24 * HOUR
    const idle = await get(world.base, '/ng/api/connectors', cookie)
    expect(idle.status).toBe(401)
    expect(await idle.json()).toMatchObject({ code: 'SESSION_EXPIRED' })

    const fresh = cookieOf(
      await post(world.base, '/api/auth/sign-in', { email: 'ana@example.com', password: PASSWORD }),
    )
    for (let hour = 12; hour < 7 * 24; hour += 12) {
      world.clock.now += 12 * HOUR
      expect((await get(world.base, '/ng/api/connectors', fresh)).status).toBe(200)
    }
    world.clock.now += 12 * HOUR
    expect((await get(world.base, '/ng/api/connectors', fresh)).status).toBe(401)
  })
})

describe('the database', () => {
  it('keeps no session token in clear, and passwords as argon2id hashes', async () => {
    const world = await start()
    const { cookie } = await setUp(world)
    const token = cookie.split('=')[1]!
    const sessions = await world.client.query<{ token_hash: string }>('SELECT token_hash FROM sessions')
    expect(sessions).toHaveLength(1)
    expect(sessions[0]!.token_hash).not.toContain(token)
    expect(sessions[0]!.token_hash).toBe(createHash('sha256').update(token).digest('hex'))
    const everything = JSON.stringify(await world.client.query('SELECT * FROM sessions, users, sign_in_tokens'))
    expect(everything).not.toContain(token)
    expect(everything).not.toContain(PASSWORD)
    const users = await world.client.query<{ password_hash: string }>('SELECT password_hash FROM users')
    expect(users[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })
})

describe('guessing passwords', () => {
  it('answers the same for an unknown email and a wrong password', async () => {
    const world = await start()
    await setUp(world)
    const unknown = await post(world.base, '/api/auth/sign-in', { email: 'nobody@example.com', password: PASSWORD })
    const wrong = await post(world.base, '/api/auth/sign-in', {
      email: 'ana@example.com',
      password: 'not the password',
    })
    expect(unknown.status).toBe(401)
    expect(wrong.status).toBe(401)
    const [a, b] = [(await unknown.json()) as { message: string }, (await wrong.json()) as { message: string }]
    expect(a.message).toBe('The email or password is not right.')
    expect(b.message).toBe(a.message)
  })

  it('makes the 6th failed sign-in wait 1 s, then 2 s, even with the right password', async () => {
    const world = await start()
    await setUp(world)
    const attempt = (password: string) => post(world.base, '/api/auth/sign-in', { email: 'ana@example.com', password })
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong password ${i}`)).status).toBe(401)
    expect(world.waits).toEqual([])
    expect((await attempt('wrong password 6')).status).toBe(401)
    expect(world.waits).toEqual([1000])
    world.clock.now += 1000
    expect((await attempt(PASSWORD)).status).toBe(200)
    expect(world.waits).toEqual([1000, 2000])
  })

  it('counts failures per client address too, whatever emails are tried', async () => {
    const world = await start()
    await setUp(world)
    for (let i = 0; i < 6; i++)
      await post(world.base, '/api/auth/sign-in', { email: `user${i}@example.com`, password: 'guess guess guess' })
    expect(world.waits).toEqual([1000])
  })
})

describe('the origin check', () => {
  it('refuses a sign-in, a sign-out and a setup posted from a page of another origin (CSRF)', async () => {
    const world = await start()
    const { cookie } = await setUp(world)
    for (const path of ['/api/auth/sign-in', '/api/auth/sign-out-everywhere', '/api/auth/setup']) {
      const response = await fetch(`${world.base}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example', Cookie: cookie },
        body: '{}',
      })
      expect(response.status).toBe(403)
    }
    expect((await get(world.base, '/ng/api/connectors', cookie)).status).toBe(200)
  })
})
