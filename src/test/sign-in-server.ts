// Test support for the sign-in tests: one real PGlite database for a file, a sign-in over it with
// a clock the test moves, and a real server on a loopback port.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { createSignIn } from '../server/sign-in/sign-in'
import type { SignedInUser } from '../server/sign-in/sign-in-service'
import { createThrottle } from '../server/sign-in/throttle'
import { openPgliteClient, type SqlClient } from '../server/sql-client'
import { migrate } from '../server/sql-migrations'
import { withTestServerApp } from './server-app'

export const START = Date.parse('2026-12-06T12:00:00Z')
export const PASSWORD = 'correct horse battery'

export function withSignInServer() {
  const servers = withTestServerApp()
  let dir = ''
  let client: SqlClient
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sign-in-'))
    client = await openPgliteClient(join(dir, 'pglite'))
    await migrate(client)
  }, 60_000)
  afterAll(async () => {
    await client?.close()
    await rm(dir, { recursive: true, force: true })
  })

  /** A fresh world: no users, no sessions, the clock at START, a throttle that records its waits. */
  async function start(options: { apiKey?: string; publicOrigin?: string } = {}) {
    await client.query('DELETE FROM sessions')
    await client.query('DELETE FROM users')
    await client.query('DELETE FROM sign_in_tokens')
    const clock = { now: START }
    const waits: number[] = []
    const firstAdmins: SignedInUser[] = []
    const signIn = createSignIn({
      client,
      accountIdentifier: 'acme',
      idleHours: 24,
      maxDays: 7,
      secureCookie: false,
      now: () => clock.now,
      throttle: createThrottle({
        now: () => clock.now,
        sleep: (ms) => {
          waits.push(ms)
          return Promise.resolve()
        },
      }),
      onFirstAdmin: (user) => {
        firstAdmins.push(user)
      },
    })
    const { base } = await servers.start({ signIn, ...options })
    return { base, signIn, clock, waits, firstAdmins, client }
  }

  return { start, client: () => client }
}

export async function post(base: string, path: string, body?: unknown, cookie?: string): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: body === undefined ? '' : JSON.stringify(body),
  })
}

export async function get(base: string, path: string, cookie?: string): Promise<Response> {
  return fetch(`${base}${path}`, { headers: cookie ? { Cookie: cookie } : {} })
}

/** `connectors_session=…` from a sign-in's Set-Cookie, as the browser would send it back. */
export function cookieOf(response: Response): string {
  const header = response.headers.getSetCookie().find((value) => value.startsWith('connectors_session='))
  if (!header) throw new Error('no session cookie was set')
  return header.split(';')[0]!
}

/** Runs setup with the link's token: the first administrator, signed in. */
export async function setUp(world: Awaited<ReturnType<ReturnType<typeof withSignInServer>['start']>>) {
  const link = await world.signIn.setupLink(world.base)
  const token = new URL(link!).searchParams.get('token')!
  const response = await post(world.base, '/api/auth/setup', {
    token,
    accountName: 'Acme',
    name: 'Ana Admin',
    email: 'Ana@Example.com',
    password: PASSWORD,
  })
  return { response, token, cookie: cookieOf(response) }
}
