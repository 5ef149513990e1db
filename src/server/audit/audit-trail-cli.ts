import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { auditKey } from '../../backend/audit/audit-chain'
import { defaultSecretKeyFile, loadSecretKey, SecretKeyError } from '../secret-key'
import { openPgliteClient, openPostgresClient, type SqlClient } from '../sql-client'
import { describeProblem } from './audit-problems'
import { verifyAuditTrail } from './sql-audit-trail'

/**
 * `npm run audit-trail -- verify [--data <dir>] [--secret-key-file <file>]` (DATABASE_URL for a
 * PostgreSQL): reads the whole trail and names every event where its chain or its sequence
 * breaks. Exit 0 when it is whole, 1 when it is not, 2 when it cannot be read. The embedded
 * database can be read only while no server has it open; a PostgreSQL at any time.
 */

const USAGE = `Usage: npm run audit-trail -- verify [--data <dir>] [--secret-key-file <file>]
  verify   names every audit event whose chain or sequence is broken (edited, removed, or removed from the end)
  --data   the server's data folder (default ./data); DATABASE_URL selects a PostgreSQL instead`

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { data: { type: 'string', default: './data' }, 'secret-key-file': { type: 'string' } },
  })
  if (positionals[0] !== 'verify') {
    console.error(USAGE)
    return 2
  }
  const databaseUrl = process.env.DATABASE_URL || undefined
  const dataDir = values.data ?? './data'
  const keyFile = values['secret-key-file']
  // Verifying never makes a key: without the server's key nothing can be checked.
  const expectedFile = keyFile || process.env.CONNECTORS_SECRET_KEY_FILE || defaultSecretKeyFile(dataDir)
  if (!databaseUrl && !process.env.CONNECTORS_SECRET_KEY?.trim() && !existsSync(expectedFile)) {
    console.error(
      `No secret key at ${expectedFile}: give the server's with --secret-key-file or CONNECTORS_SECRET_KEY.`,
    )
    return 2
  }
  let client: SqlClient
  try {
    const { key } = await loadSecretKey({
      dataDir,
      ...(keyFile ? { keyFile } : {}),
      ...(databaseUrl ? { databaseUrl } : {}),
      env: process.env,
    })
    if (!databaseUrl && !existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))) {
      console.error(`No database in ${dataDir}.`)
      return 2
    }
    client = databaseUrl ? openPostgresClient(databaseUrl) : await openPgliteClient(path.join(dataDir, 'pglite'))
    try {
      const problems = await verifyAuditTrail(client, auditKey(key))
      const [{ count } = { count: 0 }] = await client.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM audit_events',
      )
      if (!problems.length) {
        console.log(`The audit trail is whole: ${count} events, every link verified.`)
        return 0
      }
      console.log(`The audit trail is broken in ${problems.length} places:`)
      for (const problem of problems) console.log(`  ${describeProblem(problem)}`)
      return 1
    } finally {
      await client.close()
    }
  } catch (error) {
    if (error instanceof SecretKeyError) console.error(error.message)
    else console.error(`The audit trail could not be read: ${error instanceof Error ? error.message : String(error)}`)
    return 2
  }
}

process.exitCode = await main(process.argv.slice(2))
