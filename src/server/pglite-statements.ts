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

/** Statement texts are a bounded set (values are always parameters); past this, texts run unnamed. */
const MOST_NAMED_STATEMENTS = 500

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
  const statements = new Map<string, Statement>()
  let named = 0

  async function prepare(sql: string): Promise<Statement> {
    const known = statements.get(sql)
    if (known) return known
    const name = statements.size < MOST_NAMED_STATEMENTS ? `s${++named}` : ''
    try {
      const { messages } = await db.execProtocol(
        joined([serialize.parse({ name, text: sql, types: [] }), serialize.describe({ type: 'S', name })]),
        { syncToFs: false },
      )
      const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) }
      if (name) statements.set(sql, statement)
      return statement
    } catch (error) {
      // After an error PostgreSQL skips messages until a Sync.
      await db.execProtocol(serialize.sync(), { syncToFs: false, throwOnError: false })
      throw error
    }
  }

  async function run<T>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<T[]> {
    const statement = await prepare(sql)
    const values = params.map((value, index) => {
      if (value === null || value === undefined) return null
      const type = statement.paramTypes[index]
      const serializer = type === undefined ? undefined : db.serializers[type]
      if (serializer) return serializer(value)
      return asText(value)
    })
    const { messages } = await db.execProtocol(
      joined([
        serialize.bind({ statement: statement.name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs: !inTransaction },
    )
    const [result] = parse.parseResults(messages, db.parsers)
    return (result?.rows ?? []) as T[]
  }

  return {
    query: (sql, params, inTransaction) =>
      inTransaction
        ? db._runExclusiveQuery(() => run(sql, params, true))
        : db._runExclusiveTransaction(() => db._runExclusiveQuery(() => run(sql, params, false))),
  }
}
