import type { Failure } from '../../connection-tests/failure'
import { CLIENT_TIMEOUT_MS, latency, StageLog } from '../../connection-tests/stage-log'
import type { TestStage } from '../../lib/api-types'
import { networkFailure, noHostFailure, reachabilityTitle } from '../../protocols/kit/network-faults'
import type { NetworkFault, ProtocolContext, ProtocolSimulator } from '../../protocols/kit/protocol'
import { serversOnHost, type WorldMatch } from './world-lookup'

/**
 * Harness's pre-check (`Http.connectableHttpUrl`) trusts every certificate and fails only on a
 * 400 or a network error, so DNS, refused and timeout surface here while TLS and 5xx pass
 * and fail later, in the client call.
 */
export function reachabilityStage(
  ctx: ProtocolContext,
  protocol: ProtocolSimulator,
  match: WorldMatch,
): { stage: TestStage; failure?: Failure } {
  const { hostname, port } = ctx.target
  const stage = new StageLog(reachabilityTitle(protocol.reachabilityLabel(ctx)))
  if (!hostname) {
    stage.note(`java.net.MalformedURLException: no host in ${ctx.url || '(empty URL)'}`, 2)
    return {
      stage: stage.finish('failed'),
      failure: noHostFailure(ctx.url, ctx.definition.url),
    }
  }
  const request = protocol.probeRequest?.(ctx) ?? `Connect to ${hostname}:${port} (socket check)`
  const seed = `probe:${request}`
  const fail = (fault: NetworkFault, answer: string, ms: number) => {
    stage.request(request, answer, ms)
    return { stage: stage.finish('failed'), failure: networkFailure(ctx, protocol, fault) }
  }
  if (match.found === 'nothing') {
    return fail('DNS', `java.net.UnknownHostException: ${hostname}: Name or service not known`, latency(seed, 8, 45))
  }
  if (match.found === 'closed-port' || match.row.kind === 'refuses-connections') {
    return fail('CONNECTION_REFUSED', 'java.net.ConnectException: Connection refused', latency(seed, 2, 25))
  }
  if (match.row.kind === 'times-out') {
    stage.note(`Resolved ${hostname}; connecting to port ${port}`)
    return fail(
      'TIMEOUT',
      `java.net.SocketTimeoutException: connect timed out after ${CLIENT_TIMEOUT_MS} ms, the delegate's limit`,
      CLIENT_TIMEOUT_MS,
    )
  }
  const ms = latency(seed)
  if (!protocol.probeRequest) {
    stage.request(request, 'connected', latency(seed, 10, 80))
  } else if (match.row.kind === 'expired-cert') {
    stage.request(request, '200 OK (certificate not verified: this check trusts any certificate)', ms)
  } else if (match.row.kind === 'unavailable') {
    stage.request(
      request,
      '503 Service Unavailable (reachable: this check fails only on 400 or a network error)',
      latency(seed, 40, 110),
    )
  } else {
    const answer =
      protocol.probeAnswer?.({
        ...ctx,
        row: match.row,
        pathMatches: match.pathMatches,
        serversOnHost: serversOnHost(ctx.target),
      }) ?? '200 OK'
    stage.request(request, `${answer} (reachable)`, ms)
  }
  return { stage: stage.finish('passed') }
}
