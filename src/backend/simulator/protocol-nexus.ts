import { caller, credentialAdvice, judgeCredentials } from './credentials'
import { clientCallFault, javaTlsTexts } from './network-faults'
import type { FailureTexts, ProtocolSimulator, ServerContext } from './protocol'
import { serves } from './simulated-world'
import { failure, type Failure, type StageLog } from './simulation-kit'
import { parseTarget } from './world-lookup'
import { notFoundAnswer, wrongServer } from './wrong-server'

const VERSION_HINT =
  'Check if the Nexus URL & Nexus version are correct. Nexus URLs are different for different Nexus versions'

function clientTexts(fault: 'TLS' | 'SERVER_ERROR', detail: string): FailureTexts {
  return fault === 'TLS'
    ? javaTlsTexts(detail)
    : {
        message: 'Nexus responded with 503 Service Unavailable',
        hints: ['Please retry the operation or check the Delegate logs for more information'],
        explanations: ['Failed to perform action.'],
      }
}

function isVersion2(ctx: ServerContext): boolean {
  return ctx.settings.version === '2.x'
}

/** Why the Nexus API was not where the chosen version looks for it, in words a user can act on. */
function mismatch(ctx: ServerContext): { hints: string[]; explanations: string[] } {
  const rowBase = parseTarget(ctx.row.url).base
  const serverIs3 = ctx.row.kind === 'nexus3'
  const hints: string[] = []
  const explanations: string[] = []
  if (serverIs3 === isVersion2(ctx)) {
    hints.push(`${ctx.target.host} runs Nexus ${serverIs3 ? '3' : '2'}: choose Version ${serverIs3 ? '3.x' : '2.x'}.`)
    explanations.push(
      serverIs3
        ? "Version 2.x calls Nexus 2's API (/service/local), which a Nexus 3 server does not have."
        : "Version 3.x calls Nexus 3's API (/service/rest/v1), which a Nexus 2 server does not have.",
    )
  }
  if (!ctx.pathMatches) {
    hints.push(
      serverIs3
        ? `Nexus 3 serves its API at the server root, without a context path: use ${rowBase}`
        : `Nexus 2 serves its API under its context path, usually /nexus: use ${rowBase}`,
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
  const fault = clientCallFault(ctx, 'java', stage, first, clientTexts)
  if (fault) return fault
  if (!serves(nexusProtocol, ctx.row.kind)) return wrongServer(ctx, nexusProtocol, stage, first)
  const versionMatches = (ctx.row.kind === 'nexus2') === isVersion2(ctx)
  if (!versionMatches || !ctx.pathMatches) {
    stage.request(first, notFoundAnswer(ctx.row.kind))
    const specific = mismatch(ctx)
    return failure('INVALID_DETAILS', 'Invalid Nexus connector details', {
      hints: [VERSION_HINT, ...specific.hints],
      explanations: ['The Nexus URL or the version for the connector is incorrect', ...specific.explanations],
    })
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
  return failure(
    verdict.problem === 'required' ? 'CREDENTIALS_REQUIRED' : 'BAD_CREDENTIALS',
    'Invalid Nexus credentials',
    {
      hints: ['Update the connector credentials with correct values', ...advice.hints],
      explanations: ['The connector credentials are incorrect', ...advice.explanations],
    },
  )
}

export const nexusProtocol: ProtocolSimulator = {
  runtime: 'java',
  serverKinds: ['nexus3', 'nexus2'],
  expected: { server: 'Nexus server', api: 'Nexus REST API' },
  whereLabel: (ctx) => ctx.target.base,
  reachabilityLabel: (ctx) => ctx.url,
  probeRequest: (ctx) => `GET ${ctx.target.base}`,
  probeAnswer: (ctx) => (ctx.pathMatches ? '200 OK' : notFoundAnswer(ctx.row.kind)),
  unreachable: (ctx, fault) =>
    fault === 'DNS'
      ? {
          message: `Unknown Nexus Host: ${ctx.target.hostname}`,
          hints: ['Check if the Nexus URL & version are correct'],
          explanations: ['The Nexus URL for the connector is incorrect or not reachable'],
        }
      : {
          message: `Could not reach Nexus Server at : ${ctx.target.base}`,
          hints: ['Check if the Nexus URL is reachable from your delegate(s)'],
          explanations: ['The given Nexus URL is not reachable'],
        },
  exchange,
}
