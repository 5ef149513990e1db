import { failure, type Failure } from '../../connection-tests/failure'
import type { StageRecorder } from '../kit/call-log'
import type { Answer } from '../kit/check-calls'
import {
  adviceFor,
  refinedProblem,
  typeGuidance,
  type CheckContext,
  type CredentialProblem,
  type RealProtocol,
} from '../kit/check-context'
import { serverErrorFailure, type ProtocolTexts } from '../kit/check-failures'
import { httpsPortHints, identifyServer, jsonBody, wrongServerAnswer } from '../kit/identify-server'
import { v2Handshake } from '../kit/v2-handshake-check'
import { ECR_EXPIRED_TEXT } from '../kit/v2-handshake-simulated'
import {
  ANONYMOUS_DOCKER_NOTE,
  dockerClientTexts,
  dockerCredentialFailure,
  dockerUrlNotFound,
  isHarborProvider,
  noHarborProjects,
  notHarbor,
  rootUrl,
  v2Url,
  dockerBadCredentials,
  dockerRegistryProtocol,
} from './simulated'

/** Docker Registry: Harness's DockerRegistryServiceImpl, for real (registry-protocols.md §7.1). */

const texts = (ctx: CheckContext): ProtocolTexts => ({
  runtime: 'java',
  unreachable: (fault) => dockerRegistryProtocol.unreachable(ctx, fault),
  clientCall: (fault, detail, answer) => dockerClientTexts(fault, detail, answer?.status),
})

/** Docker Hub's registry API is registry-1.docker.io, whichever name the connector uses (as docker does). */
function registryV2(ctx: CheckContext, stage: StageRecorder): string {
  const v2 = `${v2Url(ctx)}/`
  if (ctx.target.hostname !== 'index.docker.io' && ctx.target.hostname !== 'docker.io') return v2
  stage.note(`Docker Hub: ${ctx.target.hostname} is served by registry-1.docker.io, as docker login does`)
  return v2.replace(ctx.target.hostname, 'registry-1.docker.io')
}

function credentialFailure(ctx: CheckContext, problem: CredentialProblem): Failure {
  const host = ctx.target.host
  const actual = refinedProblem(ctx, problem)
  const advice = adviceFor(ctx, actual, 'the registry')
  if (actual === 'expired') {
    advice.explanations = [`${host} answered: ${ECR_EXPIRED_TEXT}`, 'An ECR authorization token is valid for 12 hours.']
  }
  advice.hints.push(...typeGuidance(ctx))
  return dockerCredentialFailure(actual, advice, host)
}

function unexpected(ctx: CheckContext, answer: Answer): Failure {
  if (answer.status >= 500) return serverErrorFailure(answer, texts(ctx))
  const identified = identifyServer(answer)
  if (answer.status === 404 && (!identified || identified.name === 'a Docker registry')) {
    const root = `${ctx.target.scheme}://${ctx.target.host}`
    return dockerUrlNotFound({
      hints:
        ctx.target.path && rootUrl(ctx) !== root
          ? [`Registries serve the Docker v2 API at the host's root: try ${root}`]
          : [],
      explanations: [`${answer.place.host} answered 404 Not Found for ${answer.place.href}.`],
    })
  }
  if (answer.status === 404 || (answer.status < 300 && !identified)) {
    return wrongServerAnswer({
      expected: dockerRegistryProtocol.expected,
      url: ctx.target.base,
      requestLine: answer.requestLine,
      answer,
    })
  }
  if (answer.status === 429) {
    return failure('SERVER_ERROR', 'Image pull rate limit reached', {
      hints: ctx.basic ? [] : ['Please authenticate Docker connector using Username and Password'],
      explanations: [`${answer.place.host} answered 429 Too Many Requests.`],
    })
  }
  return failure('INVALID_DETAILS', `Server responded with the following error code - ${answer.status}`, {
    hints: ['Check if the Docker Registry URL is correct & reachable from your delegate(s)', ...httpsPortHints(answer)],
    explanations: [`${answer.requestLine.split(' ').slice(0, 2).join(' ')} answered ${answer.said.statusLine}.`],
  })
}

/** Provider Type Harbor: `GET /api/v2.0/projects` with Basic, as Harness does. */
async function harbor(ctx: CheckContext, stage: StageRecorder): Promise<Failure | undefined> {
  const answer = await ctx.session.send(stage, {
    url: `${rootUrl(ctx)}/api/v2.0/projects`,
    credentials: ctx.basic,
    headers: { Accept: 'application/json' },
    describe: (got) => {
      const projects = jsonBody(got)
      return Array.isArray(projects) ? ` (${projects.length} projects)` : ''
    },
  })
  const projects = jsonBody(answer)
  if (answer.status === 200 && Array.isArray(projects)) {
    if (projects.length > 0) return undefined
    const problem = ctx.basic ? 'rejected' : 'required'
    return noHarborProjects(ctx.basic ? 'BAD_CREDENTIALS' : 'CREDENTIALS_REQUIRED', adviceFor(ctx, problem, 'Harbor'))
  }
  if (answer.status === 401) {
    return ctx.basic ? dockerBadCredentials(adviceFor(ctx, 'rejected', 'Harbor')) : credentialFailure(ctx, 'required')
  }
  if (answer.status === 404) {
    const name = identifyServer(answer)?.name ?? 'another kind of server'
    const provider = ctx.target.hostname.endsWith('docker.io')
      ? 'DockerHub'
      : ctx.target.hostname === 'quay.io'
        ? 'Quay'
        : 'Other'
    return notHarbor(ctx.target.host, name, provider)
  }
  return unexpected(ctx, answer)
}

async function exchange(ctx: CheckContext, stage: StageRecorder): Promise<Failure | undefined> {
  if (isHarborProvider(ctx)) return harbor(ctx, stage)
  if (!ctx.basic) stage.note(ANONYMOUS_DOCKER_NOTE)
  const v2 = registryV2(ctx, stage)
  // Harness's client sends Basic with its first request.
  const outcome = await v2Handshake(ctx, stage, { v2, preemptiveBasic: true })
  if (outcome.ok) {
    if (outcome.anonymous && ctx.target.hostname.endsWith('docker.io')) {
      stage.note('Anonymous Docker Hub pulls are rate limited; a username and access token avoid that')
    }
    return undefined
  }
  if (outcome.problem === 'unexpected') return unexpected(ctx, outcome.answer)
  return credentialFailure(ctx, outcome.problem)
}

export const dockerRegistryCheck: RealProtocol = { simulator: dockerRegistryProtocol, texts, exchange }
