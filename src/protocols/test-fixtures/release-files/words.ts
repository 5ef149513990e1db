import { failure, type Failure } from '../../../connection-tests/failure'
import type { FailureTexts } from '../../kit/protocol'

export const STAGE_TITLE = 'Read the RELEASES listing'

export function unreachable(base: string): FailureTexts {
  return {
    message: `Could not reach the release file server at ${base}`,
    hints: [`Check that ${base} is reachable from your delegate(s).`],
    explanations: ['The release file server did not answer.'],
  }
}

/** The protocol's one failure: the URL answers, but it lists no releases. */
export function noListing(base: string, answer: string): Failure {
  return failure('NOT_FOUND', `${base}/RELEASES answered ${answer}`, {
    hints: [`Enter the folder that holds RELEASES; ${base} has none.`],
    explanations: ['A release file server lists its files in RELEASES at the repository root.'],
  })
}

/** The server refused the credentials (or wanted some): the shared advice, in its words. */
export function refused(advice: { hints: string[]; explanations: string[] }): Failure {
  return failure('BAD_CREDENTIALS', 'The release file server answered 401 Unauthorized', advice)
}
