import type { Failure } from '../../connection-tests/failure'
import { CallError } from '../../protocols/kit/call-log'
import type { CheckContext, RealProtocol } from '../../protocols/kit/check-context'
import { isTlsError, noAnswerFailure } from '../../protocols/kit/check-failures'
import { noHostFailure, reachabilityTitle } from '../../protocols/kit/network-faults'
import type { CheckSession } from './check-session'

/**
 * The reachability stage before the client call, as the simulator shows it (the secret stage
 * is connection-tests/credentials.ts, shared by both engines).
 */

/**
 * Harness's pre-check (`Http.connectableHttpUrl`) fails only when nothing answers. It trusts
 * any certificate; this one verifies, and a certificate it refuses is left to the client call
 * to report, so the failure shows in the same stage as in Harness and the simulator.
 */
export async function reachabilityStage(
  ctx: CheckContext,
  protocol: RealProtocol,
  session: CheckSession,
): Promise<Failure | undefined> {
  const { target } = ctx
  const stage = session.startStage(reachabilityTitle(protocol.simulator.reachabilityLabel(ctx)))
  const end = (failure?: Failure) => {
    session.finishStage(stage, failure ? 'failed' : 'passed')
    return failure
  }
  if (!target.hostname || !URL.canParse(target.base)) {
    stage.note(`No usable host name in ${ctx.url || '(empty URL)'}`)
    return end(noHostFailure(ctx.url, ctx.definition.url))
  }
  const probe = protocol.simulator.probeRequest?.(ctx)
  try {
    if (!probe) {
      await session.openSocket(stage, target.hostname, target.port)
      return end()
    }
    await session.send(stage, {
      url: probe.replace(/^GET /, ''),
      describe: (answer) =>
        answer.status >= 500 ? ' (reachable: this check fails only on 400 or a network error)' : ' (reachable)',
    })
    return end()
  } catch (error) {
    if (!(error instanceof CallError)) throw error
    if (isTlsError(error)) {
      stage.note(
        'The server answered the TLS handshake: it is reachable; the client call below reports the certificate',
      )
      return end()
    }
    return end(noAnswerFailure(error, protocol.texts(ctx), session))
  }
}
