import type { AuditTrailProblem } from './sql-audit-trail'

/** A break of the audit trail, in the words `verify` and the start-time check print. */
export function describeProblem(problem: AuditTrailProblem): string {
  switch (problem.problem) {
    case 'altered':
      return `event ${problem.sequence}: altered (its content or HMAC is not what was written)`
    case 'missing':
      return problem.until === problem.sequence
        ? `event ${problem.sequence}: missing (removed from the middle)`
        : `events ${problem.sequence}–${problem.until}: missing (removed from the middle)`
    case 'missing-at-end':
      return problem.until === problem.sequence
        ? `event ${problem.sequence}: missing (removed from the end; the server recorded ${problem.until} events)`
        : `events ${problem.sequence}–${problem.until}: missing (removed from the end; the server recorded ${problem.until} events)`
    case 'head-altered':
      return 'the recorded end of the trail was altered'
  }
}
