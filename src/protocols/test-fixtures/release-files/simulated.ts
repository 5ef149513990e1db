import { caller } from '../../../connection-tests/credentials'
import type { Failure } from '../../../connection-tests/failure'
import type { StageLog } from '../../../connection-tests/stage-log'
import type { ProtocolSimulator, ServerContext } from '../../kit/protocol'
import { credentialAdvice, judgeCredentials } from '../../kit/simulated-servers'
import { notFoundAnswer, wrongServer } from '../../kit/wrong-server'
import { noListing, refused, unreachable } from './words'

function exchange(ctx: ServerContext, stage: StageLog): Failure | undefined {
  const request = `GET ${ctx.target.base}/RELEASES`
  if (!releaseFiles.serverKinds.includes(ctx.row.kind)) return wrongServer(ctx, releaseFiles, stage, request)
  if (!ctx.pathMatches) {
    stage.request(request, notFoundAnswer(ctx.row))
    return noListing(ctx.target.base, '404 Not Found')
  }
  const verdict = judgeCredentials(ctx.row, ctx.auth, ctx.now)
  if (!verdict.accepted) {
    stage.request(`${request} ${caller(ctx.auth)}`, '401 Unauthorized')
    return refused(credentialAdvice(verdict, ctx.auth, ctx.row, ctx.target.host))
  }
  stage.request(`${request} ${caller(ctx.auth)}`, '200 OK (3 releases)')
  return undefined
}

export const releaseFiles: ProtocolSimulator = {
  runtime: 'go',
  serverKinds: ['release-files'],
  expected: { server: 'release file server', api: 'RELEASES listing' },
  whereLabel: (ctx) => ctx.target.base,
  reachabilityLabel: (ctx) => ctx.url,
  probeRequest: (ctx) => `GET ${ctx.target.base}/`,
  unreachable: (ctx) => unreachable(ctx.target.base),
  exchange,
}
