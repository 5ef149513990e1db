import { failure, type Failure } from '../../connection-tests/failure'
import type { StageRecorder } from '../kit/call-log'
import type { Answer } from '../kit/check-calls'
import { adviceFor, type CheckContext, type RealProtocol } from '../kit/check-context'
import { serverErrorFailure, type ProtocolTexts } from '../kit/check-failures'
import {
  httpsPortHints,
  identifyServer,
  jsonBody,
  protocolMessage,
  quoted,
  wrongServerAnswer,
} from '../kit/identify-server'
import { foundServerFailure, lookForServer } from '../kit/server-probes'
import {
  artifactoryClientTexts,
  artifactoryCredentialFailure,
  artifactoryNotFound,
  artifactoryProtocol,
} from './simulated'

/**
 * Artifactory: Harness's ArtifactoryClientImpl (registry-protocols.md §5, §7.2). The ping
 * accepts anyone, so `GET <url>/api/repositories` is the call that proves the credentials.
 */

/** The first message of a JFrog error body (`{"errors":[{"status":401,"message":"Bad credentials"}]}`), as remote text. */
function errorMessage(answer: Answer): string {
  const body = jsonBody(answer) as { errors?: { message?: unknown }[] } | undefined
  const message = body?.errors?.[0]?.message
  return typeof message === 'string' ? answer.said.text(message) : answer.said.statusLine.replace(/^\d+\s*/, '')
}

const texts = (ctx: CheckContext): ProtocolTexts => ({
  runtime: 'java',
  unreachable: (fault) => artifactoryProtocol.unreachable(ctx, fault),
  clientCall: (fault, detail, answer) =>
    artifactoryClientTexts(fault, detail, answer?.status, answer ? errorMessage(answer) : undefined),
})

/** A refusal's JFrog error message; an unknown server's body is never quoted. */
function describe(answer: Answer): string {
  if (answer.status < 400) return ''
  const message = protocolMessage(answer)
  return message ? ` ${message}` : ''
}

const ARTIFACTORY = 'JFrog Artifactory'

/** Where this Artifactory's API is, when the URL goes past its context path (a repository's URL). */
function artifactoryBase(ctx: CheckContext): string | undefined {
  const path = new URL(ctx.target.base).pathname
  const context = /^(.*?\/artifactory)\/./i.exec(path)?.[1]
  return context ? `${ctx.target.scheme}://${ctx.target.host}${context}` : undefined
}

/**
 * What the server is, when its answers are not Artifactory's API: a product that names itself,
 * or what the other protocols' probes recognise (a Helm repository, a registry, Nexus).
 */
async function anotherServer(ctx: CheckContext, stage: StageRecorder, answer: Answer): Promise<Failure | undefined> {
  const identified = identifyServer(answer)
  const url = ctx.target.base
  const { expected } = artifactoryProtocol
  if (identified && identified.name !== ARTIFACTORY) {
    return wrongServerAnswer({ expected, url, requestLine: answer.requestLine, answer })
  }
  const found = await lookForServer(ctx, stage, { hostWide: !identified })
  if (!found) return undefined
  // Artifactory itself answered: the URL is one of its repositories, not its base URL.
  const base = identified ? artifactoryBase(ctx) : undefined
  return foundServerFailure({
    expected,
    url,
    server: found,
    ...(identified ? { hostedBy: ARTIFACTORY } : {}),
    requestLine: answer.requestLine,
    answer: quoted(answer, undefined),
    extra: { hints: base ? [`For an Artifactory connector to this server, use ${base}.`] : [] },
  })
}

async function notFound(ctx: CheckContext, stage: StageRecorder, answer: Answer): Promise<Failure> {
  const another = await anotherServer(ctx, stage, answer)
  if (another) return another
  const contextPath = /\/artifactory$/i.test(ctx.target.path)
  return artifactoryNotFound({
    hints: contextPath
      ? []
      : [`Use ${ctx.target.base}/artifactory: Artifactory serves its API under its context path.`],
    explanations: [`${answer.requestLine.split(' ').slice(0, 2).join(' ')} answered 404 Not Found.`],
  })
}

function refused(ctx: CheckContext, answer: Answer): Failure {
  const message = errorMessage(answer)
  if (answer.status === 407) {
    return failure('INVALID_DETAILS', `Request to server failed with status code: 407`, {
      hints: ['The proxy settings may be not be configured correctly for Artifactory or the Delegate'],
      explanations: [`Request to server failed with status code: 407 with message - ${message}`],
    })
  }
  const problem = ctx.credentials ? 'rejected' : 'required'
  const advice = adviceFor(ctx, problem, 'JFrog Artifactory')
  if (answer.status === 403) {
    advice.explanations = [
      `${ctx.target.host} answered 403 Forbidden: the user may lack the permission to list repositories.`,
    ]
  }
  return artifactoryCredentialFailure(!ctx.credentials, advice, { status: answer.status, message })
}

async function exchange(ctx: CheckContext, stage: StageRecorder): Promise<Failure | undefined> {
  const base = ctx.target.base
  const ping = await ctx.session.send(stage, {
    url: `${base}/api/system/ping`,
    credentials: ctx.credentials,
    describe: (got) =>
      got.status === 200 && got.body.toString('utf8').trim() === 'OK'
        ? ' "OK" (the ping accepts any caller, so it does not check credentials)'
        : describe(got),
  })
  if (ping.status >= 500) return serverErrorFailure(ping, texts(ctx))
  const pinged = ping.status === 200 && ping.body.toString('utf8').trim() === 'OK'
  if (!pinged && ping.status >= 300 && ping.status !== 404) return otherStatus(ping)
  if (!pinged && ping.status !== 404) {
    const another = await anotherServer(ctx, stage, ping)
    if (another) return another
    return wrongServerAnswer({
      expected: artifactoryProtocol.expected,
      url: base,
      requestLine: ping.requestLine,
      answer: ping,
    })
  }
  const repositories = await ctx.session.send(stage, {
    url: `${base}/api/repositories`,
    credentials: ctx.credentials,
    headers: { Accept: 'application/json' },
    describe: (got) => {
      const list = jsonBody(got)
      if (got.status !== 200) return describe(got)
      return Array.isArray(list)
        ? ` (${list.length} repositories${ctx.credentials ? '' : ' visible to anonymous users'})`
        : ''
    },
  })
  const list = jsonBody(repositories)
  if (repositories.status === 200 && Array.isArray(list)) return undefined
  if (repositories.status === 404) return notFound(ctx, stage, repositories)
  if ([401, 403, 407].includes(repositories.status)) return refused(ctx, repositories)
  if (repositories.status >= 500) return serverErrorFailure(repositories, texts(ctx))
  if (repositories.status === 200) {
    const another = await anotherServer(ctx, stage, repositories)
    if (another) return another
    return wrongServerAnswer({
      expected: artifactoryProtocol.expected,
      url: base,
      requestLine: repositories.requestLine,
      answer: repositories,
    })
  }
  return otherStatus(repositories)
}

/** Harness's words for any other non-2xx answer. */
function otherStatus(answer: Answer): Failure {
  return failure('INVALID_DETAILS', `Request to server failed with status code: ${answer.status}`, {
    hints: ['The server could have failed authenticate. Please check your credentials', ...httpsPortHints(answer)],
    explanations: [
      `Request to server failed with status code: ${answer.status} with message - ${errorMessage(answer)}`,
    ],
  })
}

export const artifactoryCheck: RealProtocol = { simulator: artifactoryProtocol, texts, exchange }
