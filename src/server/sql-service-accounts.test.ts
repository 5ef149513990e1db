// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPgliteClient, type SqlClient } from './sql-client'
import { migrate } from './sql-migrations'
import { principalForToken, sqlServiceAccounts } from './sql-service-accounts'

const DAY = 24 * 60 * 60 * 1000
const NOW = Date.parse('2026-12-06T12:00:00Z')
let dir = ''
let client: SqlClient

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'service-accounts-'))
  client = await openPgliteClient(join(dir, 'pglite'))
  await migrate(client)
}, 60_000)

afterAll(async () => {
  await client?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('a service account token', () => {
  it('signs in as its service account only between validFrom and validTo, and is kept only as a hash', async () => {
    const accounts = sqlServiceAccounts(client)
    const base = { accountIdentifier: 'acme', serviceAccount: 'ci_bot' }
    expect(
      await accounts.create({
        accountIdentifier: 'acme',
        identifier: 'ci_bot',
        scopeKey: 'acme//',
        name: 'CI bot',
        email: 'ci_bot@service.harness.io',
        description: '',
        tags: {},
        createdAt: NOW,
      }),
    ).toBe(true)
    // The identifier is the account's: a second one anywhere in it is refused.
    expect(
      await accounts.create({
        accountIdentifier: 'acme',
        identifier: 'ci_bot',
        scopeKey: 'acme/default/',
        name: 'Other',
        email: '',
        description: '',
        tags: {},
        createdAt: NOW,
      }),
    ).toBe(false)
    await accounts.createKey({
      ...base,
      identifier: 'k',
      name: 'k',
      description: '',
      defaultTimeToExpireToken: DAY,
      createdAt: NOW,
    })
    const value = await accounts.createToken({
      ...base,
      apiKey: 'k',
      identifier: 't',
      name: 't',
      createdAt: NOW,
      validFrom: NOW,
      validTo: NOW + DAY,
    })
    expect(value).toMatch(/^sat\.acme\.t\./)
    expect(await principalForToken(client, value!, NOW + 1)).toMatchObject({
      type: 'SERVICE_ACCOUNT',
      identifier: 'ci_bot',
      accountIdentifier: 'acme',
    })
    expect(await principalForToken(client, value!, NOW - 1)).toBe('expired')
    expect(await principalForToken(client, value!, NOW + DAY)).toBe('expired')
    expect(await principalForToken(client, `${value}x`, NOW + 1)).toBe('unknown')
    expect(await principalForToken(client, 'not-a-token', NOW + 1)).toBe('unknown')
    const stored = await client.query('SELECT * FROM api_tokens')
    expect(JSON.stringify(stored)).not.toContain(value!.split('.').at(-1))

    // Removing the key removes its tokens.
    expect(await accounts.removeKey('acme', 'ci_bot', 'k')).toBe(true)
    expect(await principalForToken(client, value!, NOW + 1)).toBe('unknown')
  })
})
