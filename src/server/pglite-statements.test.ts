// @vitest-environment node
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pgliteStatements } from './pglite-statements'

/** The prepared-statement path answers exactly what `PGlite.query` answers, errors included. */

let db: PGlite
let statements: ReturnType<typeof pgliteStatements>

beforeAll(async () => {
  db = await PGlite.create()
  statements = pgliteStatements(db)
  await db.exec(`
    CREATE TABLE things (id text PRIMARY KEY, n bigint NOT NULL, doc jsonb, seen timestamptz, ok boolean, tags text[]);
  `)
})

afterAll(() => db.close())

describe('PGlite prepared statements', () => {
  it('answers the same rows and values as PGlite.query, parameters serialized by their inferred types', async () => {
    const insert =
      'INSERT INTO things (id, n, doc, seen, ok, tags) VALUES ($1, $2, $3::text::jsonb, $4, $5, $6) RETURNING *'
    const params = [
      'a',
      9_007_199_254,
      JSON.stringify({ url: 'https://x', list: [1, 2] }),
      new Date(0),
      true,
      ['p', 'q'],
    ]
    const ours = await statements.query(insert, params, false)
    const theirs = await db.query('SELECT * FROM things WHERE id = $1', ['a'])
    expect(ours).toEqual(theirs.rows)
    expect(ours[0]).toMatchObject({
      n: 9_007_199_254,
      doc: { url: 'https://x', list: [1, 2] },
      ok: true,
      tags: ['p', 'q'],
    })

    // The second run of a text binds its named statement again: same answer, nulls included.
    await statements.query(insert, ['b', 2, null, null, null, null], false)
    const read = 'SELECT id, n, doc, ok FROM things WHERE n >= $1 ORDER BY id'
    expect(await statements.query(read, [2], false)).toEqual((await db.query(read, [2])).rows)
    expect(await statements.query(read, [3], false)).toEqual([expect.objectContaining({ id: 'a' })])
  })

  it('passes PostgreSQL’s error on (with its code) and keeps working after it', async () => {
    await expect(statements.query('SELEC 1', [], false)).rejects.toThrow(/syntax error/)
    await expect(statements.query('INSERT INTO things (id, n) VALUES ($1, $2)', ['a', 1], false)).rejects.toMatchObject(
      { code: '23505' },
    )
    // The same text failing at Bind (a value of the wrong type) and then succeeding.
    const byNumber = 'SELECT id FROM things WHERE n = $1'
    await expect(statements.query(byNumber, ['not a number'], false)).rejects.toThrow(/invalid input syntax/)
    expect(await statements.query(byNumber, [2], false)).toEqual([{ id: 'b' }])
    expect(await db.query('SELECT 1 AS one')).toMatchObject({ rows: [{ one: 1 }] })
  })

  it('waits for a transaction that is running, and a rolled-back transaction leaves its statements usable', async () => {
    const count = 'SELECT count(*)::int AS n FROM things WHERE id LIKE $1'
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const transaction = db.transaction(async () => {
      await statements.query('INSERT INTO things (id, n) VALUES ($1, $2)', ['tx-1', 1], true)
      await held
      await statements.query(count, ['tx-%'], true)
      throw new Error('roll back')
    })
    // Outside the transaction: queued behind it, so it sees the state after the rollback.
    const outside = statements.query<{ n: number }>(count, ['tx-%'], false)
    release()
    await expect(transaction).rejects.toThrow('roll back')
    expect(await outside).toEqual([{ n: 0 }])
    expect(await statements.query(count, ['tx-%'], false)).toEqual([{ n: 0 }])
    expect(
      await statements.query('INSERT INTO things (id, n) VALUES ($1, $2) RETURNING id', ['tx-2', 1], false),
    ).toEqual([{ id: 'tx-2' }])
  })

  it('keeps at most 64 statements, closing the least recently used, and answers alike after', async () => {
    const prepared = 'SELECT count(*)::int AS n FROM pg_prepared_statements'
    for (let n = 0; n < 100; n++) {
      expect(await statements.query(`SELECT $1::int + ${n} AS sum`, [1], false)).toEqual([{ sum: n + 1 }])
    }
    expect(await statements.query<{ n: number }>(prepared, [], false)).toEqual([{ n: 64 }])
    // The oldest texts were closed; asked again, they are prepared again.
    expect(await statements.query('SELECT $1::int + 0 AS sum', [5], false)).toEqual([{ sum: 5 }])
    expect(await statements.query<{ n: number }>(prepared, [], false)).toEqual([{ n: 64 }])
  })

  it('ends the statement’s implicit transaction when a value cannot be sent', async () => {
    // A new text: its Parse (which locks `things` until its transaction ends) is sent, then the
    // value fails to serialize, before any Sync.
    await expect(
      statements.query('SELECT $1::boolean AS yes FROM things', [{ not: 'a boolean' }], false),
    ).rejects.toThrow(/boolean/)
    // A transaction left open would run the next statement too, and still hold that lock.
    const locks = await db.query(`SELECT mode FROM pg_locks WHERE relation = 'things'::regclass`)
    expect(locks.rows).toEqual([])
  })

  it('refuses a query on a closed database in words, as PGlite.query does', async () => {
    const closed = await PGlite.create()
    await closed.close()
    await expect(pgliteStatements(closed).query('SELECT 1', [], false)).rejects.toThrow(/closed/)
  })
})
