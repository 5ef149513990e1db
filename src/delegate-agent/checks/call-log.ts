import type { NoAnswerError } from './http-request'

/** A stage's log as it happens, and the error a request without an answer becomes. */

/** A request that got no answer, with where it happened so a failure can name it. */
export class CallError extends Error {
  constructor(
    readonly cause: NoAnswerError,
    readonly url: URL,
    /** `GET <url>`, without who was calling. */
    readonly request: string,
    readonly stageTitle: string,
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
