import { caller } from '../../connection-tests/credentials'
import { failure, type Failure } from '../../connection-tests/failure'
import { latency, type StageLog } from '../../connection-tests/stage-log'
import { parseTarget, withoutV2Suffix } from '../../connection-tests/target'
import { type CredentialVerdict } from '../kit/credential-advice'
import { clientCallFault, javaTlsTexts } from '../kit/network-faults'
import type { FailureTexts, ProtocolContext, ProtocolSimulator, ServerContext } from '../kit/protocol'
import { credentialAdvice, judgeCredentials, serves } from '../kit/simulated-servers'
import { ECR_EXPIRED_TEXT, v2Handshake, DOCKER_V2_KINDS } from '../kit/v2-handshake-simulated'
import { notFoundAnswer, wrongServer } from '../kit/wrong-server'

/** Harness appends `/v2` unless the URL ends with it (DockerRegistryServiceImpl). */
export function v2Url(ctx: Pick<ProtocolContext, 'target'>): string {
  return /\/v2$/i.test(ctx.target.base) ? ctx.target.base : `${ctx.target.base}/v2`
}

export function rootUrl(ctx: Pick<ProtocolContext, 'target'>): string {
  return v2Url(ctx).replace(/\/v2$/i, '')
}

export function isHarborProvider(ctx: Pick<ProtocolContext, 'settings'>): boolean {
  return ctx.settings.providerType === 'Harbor'
}

const PROVIDER_FOR_KIND: Record<string, string> = { 'docker-hub': 'DockerHub', quay: 'Quay', harbor: 'Harbor' }

/** Harness's texts when the client call fails on a certificate or a 5xx (503 in the simulated world). */
export function dockerClientTexts(fault: 'TLS' | 'SERVER_ERROR', detail: string, status = 503): FailureTexts {
  return fault === 'TLS'
    ? javaTlsTexts(detail)
    : {
        message: `Server responded with the following error code - ${status}`,
        hints: [],
        explanations: ['Failed to validate the response from Docker Registry'],
      }
}

export function dockerBadCredentials(advice: { hints: string[]; explanations: string[] }): Failure {
  return failure('BAD_CREDENTIALS', 'Invalid Docker Registry credentials', {
    code: 470,
    hints: ['Update the username & password', ...advice.hints],
    explanations: ['Check if the provided credentials are correct', ...advice.explanations],
  })
}

/** Provider Type Harbor for a server whose `/api/v2.0/projects` answers 404. */
export function notHarbor(host: string, serverName: string, provider: string): Failure {
  return failure('INVALID_DETAILS', 'Non standard response from Docker registry', {
    hints: [
      `Choose Provider Type ${provider}: ${host} is ${serverName}, not Harbor, so Harbor's API (/api/v2.0) is not there.`,
    ],
    explanations: [
      'Failed to validate the response from Docker Registry',
      'GET /api/v2.0/projects answered 404 Not Found.',
    ],
  })
}

/** Harbor listed no project for the caller. */
export function noHarborProjects(
  kind: 'CREDENTIALS_REQUIRED' | 'BAD_CREDENTIALS',
  advice: { hints: string[]; explanations: string[] },
): Failure {
  return failure(kind, 'No Harbor projects associated with given user', {
    code: 470,
    hints: ['No Harbor projects found.', ...advice.hints],
    explanations: ['Check if the provided credentials are correct & has access to projects', ...advice.explanations],
  })
}

/** Harbor's own API: `GET /api/v2.0/projects` with Basic, as Harness does for Provider Type Harbor. */
function harborExchange(ctx: ServerContext, stage: StageLog): Failure | undefined {
  const projects = `GET ${rootUrl(ctx)}/api/v2.0/projects ${caller(ctx.auth)}`
  if (ctx.row.kind !== 'harbor') {
    stage.request(projects, notFoundAnswer(ctx.row))
    return notHarbor(ctx.target.host, ctx.row.name, PROVIDER_FOR_KIND[ctx.row.kind] ?? 'Other')
  }
  const verdict = judgeCredentials(ctx.row, ctx.auth, ctx.now)
  if (verdict.accepted) {
    stage.request(projects, '200 OK [{"name":"library"},{"name":"payments"}]')
    return undefined
  }
  const advice = credentialAdvice(verdict, ctx.auth, ctx.row, ctx.target.host)
  if (verdict.problem === 'required') {
    stage.request(projects, '200 OK [] (no public projects)')
    return noHarborProjects('CREDENTIALS_REQUIRED', advice)
  }
  stage.request(projects, '401 Unauthorized {"errors":[{"code":"UNAUTHORIZED","message":"unauthorized"}]}')
  return dockerBadCredentials(advice)
}

/** Harness's texts for a 404 on `/v2/`, then ours. */
export function dockerUrlNotFound(ours: { hints: string[]; explanations: string[] }): Failure {
  return failure('NOT_FOUND', 'Invalid Docker Registry URL', {
    hints: ['Check with your registry provider for a Docker v2 compliant URL', ...ours.hints],
    explanations: ['Provided Docker Registry URL is incorrect', ...ours.explanations],
  })
}

export const ANONYMOUS_DOCKER_NOTE =
  'Harness only checks that an anonymous Docker Registry URL is reachable; this test also asks for anonymous pull access, which pipelines need'

/** How a refused login ends, once the registry's verdict is known. */
export function dockerCredentialFailure(
  problem: Extract<CredentialVerdict, { accepted: false }>['problem'],
  advice: { hints: string[]; explanations: string[] },
  host: string,
): Failure {
  switch (problem) {
    case 'expired':
      return failure('EXPIRED_TOKEN', ECR_EXPIRED_TEXT, { code: 470, ...advice })
    case 'required':
      return failure('CREDENTIALS_REQUIRED', `${host} requires credentials: anonymous pull denied`, {
        code: 470,
        hints: advice.hints,
        explanations: [
          ...advice.explanations,
          'Harness itself only checks that an anonymous Docker Registry URL is reachable, so this connector would pass there and pipelines would fail to pull.',
        ],
      })
    default:
      return dockerBadCredentials(advice)
  }
}

function exchange(ctx: ServerContext, stage: StageLog): Failure | undefined {
  const v2 = v2Url(ctx)
  const first = isHarborProvider(ctx)
    ? `GET ${rootUrl(ctx)}/api/v2.0/projects ${caller(ctx.auth)}`
    : `GET ${v2} ${caller(ctx.auth)}`
  const fault = clientCallFault(ctx, 'java', stage, first, dockerClientTexts)
  if (fault) return fault
  if (!serves(dockerRegistryProtocol, ctx.row.kind)) {
    return wrongServer(ctx, dockerRegistryProtocol, stage, isHarborProvider(ctx) ? first : `GET ${v2}/`)
  }
  if (!ctx.pathMatches) {
    stage.request(`GET ${v2} ${caller(ctx.auth)}`, notFoundAnswer(ctx.row))
    stage.request(`GET ${v2}/ ${caller(ctx.auth)} (retried by the client)`, notFoundAnswer(ctx.row))
    const registryRoot = withoutV2Suffix(parseTarget(ctx.row.url).base)
    return dockerUrlNotFound({
      hints: [`${ctx.row.name} serves the Docker v2 API at its root: use ${registryRoot}`],
      explanations: [`${ctx.row.name} answered 404 Not Found for ${v2}/.`],
    })
  }
  if (isHarborProvider(ctx)) return harborExchange(ctx, stage)

  const verdict = judgeCredentials(ctx.row, ctx.auth, ctx.now)
  if (ctx.auth.scheme === 'none') {
    stage.note(ANONYMOUS_DOCKER_NOTE, latency(`anon:${v2}`, 5, 20))
  }
  v2Handshake(ctx, stage, `${v2}/`, verdict, { preemptiveBasic: true })
  if (verdict.accepted) {
    if (ctx.row.kind === 'docker-hub' && verdict.anonymous) {
      stage.note('Anonymous Docker Hub pulls are rate limited; a username and access token avoid that')
    }
    return undefined
  }
  const advice = credentialAdvice(verdict, ctx.auth, ctx.row, ctx.target.host)
  return dockerCredentialFailure(verdict.problem, advice, ctx.target.host)
}

export const dockerRegistryProtocol: ProtocolSimulator = {
  runtime: 'java',
  serverKinds: DOCKER_V2_KINDS,
  // Harness appends `/v2` to the URL, so the registry's root is where the API must be.
  apiAtRegistryRoot: true,
  expected: { server: 'Docker Registry server', api: 'Docker Registry v2 API' },
  whereLabel: (ctx) => ctx.target.base,
  reachabilityLabel: (ctx) => ctx.url,
  probeRequest: (ctx) => (isHarborProvider(ctx) ? `GET ${rootUrl(ctx)}/api/v2.0/ping` : `GET ${v2Url(ctx)}`),
  probeAnswer: (ctx) => {
    const registry = serves(dockerRegistryProtocol, ctx.row.kind) && ctx.pathMatches
    if (isHarborProvider(ctx)) return registry && ctx.row.kind === 'harbor' ? '200 OK "Pong"' : notFoundAnswer(ctx.row)
    return registry ? '401 Unauthorized' : notFoundAnswer(ctx.row)
  },
  unreachable: (ctx) => ({
    message: `Could not reach Docker Registry at ${isHarborProvider(ctx) ? `${rootUrl(ctx)}/api/v2.0/ping` : v2Url(ctx)}`,
    hints: ['Check if the Docker Registry URL is correct & reachable from your delegate(s)'],
    explanations: ['The given Docker Registry URL may be incorrect or not reachable from your delegate(s)'],
  }),
  exchange,
}
