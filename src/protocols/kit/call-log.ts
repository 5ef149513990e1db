import type { NoAnswerError } from './check-calls'

/** A stage's log as it happens, and the error a request without an answer becomes. */

/**
 * Where a request went, as our words may name it: the connector's URL as it is, a URL a server
 * sent us to (a redirect, a token realm) as remote text (remote-text.ts).
 */
export type Place = { href: string; host: string; hostname: string; port: number }

/** A request that got no answer, with where it happened so a failure can name it. */
export class CallError extends Error {
  constructor(
    readonly cause: NoAnswerError,
    /** For the logic (its scheme, whether it is loopback); texts use `place`. */
    readonly url: URL,
    /** `GET <url>`, without who was calling. */
    readonly request: string,
    readonly stageTitle: string,
    readonly place: Place,
  ) {
    super(cause.message)
    this.name = 'CallError'
  }
}

export class StageRecorder {
  readonly lines: string[] = []
  private readonly started = performance.now()

  constructor(
    readonly index: number,
    readonly title: string,
  ) {}

  note(line: string): void {
    this.lines.push(line)
  }

  request(requestLine: string, answer: string, ms: number): void {
    this.lines.push(`${requestLine} → ${answer} (${ms} ms)`)
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.started)
  }
}

/** A Node error as the log shows it: its message, with its code when the message lacks it. */
export function describeNoAnswer(error: NoAnswerError): string {
  return error.message.includes(error.code) ? error.message : `${error.message} (${error.code})`
}
