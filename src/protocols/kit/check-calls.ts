// A type only: nothing of Node's HTTP stack reaches a bundle that imports a protocol.
import type { IncomingHttpHeaders } from 'node:http'
import type { Place, StageRecorder } from './call-log'
import type { IdentifiedServer } from './identify-server'

/**
 * What a protocol's real check sends and gets back, and the session it sends through. The
 * delegate's engine (delegate-agent/checks/check-session.ts) is the one implementation; a
 * protocol sees only this, so protocols never import the delegate.
 */

/** What a request carries. A label says who is calling; values never reach a log. */
export type SendCredentials =
  | { scheme: 'basic'; username: string; password: string; label: string }
  | { scheme: 'bearer'; token: string; label: string }

export type Call = {
  method?: 'GET' | 'HEAD'
  url: string
  credentials?: SendCredentials
  headers?: Record<string, string>
  maxBodyBytes?: number
  /**
   * Appended to the log's answer for the last hop, separator included: our words, and remote text
   * only through `said`. May take its time (reading a large body) if it awaits `session.pause()`.
   */
  describe?: (answer: Answer) => string | Promise<string>
  /** The URL came from a server (a token realm), not from the connector: logged as remote text. */
  urlFromServer?: boolean
}

/** What a server answered, as our words may quote it: every value through remote-text.ts. */
export type Said = {
  /** `401 Unauthorized`: the status, and the reason phrase the server chose. */
  statusLine: string
  /** A header's value ('' when absent). */
  header(name: string): string
  /** Any other text the server sent (an error message from its body). */
  text(raw: string | undefined): string
}

export type Answer = HttpAnswer & {
  url: URL
  requestLine: string
  said: Said
  place: Place
  /** The product that answered, when a protocol recognised it (identify-server.ts). */
  server?: IdentifiedServer
}

export type HttpAnswer = {
  status: number
  statusText: string
  headers: IncomingHttpHeaders
  body: Buffer
  /** The body was longer than the cap: `body` holds its beginning. */
  truncated: boolean
}

/** A request that got no HTTP answer: DNS, refused, TLS, reset, or a timeout. */
export class NoAnswerError extends Error {
  constructor(
    /** Node's code (`ENOTFOUND`, `DEPTH_ZERO_SELF_SIGNED_CERT`…), or `CONNECT_TIMEOUT` / `READ_TIMEOUT`. */
    readonly code: string,
    message: string,
    /** The limit that ran out, for the timeouts. */
    readonly timeoutMs?: number,
    /** The names a certificate refused for its host name is valid for (`IP Address:127.0.0.1`). */
    readonly certificateNames?: string,
    /** NETWORK_POLICY: what was refused, and why. */
    readonly refused?: { address: string; port: number; rule: string; advice: string },
  ) {
    super(message)
    this.name = 'NoAnswerError'
  }
}

/** The live session of one check, as a protocol's check uses it. */
export type CheckSessionPort = {
  readonly connectTimeoutMs: number
  /** How hints name the machine that runs the check. */
  readonly delegateName: string
  /** One request, logged in `stage` as it happens; follows redirects, never leaks credentials. */
  send(stage: StageRecorder, call: Call): Promise<Answer>
  /** Lets other work run during a long read (a large Helm index); rejects once the check is over. */
  pause(): Promise<void>
  /** A value the server handed us (a token) that must be withheld from every text like a secret. */
  addSecret(value: string): void
}
