import { caller } from '../../connection-tests/credentials'
import { failure, type Failure } from '../../connection-tests/failure'
import { type StageLog } from '../../connection-tests/stage-log'
import { parseTarget } from '../../connection-tests/target'
import { clientCallFault, javaTlsTexts } from '../kit/network-faults'
import type { FailureTexts, ProtocolSimulator, ServerContext } from '../kit/protocol'
import { simulatedWrongServer } from '../kit/server-probes'
import { credentialAdvice, judgeCredentials, serves } from '../kit/simulated-servers'
import { notFoundAnswer } from '../kit/wrong-server'

export const NEXUS_VERSION_HINT =
  'Check if the Nexus URL & Nexus version are correct. Nexus URLs are different for different Nexus versions'

/** Harness's texts when the client call fails on a certificate or a 5xx (`detail`: the status line). */
export function nexusClientTexts(fault: 'TLS' | 'SERVER_ERROR', detail: string): FailureTexts {
  return fault === 'TLS'
    ? javaTlsTexts(detail)
    : {
        message: `Nexus responded with ${detail}`,
        hints: ['Please retry the operation or check the Delegate logs for more information'],
        explanations: ['Failed to perform action.'],
      }
}

function isVersion2(ctx: ServerContext): boolean {
  return ctx.settings.version === '2.x'
}

/** Why the Nexus API was not where the chosen version looks for it, in words a user can act on. */
function mismatch(ctx: ServerContext): { hints: string[]; explanations: string[] } {
  return nexusMismatchAdvice({
    host: ctx.target.host,
    serverIs3: ctx.row.kind === 'nexus3',
    chosenVersion2: isVersion2(ctx),
    // The row's URL: where the API really is.
    pathFix: ctx.pathMatches ? undefined : parseTarget(ctx.row.url).base,
  })
}

/** The version and context-path advice for a Nexus server found at `host`. */
export function nexusMismatchAdvice(found: {
  host: string
  serverIs3: boolean
  chosenVersion2: boolean
  /** The URL where the API is, when the connector's path is wrong. */
  pathFix?: string
}): { hints: string[]; explanations: string[] } {
  const { serverIs3, pathFix } = found
  const hints: string[] = []
  const explanations: string[] = []
  if (serverIs3 === found.chosenVersion2) {
    hints.push(`${found.host} runs Nexus ${serverIs3 ? '3' : '2'}: choose Version ${serverIs3 ? '3.x' : '2.x'}.`)
    explanations.push(
      serverIs3
        ? "Version 2.x calls Nexus 2's API (/service/local), which a Nexus 3 server does not have."
        : "Version 3.x calls Nexus 3's API (/service/rest/v1), which a Nexus 2 server does not have.",
    )
  }
  if (pathFix !== undefined) {
    hints.push(
      serverIs3
        ? `Nexus 3 serves its API at the server root, without a context path: use ${pathFix}`
        : `Nexus 2 serves its API under its context path, usually /nexus: use ${pathFix}`,
    )
  }
  return { hints, explanations }
}

/**
 * Harness's NexusClientImpl: 3.x lists `service/rest/v1/repositories`, 2.x checks
 * `service/local/status` and lists `service/local/repositories`; a 404 means the URL or the
 * version is wrong, whichever it is.
 */
function exchange(ctx: ServerContext, stage: StageLog): Failure | undefined {
  const base = ctx.target.base
  const who = caller(ctx.auth)
  const first = isVersion2(ctx)
    ? `GET ${base}/service/local/status ${who}`
    : `GET ${base}/service/rest/v1/repositories ${who} (Accept: application/json)`
  const fault = clientCallFault(ctx, 'java', stage, first, nexusClientTexts)
  if (fault) return fault
  if (!serves(nexusProtocol, ctx.row.kind)) return simulatedWrongServer(ctx, nexusProtocol, stage, first)
  const versionMatches = (ctx.row.kind === 'nexus2') === isVersion2(ctx)
  if (!versionMatches || !ctx.pathMatches) {
    stage.request(first, notFoundAnswer(ctx.row))
    return nexusInvalidDetails(mismatch(ctx))
  }
  let listing = first
  if (isVersion2(ctx)) {
    stage.request(
      first,
      '200 OK {"data":{"appName":"Nexus Repository Manager","state":"STARTED","version":"2.15.1-02"}}',
    )
    listing = `GET ${base}/service/local/repositories ${who}`
  }
  const verdict = judgeCredentials(ctx.row, ctx.auth, ctx.now)
  if (verdict.accepted) {
    const repos = isVersion2(ctx)
      ? '<repositories><data><repositories-item><id>releases</id><format>maven2</format></repositories-item></data></repositories>'
      : '[{"name":"maven-releases","format":"maven2","type":"hosted"},{"name":"docker-hosted","format":"docker","type":"hosted"}]'
    stage.request(listing, `200 OK ${repos}${verdict.anonymous ? ' (repositories visible to anonymous users)' : ''}`)
    return undefined
  }
  stage.request(listing, '401 Unauthorized, WWW-Authenticate: BASIC realm="Sonatype Nexus Repository Manager"')
  const advice = credentialAdvice(verdict, ctx.auth, ctx.row, ctx.target.host)
  return nexusCredentialFailure(verdict.problem === 'required', advice)
}

/** Harness's texts for a 404 (the URL or the version is wrong), then ours. */
export function nexusInvalidDetails(ours: { hints: string[]; explanations: string[] }): Failure {
  return failure('INVALID_DETAILS', 'Invalid Nexus connector details', {
    hints: [NEXUS_VERSION_HINT, ...ours.hints],
    explanations: ['The Nexus URL or the version for the connector is incorrect', ...ours.explanations],
  })
}

/** Harness's texts for a 401, then the advice for the credentials. */
export function nexusCredentialFailure(
  required: boolean,
  advice: { hints: string[]; explanations: string[] },
): Failure {
  return failure(required ? 'CREDENTIALS_REQUIRED' : 'BAD_CREDENTIALS', 'Invalid Nexus credentials', {
    hints: ['Update the connector credentials with correct values', ...advice.hints],
    explanations: ['The connector credentials are incorrect', ...advice.explanations],
  })
}

export const nexusProtocol: ProtocolSimulator = {
  runtime: 'java',
  serverKinds: ['nexus3', 'nexus2'],
  expected: {
    server: 'Nexus server',
    api: 'Nexus REST API',
    baseUrl: 'the base URL of your Nexus server (the server root for Nexus 3, usually ending in /nexus for Nexus 2)',
  },
  whereLabel: (ctx) => ctx.target.base,
  reachabilityLabel: (ctx) => ctx.url,
  probeRequest: (ctx) => `GET ${ctx.target.base}`,
  probeAnswer: (ctx) => (ctx.pathMatches ? '200 OK' : notFoundAnswer(ctx.row)),
  unreachable: (ctx, fault) =>
    fault === 'DNS'
      ? {
          message: `Unknown Nexus Host: ${ctx.target.hostname}`,
          hints: ['Check if the Nexus URL & version are correct'],
          explanations: ['The Nexus URL for the connector is incorrect or not reachable'],
        }
      : {
          message: `Could not reach Nexus Server at ${ctx.target.base}`,
          hints: ['Check if the Nexus URL is reachable from your delegate(s)'],
          explanations: ['The given Nexus URL is not reachable'],
        },
  exchange,
}
