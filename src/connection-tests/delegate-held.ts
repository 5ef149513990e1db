import type { DelegateHeldManager } from '../lib/delegate-held-secrets'
import { DELEGATE_ENVIRONMENT, DELEGATE_SECRET_MAX_BYTES, DELEGATE_VARIABLE_PREFIX } from '../lib/delegate-held-secrets'
import { failure, type Failure } from './failure'

/**
 * A secret the delegate holds (decision 028), as both engines meet it: the task names where the
 * value is, the delegate (or the simulated world) reads it, and the secret stage says where it
 * was read or, naming the variable or the path, why it could not be.
 */

/** Where a delegate finds a value: what a task carries instead of the value. */
export type HeldSecret = { manager: DelegateHeldManager; reference: string }

/** Why a delegate did not read a value; the words never hold one. */
export type HeldReadProblem = 'missing' | 'refused' | 'no-secret-dir' | 'outside' | 'not-a-file' | 'too-large'

export type HeldRead = { value: string } | { problem: HeldReadProblem }

/** What the stage log says of a value read on the delegate. */
export function readFromWords(held: HeldSecret): string {
  return held.manager === DELEGATE_ENVIRONMENT
    ? `read from the delegate's environment (${held.reference})`
    : `read from the delegate's secret directory (${held.reference})`
}

/** The failure of a value the delegate could not read, naming the variable or the path. */
export function heldReadFailure(held: HeldSecret, problem: HeldReadProblem, delegate = 'the delegate'): Failure {
  const { reference } = held
  const env = held.manager === DELEGATE_ENVIRONMENT
  const message = env
    ? problem === 'missing'
      ? `The delegate has no environment variable ${reference}`
      : problem === 'too-large'
        ? `The environment variable ${reference} is larger than ${DELEGATE_SECRET_MAX_BYTES / 1024} KiB`
        : `The delegate refuses to read the environment variable ${reference}: only ${DELEGATE_VARIABLE_PREFIX}* variables can be read`
    : {
        missing: `The delegate has no file ${reference} in its secret directory`,
        refused: `The delegate refuses to read ${reference}: a path must stay inside its secret directory`,
        'no-secret-dir': `The delegate was started without --secret-dir, so it reads no secret files (${reference})`,
        outside: `The delegate refuses to read ${reference}: it leads outside its secret directory`,
        'not-a-file': `${reference} in the delegate's secret directory is not a file`,
        'too-large': `The file ${reference} is larger than ${DELEGATE_SECRET_MAX_BYTES / 1024} KiB`,
      }[problem]
  const hints = env
    ? [
        `Start ${delegate} with ${reference} set in its environment (for the built-in delegate, start the server with it), or choose a delegate that has it with delegate selectors.`,
      ]
    : problem === 'no-secret-dir'
      ? [
          `Start ${delegate} with --secret-dir <folder> (for the built-in delegate: npm start -- --delegate-secret-dir <folder>).`,
        ]
      : [
          `Put the value in the file ${reference} under the secret directory of ${delegate} (a mounted Kubernetes secret, a file a vault agent writes), or choose a delegate that has it with delegate selectors.`,
        ]
  return failure('MISSING_SECRET', message, {
    hints,
    explanations: ['The secret is held by the delegate: the server keeps only where the delegate finds its value.'],
  })
}
