import { passwordProblem } from './passwords'

/** A sign-in request refused: its status, Harness code and words (and, throttled, when to come back). */
export class SignInRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }
}

export const WRONG_CREDENTIALS = 'The email or password is not right.'

export type NewUserInput = { name: string; email: string; password: string }

/** A new user's name, email and password, checked before anything is stored. */
export function checkNewUser(input: NewUserInput): void {
  if (!input.name.trim()) throw new SignInRefusal(400, 'INVALID_REQUEST', 'Enter your name.')
  if (!/^[^\s@]+@[^\s@]+$/.test(input.email.trim()))
    throw new SignInRefusal(400, 'INVALID_REQUEST', 'Enter an email address like ana@example.com.')
  const problem = passwordProblem(input.password)
  if (problem) throw new SignInRefusal(400, 'INVALID_REQUEST', problem)
}
