import type { Failure } from '../../connection-tests/failure'
import { CallError, type StageRecorder } from '../kit/call-log'
import { adviceFor, refinedProblem, typeGuidance, type CheckContext, type RealProtocol } from '../kit/check-context'
import { isPlainHttpAnswer, serverErrorFailure, type ProtocolTexts } from '../kit/check-failures'
import { wrongServerAnswer } from '../kit/identify-server'
import { v2Handshake, type V2Outcome } from '../kit/v2-handshake-check'
import {
  OCI_ANONYMOUS_NOTE,
  ociClientError,
  ociClientExplanation,
  ociCredentialFailure,
  ociHelmProtocol,
} from './simulated'

/**
 * OCI Helm Registry: what `helm registry login <host>` does (registry-protocols.md §4, §7.5),
 * the `/v2/` handshake without preemptive credentials, asking a token for the chart path.
 */

function v2Of(ctx: CheckContext, scheme: string): string {
  return `${scheme}://${ctx.target.host}/v2/`
}

const texts = (ctx: CheckContext): ProtocolTexts => ({
  runtime: 'go',
  unreachable: (fault) => ociHelmProtocol.unreachable(ctx, fault),
  clientCall: (fault, detail) => {
    const summary = ociClientError(v2Of(ctx, ctx.target.scheme), fault, detail)
    return {
      message: summary,
      summary,
      hints: [],
      explanations: [ociClientExplanation(ctx.target.host, fault, detail)],
    }
  },
})

/** Loopback registries are insecure by default for docker and helm: plain HTTP is tried after TLS. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname)
}

async function handshake(ctx: CheckContext, stage: StageRecorder, scope: string | undefined): Promise<V2Outcome> {
  try {
    return await v2Handshake(ctx, stage, { v2: v2Of(ctx, 'https'), preemptiveBasic: false, scope })
  } catch (error) {
    if (!(error instanceof CallError) || !isPlainHttpAnswer(error) || !isLoopback(ctx.target.hostname)) throw error
    stage.note(
      `${ctx.target.host} does not speak TLS; a loopback registry is tried over plain HTTP, as helm and docker do`,
    )
    return v2Handshake(ctx, stage, { v2: v2Of(ctx, 'http'), preemptiveBasic: false, scope })
  }
}

async function exchange(ctx: CheckContext, stage: StageRecorder): Promise<Failure | undefined> {
  const { host, path } = ctx.target
  if (!ctx.basic) stage.note(OCI_ANONYMOUS_NOTE)
  if (path)
    stage.note(`helm registry login uses only the host ${host}; charts will be pulled from oci://${host}${path}`)
  const repository = path.replace(/^\/+/, '')
  const outcome = await handshake(ctx, stage, repository ? `repository:${repository}:pull` : undefined)
  if (outcome.ok) {
    if (outcome.anonymous && ctx.basic) {
      stage.note(`${host} lets anyone in: the credentials were not checked, as with helm registry login`)
    }
    stage.note(outcome.anonymous ? 'Anonymous access granted' : 'Login Succeeded')
    return undefined
  }
  const { answer } = outcome
  if (outcome.problem === 'unexpected') {
    if (answer.status >= 500) {
      const failed = serverErrorFailure(answer, texts(ctx))
      const summary = ociClientError(answer.place.href, 'SERVER_ERROR', answer.said.statusLine)
      return { ...failed, message: summary, summary }
    }
    return wrongServerAnswer({
      expected: ociHelmProtocol.expected,
      url: host,
      requestLine: answer.requestLine,
      answer,
    })
  }
  stage.note(`Error: ${outcome.clientError}`)
  const problem = refinedProblem(ctx, outcome.problem)
  const advice = adviceFor(ctx, problem, 'the registry')
  if (problem === 'expired') advice.explanations = [`${host} answered: ${outcome.clientError}`]
  advice.hints.push(...typeGuidance(ctx))
  return ociCredentialFailure(problem, advice, {
    host,
    message: outcome.clientError,
    summary: outcome.clientError,
  })
}

export const ociHelmCheck: RealProtocol = { simulator: ociHelmProtocol, texts, exchange }
