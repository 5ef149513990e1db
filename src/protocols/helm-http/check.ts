import { failure, type Failure } from '../../connection-tests/failure'
import type { StageRecorder } from '../kit/call-log'
import type { Answer } from '../kit/check-calls'
import { adviceFor, type CheckContext, type RealProtocol } from '../kit/check-context'
import { serverErrorFailure, type ProtocolTexts } from '../kit/check-failures'
import { httpsPortHints, identifyServer, wrongServerAnswer } from '../kit/identify-server'
import { readHelmIndex, type IndexReading } from './helm-index'
import {
  ADD_EXPLANATION,
  ADD_HINT,
  helmCredentialFailure,
  helmIndexNotFound,
  httpHelmProtocol,
  INDEX_HINT,
  OCI_HINT,
} from './simulated'

/**
 * HTTP Helm: what `helm repo add` does (registry-protocols.md §3, §7.4): `GET <url>/index.yaml`
 * with Basic sent at once, and the body must be a Helm repository index. Messages quote helm's
 * own output for the same answer; no helm binary runs, so no "Executed command" is claimed.
 */

/** Public indexes run to tens of MB; the beginning is enough when one is longer still. */
const MAX_INDEX_BYTES = 32 * 1024 * 1024

function indexUrlOf(ctx: CheckContext): string {
  return `${ctx.target.base}/index.yaml`
}

/** helm's output for a failed fetch: the one-line summary and the whole message. */
function helmFails(ctx: CheckContext, status: string): { summary: string; message: string } {
  const summary = `failed to fetch ${indexUrlOf(ctx)} : ${status}`
  return {
    summary,
    message: `Error: looks like "${ctx.url}" is not a valid chart repository or cannot be reached: ${summary}`,
  }
}

const texts = (ctx: CheckContext): ProtocolTexts => ({
  runtime: 'go',
  unreachable: (fault) => httpHelmProtocol.unreachable(ctx, fault),
  clientCall: (fault, detail) => {
    const own = fault === 'TLS' ? `Get "${indexUrlOf(ctx)}": ${detail}` : undefined
    const { summary, message } = own
      ? {
          summary: own,
          message: `Error: looks like "${ctx.url}" is not a valid chart repository or cannot be reached: ${own}`,
        }
      : helmFails(ctx, detail)
    return { message, summary, hints: [ADD_HINT], explanations: [ADD_EXPLANATION] }
  },
})

function notAnIndex(ctx: CheckContext, answer: Answer): Failure {
  const registry = identifyServer(answer)?.name === 'a Docker registry'
  return wrongServerAnswer({
    expected: httpHelmProtocol.expected,
    url: ctx.target.base,
    requestLine: answer.requestLine,
    answer,
    extra: { hints: [...(registry ? [OCI_HINT] : []), INDEX_HINT], explanations: ['No Index.yaml file found'] },
  })
}

function refused(ctx: CheckContext, answer: Answer): Failure {
  const { statusLine } = answer.said
  if (answer.status === 401) {
    const problem = ctx.basic ? 'rejected' : 'required'
    return helmCredentialFailure(!ctx.basic, adviceFor(ctx, problem, 'the Helm repository'), helmFails(ctx, statusLine))
  }
  const { summary, message } = helmFails(ctx, statusLine)
  return failure('BAD_CREDENTIALS', message, {
    summary,
    code: 490,
    hints: [
      'Make sure that the provided credentials have permissions to access the index.yaml in the helm repo. If this is a public repo, make sure it is not deprecated',
    ],
    explanations: ['The Helm chart repo server denied access.', `${answer.place.host} answered ${statusLine}.`],
  })
}

async function exchange(ctx: CheckContext, stage: StageRecorder): Promise<Failure | undefined> {
  // Read once, in the log's description (helm-index.ts: bounded, and ended by the time limit).
  const read: { index?: IndexReading } = {}
  const answer = await ctx.session.send(stage, {
    url: indexUrlOf(ctx),
    credentials: ctx.basic,
    maxBodyBytes: MAX_INDEX_BYTES,
    describe: async (got) => {
      if (got.status !== 200) return ''
      const index = (read.index = await readHelmIndex(got.body, got.truncated, () => ctx.session.pause()))
      const type = got.said.header('content-type').split(';')[0]
      const charts = index.ok ? `${index.charts}${index.partial ? '+' : ''} charts` : 'not a Helm repository index'
      return `${type ? `, Content-Type: ${type}` : ''} (${charts})`
    },
  })
  if (answer.status === 200) return read.index?.ok ? undefined : notAnIndex(ctx, answer)
  if (answer.status === 401 || answer.status === 403) return refused(ctx, answer)
  if (answer.status >= 500) return serverErrorFailure(answer, texts(ctx))
  if (answer.status === 404) {
    const identified = identifyServer(answer)
    if (identified) return notAnIndex(ctx, answer)
    return helmIndexNotFound(helmFails(ctx, '404 Not Found'), {
      hints: [],
      explanations: [`${indexUrlOf(ctx)} answered 404 Not Found.`],
    })
  }
  const { summary, message } = helmFails(ctx, answer.said.statusLine)
  return failure('INVALID_DETAILS', message, {
    summary,
    hints: [ADD_HINT, ...httpsPortHints(answer)],
    explanations: [ADD_EXPLANATION],
  })
}

export const httpHelmCheck: RealProtocol = { simulator: httpHelmProtocol, texts, exchange }
