import { connect } from 'node:net'
import { maskText } from '../../backend/simulator/simulation-kit'
import type { TestStage } from '../../lib/api-types'
import type { CheckOptions } from '../check-types'
import { DEFAULT_NETWORK_POLICY, NetworkPolicyError, type NetworkPolicy } from '../network-policy'
import { CallError, describeNoAnswer, StageRecorder } from './call-log'
import { NoAnswerError, policyRefusal, refusedLiteral, sendRequest, type HttpAnswer } from './http-request'

/**
 * What one check shares across its stages: the limits, cancel, the secrets to mask, and the
 * requests themselves, each logged as it happens ("GET <url> (who) → <answer> (<ms> ms)").
 */

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000
export const DEFAULT_TOTAL_TIMEOUT_MS = 30_000
const MAX_REDIRECTS = 5
const REDIRECTS = new Set([301, 302, 303, 307, 308])

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
  /** Appended to the log's answer for the last hop, separator included (what the body says; never a secret). */
  describe?: (answer: HttpAnswer) => string
}

export type Answer = HttpAnswer & { url: URL; requestLine: string }

function whoIsCalling(credentials: SendCredentials | undefined): string {
  return credentials ? credentials.label : '(no credentials)'
}

function authorization(credentials: SendCredentials): string {
  return credentials.scheme === 'basic'
    ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
    : `Bearer ${credentials.token}`
}

function defaultAnswer(answer: HttpAnswer): string {
  const parts = [`${answer.status} ${answer.statusText}`.trim()]
  const challenge = answer.headers['www-authenticate']
  if (challenge) parts.push(`Www-Authenticate: ${challenge}`)
  if (REDIRECTS.has(answer.status) && answer.headers.location) parts.push(`Location: ${answer.headers.location}`)
  return parts.join(', ')
}

const TOTAL_TIMEOUT = Symbol('total timeout')

export class CheckSession {
  readonly connectTimeoutMs: number
  readonly totalTimeoutMs: number
  readonly delegateName: string
  readonly stages: TestStage[] = []
  private readonly controller = new AbortController()
  private readonly secrets: string[]
  private readonly timer: NodeJS.Timeout
  private readonly onCancel = () => this.controller.abort(this.options.signal?.reason)
  private get policy(): NetworkPolicy {
    return this.options.networkPolicy ?? DEFAULT_NETWORK_POLICY
  }

  constructor(
    private readonly options: CheckOptions,
    secrets: readonly string[],
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

  /** A value to mask in every log and text from now on (a token the check received). */
  addSecret(value: string): void {
    this.secrets.push(value)
  }

  /** Every value masked so far: the task's secrets and the tokens received. */
  maskedValues(): readonly string[] {
    return this.secrets
  }

  mask(text: string): string {
    return this.secrets.reduce((masking, secret) => maskText(masking, secret), text)
  }

  /** Rejects with the caller's reason when the check was cancelled. */
  throwIfCancelled(): void {
    const { signal } = this.controller
    if (signal.aborted && signal.reason !== TOTAL_TIMEOUT) throw signal.reason
  }

  startStage(title: string): StageRecorder {
    this.throwIfCancelled()
    const stage = new StageRecorder(this.stages.length, this.mask(title))
    this.options.onStageStarted?.(stage.index, stage.title)
    return stage
  }

  finishStage(stage: StageRecorder, status: TestStage['status']): void {
    const finished: TestStage = {
      title: stage.title,
      status,
      durationMs: stage.elapsedMs(),
      log: stage.lines.map((line) => this.mask(line)),
    }
    this.stages.push(finished)
    this.options.onStageFinished?.(stage.index, finished)
  }

  /** One request and its redirects; credentials go only to the origin the call names. */
  async send(stage: StageRecorder, call: Call): Promise<Answer> {
    let url = new URL(call.url)
    let credentials = call.credentials
    const origin = url.origin
    for (let hop = 0; ; hop += 1) {
      const answer = await this.once(stage, url, credentials, call, hop)
      const location = answer.headers.location
      if (!REDIRECTS.has(answer.status) || !location || hop === MAX_REDIRECTS) return answer
      let next: URL
      try {
        next = new URL(location, url)
      } catch {
        stage.note(`Redirected to an invalid Location (${location}): not followed`)
        return answer
      }
      if (credentials && next.origin !== origin) {
        credentials = undefined
        stage.note(`Redirected to ${next.origin}: credentials not sent`)
      }
      url = next
    }
  }

  private async once(
    stage: StageRecorder,
    url: URL,
    credentials: SendCredentials | undefined,
    call: Call,
    hop: number,
  ): Promise<Answer> {
    this.throwIfCancelled()
    const method = call.method ?? 'GET'
    const request = `${method} ${url.href}`
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
      const last = !REDIRECTS.has(answer.status) || hop === MAX_REDIRECTS
      const extra = last ? call.describe?.(answer) : undefined
      stage.request(requestLine, `${defaultAnswer(answer)}${extra ?? ''}`, ms())
      return { ...answer, url, requestLine }
    } catch (error) {
      const noAnswer = this.noAnswer(error)
      stage.request(requestLine, describeNoAnswer(noAnswer), ms())
      throw new CallError(noAnswer, url, request, stage.title)
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
      await new Promise<void>((resolve, reject) => {
        const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port, lookup: this.policy.lookup(port) })
        const signal = this.controller.signal
        const done = (error?: Error) => {
          clearTimeout(timer)
          signal.removeEventListener('abort', onAbort)
          socket.destroy()
          if (error) reject(error)
          else resolve()
        }
        // noAnswer() tells a cancel from the total limit by the signal itself.
        const onAbort = () => done(new Error('aborted'))
        const timer = setTimeout(
          () =>
            done(
              new NoAnswerError(
                'CONNECT_TIMEOUT',
                `no connection within ${this.connectTimeoutMs} ms`,
                this.connectTimeoutMs,
              ),
            ),
          this.connectTimeoutMs,
        )
        signal.addEventListener('abort', onAbort, { once: true })
        socket.once('connect', () => done())
        socket.once('error', (error: NodeJS.ErrnoException) =>
          done(
            error instanceof NetworkPolicyError
              ? policyRefusal(error)
              : new NoAnswerError(error.code ?? 'ERR_UNKNOWN', error.message),
          ),
        )
      })
      stage.request(request, 'connected', Math.round(performance.now() - started))
    } catch (error) {
      const noAnswer = this.noAnswer(error)
      stage.request(request, describeNoAnswer(noAnswer), Math.round(performance.now() - started))
      throw new CallError(noAnswer, url, request, stage.title)
    }
  }

  /** Cancel rejects with the caller's reason; the total limit becomes a timeout like any other. */
  private noAnswer(error: unknown): NoAnswerError {
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
