import { caller } from '../../connection-tests/credentials'
import { failure, type Failure } from '../../connection-tests/failure'
import { type StageLog } from '../../connection-tests/stage-log'
import { parseTarget } from '../../connection-tests/target'
import { clientCallFault, javaTlsTexts } from '../kit/network-faults'
import type { FailureTexts, ProtocolSimulator, ServerContext } from '../kit/protocol'
import { simulatedWrongServer } from '../kit/server-probes'
import { credentialAdvice, judgeCredentials, serves } from '../kit/simulated-servers'
import { notFoundAnswer } from '../kit/wrong-server'

/**
 * Harness's 404 hint speaks of "artifact configuration (repository and artifact path field
 * values)", fields of its artifact sources that a connector form does not have: ours has the URL.
 */
export const ARTIFACTORY_NOT_FOUND_HINT =
  'Check the Artifactory Repository URL: it is the base URL of Artifactory, usually ending in /artifactory (for example https://mycompany.jfrog.io/artifactory).'

/** Harness's texts when the client call fails on a certificate or a 5xx (503 in the simulated world). */
export function artifactoryClientTexts(
  fault: 'TLS' | 'SERVER_ERROR',
  detail: string,
  status = 503,
  errorMessage = 'Service Unavailable',
): FailureTexts {
  return fault === 'TLS'
    ? javaTlsTexts(detail)
    : {
        message: `Request to server failed with status code: ${status}`,
        hints: [],
        explanations: [`Request to server failed with status code: ${status} with message - ${errorMessage}`],
      }
}

/** Where the API really is: the row's URL, or this URL plus the context path it lacks. */
function suggestedUrl(ctx: ServerContext): string {
  return ctx.row.missingContextPath ? `${ctx.target.base}${ctx.row.missingContextPath}` : parseTarget(ctx.row.url).base
}

/**
 * Harness's ArtifactoryClientImpl: the ping proves nothing about credentials (JFrog's ping
 * accepts anyone), so `GET /api/repositories` is the call that decides.
 */
function exchange(ctx: ServerContext, stage: StageLog): Failure | undefined {
  const base = ctx.target.base
  const ping = `GET ${base}/api/system/ping ${caller(ctx.auth)}`
  const repositories = `GET ${base}/api/repositories ${caller(ctx.auth)}`
  const fault = clientCallFault(ctx, 'java', stage, ping, artifactoryClientTexts)
  if (fault) return fault
  if (!serves(artifactoryProtocol, ctx.row.kind)) return simulatedWrongServer(ctx, artifactoryProtocol, stage, ping)
  if (!ctx.pathMatches) {
    stage.request(ping, notFoundAnswer(ctx.row))
    stage.request(repositories, `${notFoundAnswer(ctx.row)} (the JFrog router serves no API at this path)`)
    return artifactoryNotFound({
      hints: [`Use ${suggestedUrl(ctx)}: Artifactory serves its API under its context path.`],
      explanations: [`GET ${base}/api/repositories answered 404 Not Found.`],
    })
  }
  stage.request(ping, '200 OK "OK" (the ping accepts any caller, so it does not check credentials)')
  const verdict = judgeCredentials(ctx.row, ctx.auth, ctx.now)
  if (verdict.accepted) {
    const repos =
      '[{"key":"docker-local","type":"LOCAL","packageType":"Docker"},{"key":"helm-remote","type":"REMOTE","packageType":"Helm"},{"key":"libs-release","type":"VIRTUAL","packageType":"Maven"}]'
    stage.request(
      repositories,
      `200 OK ${repos}${verdict.anonymous ? ' (repositories visible to anonymous users)' : ''}`,
    )
    return undefined
  }
  stage.request(repositories, '401 Unauthorized {"errors":[{"status":401,"message":"Bad credentials"}]}')
  const advice = credentialAdvice(verdict, ctx.auth, ctx.row, ctx.target.host)
  return artifactoryCredentialFailure(verdict.problem === 'required', advice)
}

/** Harness's texts for a 404 from `api/repositories`, then ours. */
export function artifactoryNotFound(ours: { hints: string[]; explanations: string[] }): Failure {
  return failure('NOT_FOUND', 'Artifactory Server responded with Not Found.', {
    hints: [ARTIFACTORY_NOT_FOUND_HINT, ...ours.hints],
    explanations: [
      'The Artifactory Repository URL may be incorrect, or the server at it is not Artifactory.',
      ...ours.explanations,
    ],
  })
}

/** Harness's texts for a refused `api/repositories` (401 Bad credentials in the simulated world). */
export function artifactoryCredentialFailure(
  required: boolean,
  advice: { hints: string[]; explanations: string[] },
  answer: { status: number; message: string } = { status: 401, message: 'Bad credentials' },
): Failure {
  return failure(
    required ? 'CREDENTIALS_REQUIRED' : 'BAD_CREDENTIALS',
    `Request to server failed with status code: ${answer.status}`,
    {
      hints: ['The server could have failed authenticate. Please check your credentials', ...advice.hints],
      explanations: [
        `Request to server failed with status code: ${answer.status} with message - ${answer.message}`,
        ...advice.explanations,
      ],
    },
  )
}

export const artifactoryProtocol: ProtocolSimulator = {
  runtime: 'java',
  serverKinds: ['jfrog-artifactory'],
  expected: {
    server: 'Artifactory server',
    api: 'Artifactory REST API',
    baseUrl: 'the Artifactory base URL, which ends in /artifactory',
  },
  whereLabel: (ctx) => ctx.target.base,
  reachabilityLabel: (ctx) => ctx.url,
  probeRequest: (ctx) => `GET ${ctx.target.base}/`,
  probeAnswer: (ctx) => (ctx.pathMatches ? '200 OK' : notFoundAnswer(ctx.row)),
  unreachable: (ctx) => ({
    message: `Could not reach Artifactory Server at ${ctx.target.base}`,
    hints: ['Check if the Artifactory URL is reachable from your delegate(s)'],
    explanations: ['The given artifactory URL is not reachable'],
  }),
  exchange,
}
