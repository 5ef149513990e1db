import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectorRecord } from '../backend/records'
import { server as mockServiceWorker } from '../demo-backend/node-mock-backend'
import type { Scope } from '../lib/scope'
import { startDelegateTestServer, type DelegateTestServer } from '../test/delegate-server'
import { PAYMENTS_QUERY, paymentsDockerConnector } from '../test/payments-bodies'
import { openPgliteClient, type SqlQueryable } from './sql-client'
import { listConnectors } from './sql-connector-list'
import { migrate, MIGRATIONS } from './sql-migrations'

/**
 * The hostile requests of issue 17 against the real server on PGlite: each is refused in words
 * (never a 500, nothing stored), or bounded. Order, not the clock: a list sent while a hostile
 * request is in flight is answered, and the hostile one is refused at once.
 */

const PAYMENTS: Scope = { accountIdentifier: 'acme', orgIdentifier: 'default', projectIdentifier: 'payments' }

let server: DelegateTestServer

beforeAll(async () => {
  mockServiceWorker.close()
  server = await startDelegateTestServer()
}, 60_000)

afterAll(async () => {
  await server?.close()
})

async function send(method: string, path: string, body: string, contentType = 'application/json') {
  const response = await server.fetch(`${path}${path.includes('?') ? '&' : '?'}${PAYMENTS_QUERY}`, {
    method,
    headers: { 'Content-Type': contentType, Accept: 'application/json' },
    body,
  })
  const text = await response.text()
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text }
}

const list = (body: unknown, query = '') =>
  send('POST', `/ng/api/connectors/listV2${query ? `?${query}` : ''}`, JSON.stringify(body))

function fieldErrors(answer: { body: Record<string, unknown> }): Record<string, string> {
  const errors = (answer.body.errors ?? []) as { fieldId: string; error: string }[]
  return Object.fromEntries(errors.map((entry) => [entry.fieldId, entry.error]))
}

describe('hostile input on the real server', () => {
  it('refuses a NUL character at its field, in a connector, a tag, a search and a pipeline, storing nothing', async () => {
    const connector = paymentsDockerConnector('nul_attempt', 'https://registry.example')
    const described = await send(
      'POST',
      '/ng/api/connectors',
      JSON.stringify({ connector: { ...connector, description: 'before\u0000after' } }),
    )
    expect(described.status).toBe(400)
    expect(fieldErrors(described)).toEqual({
      description: 'description contains a NUL character (\\u0000), which cannot be stored: remove it.',
    })
    const tagged = await send(
      'POST',
      '/ng/api/connectors',
      JSON.stringify({ connector: { ...connector, tags: { team: 'a\u0000b' } } }),
    )
    expect(tagged.status).toBe(400)
    expect(fieldErrors(tagged).tags).toMatch(/^The tag team contains a NUL character/)
    expect(await server.store.getConnector(PAYMENTS, 'nul_attempt')).toBeUndefined()

    const searched = await list({ filterType: 'Connector' }, `searchTerm=${encodeURIComponent('doc\u0000ker')}`)
    expect(searched.status).toBe(400)
    expect(fieldErrors(searched).searchTerm).toMatch(/^The search contains a NUL character/)

    const pipeline = await send(
      'POST',
      '/pipeline/api/pipelines',
      'pipeline:\n  name: Nul\n  identifier: nul\n  description: "a\\0b"\n',
      'application/yaml',
    )
    expect(pipeline.status).toBe(400)
    expect(pipeline.text).toContain('contains a NUL character')
  })

  it('refuses a body in another charset than UTF-8 with 415', async () => {
    const answer = await send('POST', '/ng/api/connectors/listV2', '{}', 'application/json; charset=utf-16')
    expect(answer.status).toBe(415)
    expect(answer.body.message).toBe('The request body must be UTF-8 (charset=utf-8), not utf-16.')
    expect((await send('POST', '/ng/api/connectors/listV2', '{}', 'application/json; charset=UTF-8')).status).toBe(200)
  })

  it('refuses a tag filter of 60,000 tags unread, and more than 20 with words', async () => {
    const huge = Array.from({ length: 60_000 }, (_, index) => `t${index}`)
    // Its 700 KB are not even read: a filter body is a few hundred bytes.
    const answer = await list({ filterType: 'Connector', tags: huge })
    expect(answer.status).toBe(413)
    expect(answer.body.message).toBe('The request body is larger than 65536 bytes.')
    const many = await list({ filterType: 'Connector', tags: huge.slice(0, 500) })
    expect(many.status).toBe(400)
    expect(fieldErrors(many).tags).toBe('At most 20 tags can filter the list (now 500).')
    expect((await list({ filterType: 'Connector', tags: huge.slice(0, 21) })).status).toBe(400)
    expect((await list({ filterType: 'Connector', tags: huge.slice(0, 20) })).status).toBe(200)
    const long = await list({}, `searchTerm=${'x'.repeat(101)}`)
    expect(fieldErrors(long).searchTerm).toBe('A search can be at most 100 characters (now 101).')
  })

  it('lists with one statement text for any number and shape of tags', async () => {
    const texts = new Set<string>()
    const spy: SqlQueryable = {
      query: (sql, params) => {
        texts.add(sql)
        return server.store.client.query(sql, params)
      },
    }
    for (let count = 1; count <= 20; count += 1) {
      const tags = Array.from({ length: count }, (_, index) =>
        index % 2 ? { key: `k${index}`, value: `v${index}` } : { key: `k${index}` },
      )
      await listConnectors(spy, PAYMENTS, { searchTerm: '', tags, pageIndex: 0, pageSize: 50 })
      await listConnectors(spy, PAYMENTS, { searchTerm: 'x', tags, types: ['Nexus'], pageIndex: 0, pageSize: 50 })
    }
    // Two shapes of filter (tags; tags, type and search): two texts, whatever the tags.
    expect(texts.size).toBe(2)
  })

  it('counts a search up to 1,000 and says there are more; the pages go on past it', async () => {
    const totalOf = async () =>
      ((await list({ filterType: 'Connector' }, 'pageSize=1')).body.data as { totalItems: number }).totalItems
    const before = await totalOf()
    const now = Date.now()
    for (let index = 0; index < 1_010; index += 1) {
      const connector = paymentsDockerConnector(`bulk_${index}`, `https://registry${index}.bulk.example`, {
        name: `Bulk ${index}`,
      })
      const created = await server.store.createConnector(
        connectorRecord(PAYMENTS, connector, { createdAt: now + index, lastModifiedAt: now + index }),
      )
      expect(created.ok).toBe(true)
    }
    const first = await list({ filterType: 'Connector' }, 'searchTerm=bulk&pageSize=50')
    expect(first.status).toBe(200)
    expect(first.body.metaData).toEqual({ totalIsLowerBound: true })
    expect(first.body.data).toMatchObject({ totalItems: 1_000, totalIsLowerBound: true })
    const last = await list({ filterType: 'Connector' }, 'searchTerm=bulk&pageSize=50&pageIndex=20')
    expect((last.body.data as { content: unknown[] }).content).toHaveLength(10)
    // Unfiltered, the kept count is exact and free.
    const all = await list({ filterType: 'Connector' }, 'pageSize=1')
    expect(all.body.data).not.toHaveProperty('totalIsLowerBound')
    expect((all.body.data as { totalItems: number }).totalItems).toBe(before + 1_010)
  }, 120_000)

  it('refuses a pipeline YAML of 20,000 keys at once, and a list sent meanwhile is answered', async () => {
    const keys = Array.from({ length: 20_000 }, (_, index) => `  key${index}: value`).join('\n')
    const yaml = `pipeline:\n  name: Hostile\n  identifier: hostile\n${keys}\n`
    const order: string[] = []
    const hostile = send('POST', '/pipeline/api/pipelines', yaml, 'application/yaml').then((answer) => {
      order.push('hostile')
      return answer
    })
    const listed = list({ filterType: 'Connector' }, 'pageSize=5').then((answer) => {
      order.push('list')
      return answer
    })
    const [refused, answered] = await Promise.all([hostile, listed])
    expect(answered.status).toBe(200)
    expect(refused.status).toBe(400)
    expect(refused.text).toMatch(/Invalid YAML at line \d+: A pipeline can have at most 5,000 keys and list items/)
    expect(order).toHaveLength(2)
    // One of 1 MiB is not even read: a pipeline's YAML is far smaller.
    const huge = await send('POST', '/pipeline/api/pipelines', `${yaml}${'#'.repeat(600 * 1024)}\n`, 'application/yaml')
    expect(huge.status).toBe(413)
    expect(huge.body.message).toBe('The request body is larger than 524288 bytes.')
  })
})

describe('the tag terms of connectors stored before migration 5', () => {
  it('are filled by the migration, so that the tag filter finds them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'migration-5-'))
    const client = await openPgliteClient(join(dir, 'pglite'))
    try {
      await migrate(
        client,
        MIGRATIONS.filter((migration) => migration.version < 5),
      )
      const connector = paymentsDockerConnector('old_one', 'https://registry.example')
      await client.query(
        `INSERT INTO connectors (scope_key, identifier, name, name_key, type, status, created_at, last_modified_at,
                                 version, search_text, connector, status_details)
         VALUES ('acme/default/payments', 'old_one', 'Old', 'old', 'DockerRegistry', 'UNKNOWN', 1, 1, 1, 'old',
                 $1::text::json, '{"status":"UNKNOWN"}'::jsonb)`,
        [JSON.stringify({ ...connector, tags: { Team: 'Payments', generated: '' } })],
      )
      // Migration 5 itself (later ones are not this test's business).
      expect(
        await migrate(
          client,
          MIGRATIONS.filter((migration) => migration.version <= 5),
        ),
      ).toEqual([5])
      const rows = await client.query<{ tag_terms: string[] }>('SELECT tag_terms FROM connectors')
      expect([...(rows[0]?.tag_terms ?? [])].sort()).toEqual(['generated', 'team', 'team:payments'])
      // Today's list reads today's columns: the rest of the migrations, as every start runs them.
      await migrate(client)
      const page = await listConnectors(client, PAYMENTS, {
        searchTerm: '',
        tags: [{ key: 'team', value: 'payments' }, { key: 'generated' }],
        pageIndex: 0,
        pageSize: 10,
      })
      expect(page.items.map((item) => item.connector.identifier)).toEqual(['old_one'])
    } finally {
      await client.close()
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
