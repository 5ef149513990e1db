import { caller } from '../../connection-tests/credentials'
import type { Failure } from '../../connection-tests/failure'
import { latency, type StageLog } from '../../connection-tests/stage-log'
import type { Target } from '../../connection-tests/target'
import type { StageRecorder } from './call-log'
import type { Answer } from './check-calls'
import type { CheckContext } from './check-context'
import type { IdentifiedServer } from './identify-server'
import type { ExpectedServer, ServerContext, WrongServerTexts } from './protocol'
import type { WorldUse } from './simulated-servers'
import { notFoundAnswer, wrongServer, wrongServerFailure } from './wrong-server'

/**
 * What a server is, asked of it when its answers to a connector's own API name nothing: a
 * static web server serving a Helm index, a registry behind a front server. Each protocol knows
 * the request that gives its own server away (an `index.yaml` that is a Helm index, a `/v2/`
 * with Docker-Distribution-Api-Version, Artifactory's ping, Nexus's status); another protocol's
 * check asks them in turn when its own API is not at the URL, so that "not a … server" can say
 * which server it is instead of "Not Found".
 */
export type ServerProbe = {
  /** What to ask, from the connector's URL. */
  url: (target: Target) => string
  /** Sends the connector's credentials: a private Helm repository serves its index only then. */
  withCredentials?: boolean
  headers?: Record<string, string>
  maxBodyBytes?: number
  /** A host-wide API (a registry's `/v2/`): asked after the probes of the URL itself. */
  hostWide?: boolean
  /** The server, when the answer gives it away. May read a large body, awaiting `pause`. */
  recognise: (
    answer: Answer,
    pause: () => Promise<void>,
  ) => Promise<IdentifiedServer | undefined> | IdentifiedServer | undefined
  /**
   * What a server of the simulated world answers to it: `evidence` when the answer tells what
   * the server is (and the server's 404 does not already), nothing for a 404.
   */
  simulated: (ctx: ServerContext) => { status: string; detail?: string; evidence?: string } | undefined
}

/** A probe and the protocol it recognises the server of, so that a check skips its own. */
export type ProtocolProbe = { protocol: string; probe: ServerProbe }

/** What a probe found: the server, and the request and answer that said so. */
export type FoundServer = {
  name: string
  useWith: readonly WorldUse[]
  /** "GET <url> answered 200 OK: a Helm repository index (3 charts)." */
  explanation: string
}

function others(probes: readonly ProtocolProbe[], own: string): ServerProbe[] {
  const asked = probes.filter((entry) => entry.protocol !== own).map((entry) => entry.probe)
  return [...asked.filter((probe) => !probe.hostWide), ...asked.filter((probe) => probe.hostWide)]
}

function method(requestLine: string): string {
  return requestLine.split(' ').slice(0, 2).join(' ')
}

/**
 * Asks the other protocols' probes in turn, each request logged; the first server found. When the
 * server named itself as the connector's own product, its host-wide APIs are not asked: a JFrog
 * platform answers `/v2/` as a registry too, yet the URL is Artifactory's (without its context path).
 */
export async function lookForServer(
  ctx: CheckContext,
  stage: StageRecorder,
  options: { hostWide: boolean } = { hostWide: true },
): Promise<FoundServer | undefined> {
  const probes = others(ctx.probes, ctx.definition.connectionTest.protocol)
  for (const probe of probes.filter((each) => options.hostWide || !each.hostWide)) {
    let identified: IdentifiedServer | undefined
    const answer = await ctx.session.send(stage, {
      url: probe.url(ctx.target),
      ...(probe.withCredentials && ctx.credentials ? { credentials: ctx.credentials } : {}),
      ...(probe.headers ? { headers: probe.headers } : {}),
      ...(probe.maxBodyBytes ? { maxBodyBytes: probe.maxBodyBytes } : {}),
      describe: async (got) => {
        identified = await probe.recognise(got, () => ctx.session.pause())
        return identified ? ` (${identified.evidence})` : ''
      },
    })
    if (identified) {
      return {
        name: identified.name,
        useWith: identified.useWith,
        explanation: `${method(answer.requestLine)} answered ${answer.said.statusLine}: ${identified.evidence}.`,
      }
    }
  }
  return undefined
}

/**
 * The simulated world's answers to the same probes, logged as the real check logs them: a 404
 * from the row's server until one tells what it is. The row names the server.
 */
export function simulatedLookFor(ctx: ServerContext, stage: StageLog): FoundServer | undefined {
  const probes = others(ctx.probes, ctx.definition.connectionTest.protocol)
  const answers = probes.map((probe) => probe.simulated(ctx))
  // A row whose 404 names it needs no probe: the real check asks none either.
  if (!answers.some((answer) => answer?.evidence)) return undefined
  for (const [index, probe] of probes.entries()) {
    const answer = answers[index]
    const who = probe.withCredentials ? caller(ctx.auth) : '(no credentials)'
    const request = `GET ${probe.url(ctx.target)} ${who}`
    stage.request(request, answer ? `${answer.status}${answer.detail ?? ''}` : notFoundAnswer(ctx.row))
    if (answer?.evidence) {
      return {
        name: ctx.row.name,
        useWith: ctx.row.useWith,
        explanation: `${method(request)} answered ${answer.status}: ${answer.evidence}.`,
      }
    }
  }
  return undefined
}

/** "Not a … server" for a server a probe found; `answer` is the protocol's own request that failed. */
export function foundServerFailure(found: {
  expected: ExpectedServer
  url: string
  server: FoundServer
  /** The product that serves it, when the server's own answers named one ("in JFrog Artifactory"). */
  hostedBy?: string
  /** The protocol's own request and what it got ("404 Not Found"). */
  requestLine: string
  answer: string
  extra?: { hints?: string[]; explanations?: string[] }
}): Failure {
  const { server, extra = {} } = found
  return wrongServerFailure({
    expected: found.expected,
    url: found.url,
    serverName: found.hostedBy ? `${server.name} in ${found.hostedBy}` : server.name,
    explainedAs: server.name,
    useWith: server.useWith,
    probe: found.requestLine,
    answer: found.answer,
    extra: { hints: extra.hints, explanations: [server.explanation, ...(extra.explanations ?? [])] },
  })
}

/**
 * A server of another kind than the connector's in the simulated world: the protocol's own
 * request gets the server's 404, then the probes tell what it is, as in a real check.
 */
export function simulatedWrongServer(
  ctx: ServerContext,
  protocol: WrongServerTexts,
  stage: StageLog,
  request: string,
): Failure {
  const answer = notFoundAnswer(ctx.row)
  const probing = others(ctx.probes, ctx.definition.connectionTest.protocol).some(
    (probe) => probe.simulated(ctx)?.evidence,
  )
  if (!probing) return wrongServer(ctx, protocol, stage, request)
  stage.request(request, answer, latency(`wrong:${request}`))
  const found = simulatedLookFor(ctx, stage)!
  return foundServerFailure({
    expected: protocol.expected,
    url: protocol.whereLabel(ctx),
    server: found,
    requestLine: request,
    answer,
  })
}
