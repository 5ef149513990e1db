import { migration as migration1 } from './migrations/001-connectors-secrets-pipelines'
import { migration as migration2 } from './migrations/002-connection-test-history'
import { migration as migration3 } from './migrations/003-delegates-and-connection-test-tasks'
import { migration as migration4 } from './migrations/004-delegates-bound-to-their-tokens-and'
import { migration as migration5 } from './migrations/005-connector-tag-terms-for-the-tag'
import { migration as migration6 } from './migrations/006-accounts-organizations-and-projects-as-stored'
import { migration as migration7 } from './migrations/007-role-assignments'
import { migration as migration8 } from './migrations/008-users-sessions-setup-and-invite-tokens'
import { migration as migration9 } from './migrations/009-delegate-tokens-belong-to-a-scope'
import { migration as migration10 } from './migrations/010-service-accounts-api-keys-and-tokens'
import { migration as migration11 } from './migrations/011-a-change-count-per-scope'
import { migration as migration12 } from './migrations/012-the-audit-trail'
import { migration as migration13 } from './migrations/013-who-created-and-last-changed-a'
import { migration as migration14 } from './migrations/014-who-started-a-connection-test'
import { migration as migration16 } from './migrations/016-seeded-results-and-times-that-never-happened'
import { migration as migration17 } from './migrations/017-the-secrets-each-connector-uses'
import { migration as migration18 } from './migrations/018-delegate-tokens-expire-and-remember-their-last-use'
import { migration as migration20 } from './migrations/020-who-created-and-last-changed-a-secret'
import { migration as migration21 } from './migrations/021-secret-search-finds-where-a-delegate-held-secret-lives'
import type { SqlClient } from './sql-client'

/**
 * The schema, as numbered migrations applied once each, in order, at start. Each runs in its own
 * transaction under a transaction-scoped advisory lock, so that two servers starting on one
 * PostgreSQL never both apply one: the second waits, then sees it recorded. Never edit a
 * migration that has shipped; add the next number.
 *
 * Text that is sorted or compared is `COLLATE "C"` (code point order), so that the order does not
 * depend on the server's locale; `name_key` is the lower-cased name, computed by the store.
 */

export type Migration = { version: number; name: string; sql: string }

/** One file per migration in ./migrations, so that work in parallel adds files rather than editing one list. */
export const MIGRATIONS: readonly Migration[] = [
  migration1,
  migration2,
  migration3,
  migration4,
  migration5,
  migration6,
  migration7,
  migration8,
  migration9,
  migration10,
  migration11,
  migration12,
  migration13,
  migration14,
  migration16,
  migration17,
  migration18,
  migration20,
  migration21,
]

/** Any fixed number: the advisory lock that serializes migrations across servers. */
const MIGRATION_LOCK = 7_042_311_001

/** Applies the migrations not applied yet; answers the versions it applied. */
export async function migrate(client: SqlClient, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  // Most starts find every migration applied: two reads tell so, instead of a locked transaction
  // per migration (a restart's first page waits for this). Anything pending goes the locked way.
  if (await allApplied(client, migrations)) return []
  const applied: number[] = []
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await client.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK])
      await tx.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY,
           name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      )
      const found = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version])
      if (found.length > 0) return false
      // All of its statements at once: the database parses the text (comments, a `;` inside a
      // string), in this transaction.
      await tx.exec(migration.sql)
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ])
      return true
    })
    if (done) applied.push(migration.version)
  }
  return applied
}

async function allApplied(client: SqlClient, migrations: readonly Migration[]): Promise<boolean> {
  const [table] = await client.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`)
  if (table?.present !== true) return false
  const rows = await client.query('SELECT version FROM schema_migrations')
  const done = new Set(rows.map((row) => Number(row.version)))
  return migrations.every((migration) => done.has(migration.version))
}
