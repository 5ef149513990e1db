import type { TestStage } from '../../lib/api-types'
import { CallError, describeNoAnswer, type Place, StageRecorder } from '../../protocols/kit/call-log'
import {
  NoAnswerError,
  type Answer,
  type Call,
  type CheckSessionPort,
  type HttpAnswer,
  type Said,
  type SendCredentials,
} from '../../protocols/kit/check-calls'
import { recogniseServer, type ServerRecogniser } from '../../protocols/kit/identify-server'
import { credentialForms, RemoteText } from '../../protocols/kit/remote-text'
import { PROTOCOLS } from '../../protocols/protocols'
import type { CheckOptions } from '../check-types'
import { DEFAULT_NETWORK_POLICY, type NetworkPolicy } from '../network-policy'
import { portOf, refusedLiteral, sendRequest } from './http-request'
import { tryConnect } from './open-socket'
import { authorization, defaultAnswer, whoIsCalling } from './request-lines'

/**
 * What one check shares across its stages: the limits, cancel, the credentials, and the
 * requests themselves, each logged as it happens ("GET <url> (who) → <answer> (<ms> ms)"). What
 * a server answered reaches a log or a message only through `said` (remote-text.ts).
 */

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000
export const DEFAULT_TOTAL_TIMEOUT_MS = 30_000
const MAX_REDIRECTS = 5
const REDIRECTS = new Set([301, 302, 303, 307, 308])

const TOTAL_TIMEOUT = Symbol('total timeout')

/** Every protocol's way of telling its server, so any check can say what answered. */
const ALL_RECOGNISERS = PROTOCOLS.flatMap((protocol) => (protocol.recognise ? [protocol.recognise] : []))

export class CheckSession implements CheckSessionPort {
  readonly connectTimeoutMs: number
  readonly totalTimeoutMs: number
  readonly delegateName: string
  readonly stages: TestStage[] = []
  private readonly controller = new AbortController()
  private readonly secrets: string[]
  private readonly basicPairs: (readonly [string, string])[] = []
  private forms: readonly string[] | undefined
  /** Remote text made fit for our logs and messages. */
  readonly remote = new RemoteText(() => (this.forms ??= credentialForms(this.secrets, this.basicPairs)))
  private readonly timer: NodeJS.Timeout
  private readonly onCancel = () => this.controller.abort(this.options.signal?.reason)
  private get policy(): NetworkPolicy {
    return this.options.networkPolicy ?? DEFAULT_NETWORK_POLICY
  }

  constructor(
    private readonly options: CheckOptions,
    secrets: readonly string[],
    /** How the protocols tell their servers apart; every answer is read with them. */
    private readonly recognisers: readonly ServerRecogniser[] = ALL_RECOGNISERS,
  ) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
    this.totalTimeoutMs = options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS
    this.delegateName = options.delegateName ?? 'this delegate'
    this.secrets = [...secrets]
    this.timer = setTimeout(() => this.controller.abort(TOTAL_TIMEOUT), this.totalTimeoutMs)
    if (options.signal?.aborted) this.onCancel()
    else options.signal?.addEventListener('abort', this.onCancel, { once: true })
  }

  close(): void {
    clearTimeout(this.timer)
    this.options.signal?.removeEventListener('abort', this.onCancel)
  }

  /** A credential received during the check (a registry token): withheld from remote text from now on. */
  addSecret(value: string): void {
    this.secrets.push(value)
    this.forms = undefined
  }

  /** The Basic pair sent: its base64 (what an echoed Authorization header holds) is withheld too. */
  addBasicPair(username: string, password: string): void {
    this.basicPairs.push([username, password])
    this.forms = undefined
  }

  /**
   * Hands the thread back between slices of long work (reading a large answer), so that timers
   * run; rejects when the check was stopped meanwhile: cancelled, or past its time limit (which
   * the request being read then reports as its timeout).
   */
  async pause(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve))
    const { signal } = this.controller
    if (signal.aborted) throw signal.reason
  }

  /** Rejects with the caller's reason when the check was cancelled. */
  throwIfCancelled(): void {
    const { signal } = this.controller
    if (signal.aborted && signal.reason !== TOTAL_TIMEOUT) throw signal.reason
  }

  startStage(title: string): StageRecorder {
    this.throwIfCancelled()
    const stage = new StageRecorder(this.stages.length, title)
    this.options.onStageStarted?.(stage.index, stage.title)
    return stage
  }

  finishStage(stage: StageRecorder, status: TestStage['status']): void {
    const finished: TestStage = {
      title: stage.title,
      status,
      durationMs: stage.elapsedMs(),
      log: [...stage.lines],
    }
    this.stages.push(finished)
    this.options.onStageFinished?.(stage.index, finished)
  }

  /** One request and its redirects; credentials go only to the origin the call names. */
  async send(stage: StageRecorder, call: Call): Promise<Answer> {
    let url = new URL(call.url)
    let credentials = call.credentials
    let fromServer = call.urlFromServer === true
    const origin = url.origin
    for (let hop = 0; ; hop += 1) {
      const answer = await this.once(stage, url, credentials, call, hop, fromServer)
      const location = answer.headers.location
      if (!REDIRECTS.has(answer.status) || !location || hop === MAX_REDIRECTS) return answer
      let next: URL
      try {
        next = new URL(location, url)
      } catch {
        stage.note(`Redirected to an invalid Location (${this.remote.text(location)}): not followed`)
        return answer
      }
      if (credentials && next.origin !== origin) {
        credentials = undefined
        stage.note(`Redirected to ${this.remote.text(next.origin)}: credentials not sent`)
      }
      url = next
      fromServer = true
    }
  }

  /** What an answer says, as our words may quote it. */
  private said(answer: HttpAnswer): Said {
    const { remote } = this
    return {
      statusLine: `${answer.status} ${remote.text(answer.statusText)}`.trim(),
      header: (name) => remote.text(answer.headers[name.toLowerCase()]),
      text: (raw) => remote.text(raw),
    }
  }

  private async once(
    stage: StageRecorder,
    url: URL,
    credentials: SendCredentials | undefined,
    call: Call,
    hop: number,
    fromServer: boolean,
  ): Promise<Answer> {
    this.throwIfCancelled()
    const method = call.method ?? 'GET'
    // The connector's URL is the user's (no credentials: the form refuses them); one a server sent is remote text.
    const request = `${method} ${fromServer ? this.remote.url(url) : url.href}`
    const requestLine = `${request} ${whoIsCalling(credentials)}`
    const started = performance.now()
    const ms = () => Math.round(performance.now() - started)
    try {
      const answer = await sendRequest(url, {
        method,
        headers: { ...call.headers, ...(credentials ? { Authorization: authorization(credentials) } : {}) },
        caCertificates: this.options.caCertificates,
        connectTimeoutMs: this.connectTimeoutMs,
        readTimeoutMs: this.connectTimeoutMs,
        maxBodyBytes: call.maxBodyBytes,
        signal: this.controller.signal,
        networkPolicy: this.policy,
      })
      const heard: Answer = { ...answer, url, requestLine, said: this.said(answer), place: this.place(url, fromServer) }
      heard.server = recogniseServer(heard, this.recognisers)
      const redirect = REDIRECTS.has(answer.status) && answer.headers.location
      const last = !redirect || hop === MAX_REDIRECTS
      const extra = last ? await call.describe?.(heard) : undefined
      const location = redirect ? this.locationShown(answer.headers.location ?? '', url) : undefined
      stage.request(requestLine, `${defaultAnswer(heard, location)}${extra ?? ''}`, ms())
      return heard
    } catch (error) {
      const noAnswer = this.noAnswer(error)
      stage.request(requestLine, describeNoAnswer(noAnswer), ms())
      throw new CallError(noAnswer, url, request, stage.title, this.place(url, fromServer))
    }
  }

  private place(url: URL, fromServer: boolean): Place {
    const port = portOf(url)
    if (!fromServer) return { href: url.href, host: url.host, hostname: url.hostname, port }
    const { remote } = this
    return { href: remote.url(url), host: remote.text(url.host), hostname: remote.text(url.hostname), port }
  }

  private locationShown(location: string, base: URL): string {
    try {
      return this.remote.url(new URL(location, base))
    } catch {
      return this.remote.text(location)
    }
  }

  /** The socket check of the Helm types: can a TCP connection be opened at all. */
  async openSocket(stage: StageRecorder, hostname: string, port: number): Promise<void> {
    this.throwIfCancelled()
    const request = `Connect to ${hostname}:${port} (socket check)`
    const started = performance.now()
    const url = new URL(`tcp://${hostname}:${port}`)
    try {
      const refused = refusedLiteral(this.policy, hostname, port)
      if (refused) throw refused
      await tryConnect(hostname, port, {
        policy: this.policy,
        signal: this.controller.signal,
        connectTimeoutMs: this.connectTimeoutMs,
      })
      stage.request(request, 'connected', Math.round(performance.now() - started))
    } catch (error) {
      const noAnswer = this.noAnswer(error)
      stage.request(request, describeNoAnswer(noAnswer), Math.round(performance.now() - started))
      throw new CallError(noAnswer, url, request, stage.title, this.place(url, false))
    }
  }

  /** Cancel rejects with the caller's reason; the total limit becomes a timeout like any other. */
  private noAnswer(error: unknown): NoAnswerError {
    const found = this.rawNoAnswer(error)
    // Node's words may carry what the server presented (a certificate's names): remote text.
    const message = this.remote.text(found.message)
    const names = found.certificateNames === undefined ? undefined : this.remote.text(found.certificateNames)
    if (message === found.message && names === found.certificateNames) return found
    return new NoAnswerError(found.code, message, found.timeoutMs, names, found.refused)
  }

  private rawNoAnswer(error: unknown): NoAnswerError {
    const { signal } = this.controller
    if (signal.aborted && signal.reason === TOTAL_TIMEOUT) {
      return new NoAnswerError(
        'TOTAL_TIMEOUT',
        `stopped: the test's ${this.totalTimeoutMs / 1000} s limit was reached`,
        this.totalTimeoutMs,
      )
    }
    this.throwIfCancelled()
    if (error instanceof NoAnswerError) return error
    throw error
  }
}
