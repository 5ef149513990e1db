import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import postgres from 'postgres'
import { StoreUnavailableError } from '../backend/store'
import { pgliteStatements } from './pglite-statements'

/**
 * The one query interface the SQL store is written against, over embedded PGlite or a real
 * PostgreSQL server (porsager's `postgres`). Parameters are `$1…`; pass JSON as a string and cast
 * it in SQL (`$1::text::jsonb`): the two drivers serialize a jsonb parameter differently. Read
 * bigint columns with `Number()` (PGlite answers numbers, `postgres` strings).
 */

export type SqlRow = Record<string, unknown>

export type SqlQueryable = {
  query<T extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<T[]>
}

/** Inside a transaction, text of several statements may run too (a migration). */
export type SqlTransaction = SqlQueryable & {
  /**
   * Runs `sql`, any number of statements without parameters, in the transaction, through the
   * simple query protocol (PGlite's `exec`, postgres' simple query): the server splits it, not us.
   */
  exec(sql: string): Promise<void>
}

export type SqlClient = SqlQueryable & {
  readonly kind: 'pglite' | 'postgres'
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/**
 * How PostgreSQL runs inside PGlite. PGlite starts with `-F` (fsync off) by default; we drop it
 * and write the WAL with O_DSYNC, which PGlite's Node file system passes on to the host file (it
 * has no fsync of its own), so a commit is on disk before its promise resolves.
 */
const START_PARAMS = [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  '-c',
  'wal_sync_method=open_datasync',
  // PostgreSQL's 128 MB of shared buffers live inside PGlite's WebAssembly memory, all of it
  // from the start; one embedded user needs far less, and the files sit in the OS cache anyway.
  '-c',
  'shared_buffers=16MB',
  // Plan each prepared statement once. PostgreSQL's default re-plans a list page on every run
  // (its LIMIT and OFFSET are parameters, so the one plan looks costlier than a fresh one), and
  // on PGlite planning runs on the server's only thread: a fifth of a list page's time.
  // Measured in decision 016; a PostgreSQL server plans in its own processes, so it keeps its
  // default.
  '-c',
  'plan_cache_mode=force_generic_plan',
]

export async function openPgliteClient(dataDir: string): Promise<SqlClient> {
  await mkdir(dataDir, { recursive: true })
  const db = await PGlite.create(dataDir, {
    extensions: { pg_trgm },
    relaxedDurability: false,
    startParams: START_PARAMS,
  })
  const statements = pgliteStatements(db)
  const queryable = (inTransaction: boolean): SqlQueryable => ({
    query: <T extends SqlRow>(sql: string, params: readonly unknown[] = []) =>
      statements.query<T>(sql, params, inTransaction),
  })
  const inTransaction = queryable(true)
  return {
    kind: 'pglite',
    ...queryable(false),
    transaction: (fn) =>
      db.transaction((tx) => {
        const open = () => {
          if (tx.closed) throw new Error('The transaction is over: this query would run outside it.')
        }
        return fn({
          query(sql, params) {
            open()
            return inTransaction.query(sql, params)
          },
          async exec(sql) {
            open()
            await tx.exec(sql)
          },
        })
      }),
    close: () => db.close(),
  }
}

/** How long a PostgreSQL server has to accept a connection, and a statement to finish. */
export const CONNECT_TIMEOUT_S = 5
export const STATEMENT_TIMEOUT_MS = 15_000

/** PostgreSQL's and the driver's words for "the server is not there (now)". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  // admin_shutdown, crash_shutdown, cannot_connect_now, and the connection_exception class.
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
])

/** A driver error as the store's: unavailable or too slow (503), else as it was. */
export function storeError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return error
  if (code === '57014') return new StoreUnavailableError('timeout', `no answer within ${STATEMENT_TIMEOUT_MS / 1000} s`)
  return UNREACHABLE_CODES.has(code) ? new StoreUnavailableError('unreachable', code) : error
}

export function openPostgresClient(databaseUrl: string): SqlClient {
  const sql = postgres(databaseUrl, {
    onnotice: () => undefined,
    max: 10,
    // A server that is down is said at once, not after the driver's 30 s; and it is tried again
    // within a second once it is back (the driver's default backoff grows to 20 s).
    connect_timeout: CONNECT_TIMEOUT_S,
    backoff: (retries: number) => Math.min(0.1 * 2 ** retries, 1),
    connection: { statement_timeout: STATEMENT_TIMEOUT_MS, application_name: 'artifact-repository-connectors' },
  })
  type Unsafe = Pick<postgres.Sql, 'unsafe'>
  const queryable = (target: Unsafe): SqlQueryable => ({
    async query<T extends SqlRow>(text: string, params: readonly unknown[] = []) {
      // Prepared (once per statement text and connection): one round trip per query instead of
      // describe-then-execute, and no planning again. Statement texts are a bounded set (values
      // are always parameters). Without parameters, the simple protocol runs several statements.
      try {
        const rows = await target.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
          prepare: params.length > 0,
        })
        return [...rows] as unknown as T[]
      } catch (error) {
        throw storeError(error)
      }
    },
  })
  const transactional = (tx: Unsafe): SqlTransaction => ({
    ...queryable(tx),
    async exec(text: string) {
      try {
        // The simple query protocol: PostgreSQL runs every statement of the text, in order.
        await tx.unsafe(text).simple()
      } catch (error) {
        throw storeError(error)
      }
    },
  })
  return {
    kind: 'postgres',
    ...queryable(sql),
    async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>) {
      try {
        return (await sql.begin((tx) => fn(transactional(tx)))) as T
      } catch (error) {
        throw storeError(error)
      }
    },
    close: () => sql.end({ timeout: 5 }),
  }
}
