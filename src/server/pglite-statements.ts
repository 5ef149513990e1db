import { type PGlite, parse, protocol } from '@electric-sql/pglite'

/**
 * Queries on PGlite as named prepared statements, in two calls into PostgreSQL instead of
 * `PGlite.query`'s six: Parse and Describe once per statement text, then Bind, Describe, Execute
 * and Sync together each time. PostgreSQL keeps each statement's plan, as it does for our
 * prepared statements on a PostgreSQL server (`openPostgresClient`). Parameters are serialized
 * by the types PostgreSQL inferred for them, with PGlite's own serializers, and rows are read by
 * PGlite's parsers: the answers are the same as `PGlite.query`'s.
 *
 * It runs under PGlite's own locks (the `_runExclusive…` methods its `query` uses), so it
 * interleaves with `PGlite.query` and transactions exactly as `query` does.
 */

const { serialize } = protocol

/**
 * Named statements kept at once. Each holds its parse tree and plan inside PGlite's WebAssembly
 * memory, which never shrinks (~0.1 MB apiece): the ones used least recently are closed beyond
 * this. The hot set (list pages, reads and writes of each table) is a few dozen texts; a list's
 * text also varies with its filters.
 */
const MOST_NAMED_STATEMENTS = 64

type Statement = { name: string; paramTypes: number[] }

function joined(messages: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(messages.reduce((sum, message) => sum + message.length, 0))
  let at = 0
  for (const message of messages) {
    out.set(message, at)
    at += message.length
  }
  return out
}

/** A value of a type PGlite has no serializer for (text, numbers): as `PGlite.query` sends it. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

export type PgliteStatements = {
  /** Runs one statement; `inTransaction` when called from inside `PGlite.transaction`. */
  query<T>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<T[]>
}

export function pgliteStatements(db: PGlite): PgliteStatements {
  /** By statement text, least recently used first (a Map keeps insertion order). */
  const statements = new Map<string, Statement>()
  let named = 0

  /** Sends `messages`; PostgreSQL's answers come back parsed, and an error answer throws. */
  const send = (messages: Uint8Array[], syncToFs = false) =>
    db.execProtocolStream(messages.length === 1 ? messages[0]! : joined(messages), { syncToFs })

  /** After an error PostgreSQL skips messages until a Sync, and a Sync also ends the implicit transaction. */
  const sync = () => db.execProtocolStream(serialize.sync(), { syncToFs: false, throwOnError: false })

  /** The statement for `sql`: Parse and Describe the first time (no Sync: the caller's run ends with one). */
  async function prepare(sql: string): Promise<Statement> {
    const known = statements.get(sql)
    if (known) {
      statements.delete(sql)
      statements.set(sql, known)
      return known
    }
    const messages: Uint8Array[] = []
    if (statements.size >= MOST_NAMED_STATEMENTS) {
      const [oldestText, oldest] = statements.entries().next().value!
      statements.delete(oldestText)
      messages.push(serialize.close({ type: 'S', name: oldest.name }))
    }
    const name = `s${++named}`
    messages.push(serialize.parse({ name, text: sql, types: [] }), serialize.describe({ type: 'S', name }))
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(await send(messages)) }
    statements.set(sql, statement)
    return statement
  }

  function valuesFor(statement: Statement, params: readonly unknown[]): (string | null)[] {
    return params.map((value, index) => {
      if (value === null || value === undefined) return null
      const type = statement.paramTypes[index]
      const serializer = type === undefined ? undefined : db.serializers[type]
      if (serializer) return serializer(value)
      return asText(value)
    })
  }

  async function run<T>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<T[]> {
    let values: (string | null)[]
    let statement: Statement
    try {
      statement = await prepare(sql)
      values = valuesFor(statement, params)
    } catch (error) {
      await sync()
      throw error
    }
    const messages = await send(
      [
        serialize.bind({ statement: statement.name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ],
      !inTransaction,
    )
    const [result] = parse.parseResults(messages, db.parsers)
    return (result?.rows ?? []) as T[]
  }

  return {
    async query(sql, params, inTransaction) {
      await db._checkReady()
      return inTransaction
        ? db._runExclusiveQuery(() => run(sql, params, true))
        : db._runExclusiveTransaction(() => db._runExclusiveQuery(() => run(sql, params, false)))
    },
  }
}
