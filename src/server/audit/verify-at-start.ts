import type { SqlQueryable } from '../sql-client'
import { describeProblem } from './audit-problems'
import { verifyAuditTrail } from './sql-audit-trail'

/**
 * The check a server runs at start (issue 20): the whole trail, verified after the server is
 * listening (a long trail must not delay it), reported on the console. A broken chain does not
 * stop the server: its data is still the data; the report says where to look.
 */
export async function verifyAuditTrailAtStart(db: SqlQueryable, key: Uint8Array): Promise<void> {
  try {
    const problems = await verifyAuditTrail(db, key)
    if (!problems.length) return
    console.error(
      `The audit trail is broken in ${problems.length} places (npm run audit-trail -- verify says the same):`,
    )
    for (const problem of problems.slice(0, 20)) console.error(`  ${describeProblem(problem)}`)
    if (problems.length > 20) console.error(`  … and ${problems.length - 20} more.`)
  } catch (error) {
    console.error(`The audit trail could not be verified: ${error instanceof Error ? error.message : String(error)}`)
  }
}
