import type { Failure } from '../../../connection-tests/failure'
import type { StageRecorder } from '../../kit/call-log'
import { adviceFor, type CheckContext, type RealProtocol } from '../../kit/check-context'
import { serverErrorFailure, type ProtocolTexts } from '../../kit/check-failures'
import { identifyServer, wrongServerAnswer } from '../../kit/identify-server'
import { releaseFiles } from './simulated'
import { noListing, refused, unreachable } from './words'

const texts = (ctx: CheckContext): ProtocolTexts => ({
  runtime: 'go',
  unreachable: () => unreachable(ctx.target.base),
  clientCall: (_fault, detail) => ({ message: detail, hints: [], explanations: [] }),
})

async function exchange(ctx: CheckContext, stage: StageRecorder): Promise<Failure | undefined> {
  const url = `${ctx.target.base}/RELEASES`
  const answer = await ctx.session.send(stage, { url, credentials: ctx.credentials })
  if (answer.status >= 500) return serverErrorFailure(answer, texts(ctx))
  if (identifyServer(answer)?.name !== 'a release file server') {
    return wrongServerAnswer({
      expected: releaseFiles.expected,
      url: ctx.target.base,
      requestLine: answer.requestLine,
      answer,
    })
  }
  if (answer.status === 401)
    return refused(adviceFor(ctx, ctx.auth.scheme === 'none' ? 'required' : 'rejected', 'the release file server'))
  return answer.status === 200 ? undefined : noListing(ctx.target.base, answer.said.statusLine)
}

export const releaseFilesCheck: RealProtocol = { simulator: releaseFiles, texts, exchange }
