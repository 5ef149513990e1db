import { ASSIGN_STAGE_TITLE } from '../connection-tests/delegate-selection'
import { failure, type Failure } from '../connection-tests/failure'
import type { ConnectorValidationResult, TestStage } from '../lib/api-types'

/**
 * How a test on a real delegate ends when the delegate does not end it: lost, too slow, never
 * taken. The same taxonomy as the simulator's (the UI reads both the same way).
 */

export type TestOutcome = Omit<ConnectorValidationResult, 'stages' | 'testedAt'>

/** A failure as a result carries it: Harness's `"<category> (<summary>)"` summary and its error. */
export function failureOutcome(outcome: Failure): TestOutcome {
  return {
    status: 'FAILURE',
    failureKind: outcome.kind,
    errorSummary: `${outcome.category} (${outcome.summary})`,
    errors: [{ reason: outcome.reason, message: outcome.message, code: outcome.code }],
    hints: outcome.hints,
    explanations: outcome.explanations,
  }
}

export function delegateLost(delegateName: string, heartbeatTimeoutMs: number): Failure {
  const seconds = Math.round(heartbeatTimeoutMs / 1000)
  return failure('DELEGATE_LOST', `Delegate ${delegateName} stopped responding while it ran the test`, {
    hints: [
      `Check that the delegate ${delegateName} is running and can reach the server, then test again.`,
      'Another connected delegate whose tags match the connector takes the test when you retry.',
    ],
    explanations: [`The delegate sent no heartbeat for ${seconds} s while the test was running.`],
  })
}

export function testTooLong(delegateName: string, limitMs: number): Failure {
  const seconds = Math.round(limitMs / 1000)
  return failure('TIMEOUT', `Delegate ${delegateName} did not finish the test within ${seconds} s`, {
    hints: ['Check that the delegate can reach the repository URL, then test again.'],
    explanations: [`A connection test may take at most ${seconds} s; the delegate sent no result in that time.`],
  })
}

export function notTaken(selectors: readonly string[], limitMs: number): Failure {
  const seconds = Math.round(limitMs / 1000)
  return failure('NO_DELEGATE', `No delegate took the test within ${seconds} s`, {
    hints: [
      selectors.length
        ? `Start a delegate with the tags ${selectors.join(', ')}, or change the connector's delegate selectors.`
        : 'Start a delegate (the Delegates page gives the commands), then test again.',
    ],
    explanations: ['Every eligible delegate was busy or disconnected until the test gave up waiting.'],
  })
}

/** The stage the manager adds first: which delegate took the task, and how long that took. */
export function assignmentStage(selectors: readonly string[], delegateName: string, waitedMs: number): TestStage {
  return {
    title: ASSIGN_STAGE_TITLE,
    status: 'passed',
    durationMs: Math.max(0, waitedMs),
    log: [
      selectors.length
        ? `Delegate selectors: ${selectors.join(', ')} (a delegate needs all of them)`
        : 'Delegate selectors: none, so any connected delegate can run the task',
      `Task assigned to ${delegateName}`,
    ],
  }
}

/** A secret the server holds but cannot decrypt: another key than the one it was stored with. */
export function secretUnreadable(reference: string): Failure {
  return failure('MISSING_SECRET', `The server could not decrypt the secret ${reference}`, {
    hints: [
      'Every server sharing the database must run with the same secret key (CONNECTORS_SECRET_KEY or --secret-key-file); restart this one with it, then test again.',
    ],
    explanations: [
      `The value of ${reference} was encrypted with another key than the one of the server that handed out this test.`,
    ],
  })
}
