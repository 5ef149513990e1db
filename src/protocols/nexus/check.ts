import { failure, type Failure } from '../../connection-tests/failure'
import type { StageRecorder } from '../kit/call-log'
import type { Answer, HttpAnswer } from '../kit/check-calls'
import { adviceFor, type CheckContext, type RealProtocol } from '../kit/check-context'
import { serverErrorFailure, type ProtocolTexts } from '../kit/check-failures'
import {
  httpsPortHints,
  identifyServer,
  jsonBody,
  protocolMessage,
  quoted,
  wrongServerAnswer,
} from '../kit/identify-server'
import { foundServerFailure, lookForServer } from '../kit/server-probes'
import { isNexus3Status, nexus2State } from './recognise'
import {
  nexusClientTexts,
  nexusCredentialFailure,
  nexusInvalidDetails,
  nexusMismatchAdvice,
  nexusProtocol,
} from './simulated'

/**
 * Nexus 3 and 2 (registry-protocols.md §6, §7.3): the status endpoint, then the repository
 * list Harness calls. A 404 means the URL or the Version is wrong: the other version's status
 * endpoint, and the usual context path, tell which.
 */

const JSON_ACCEPT = { Accept: 'application/json' }
const API = {
  '3': { status: '/service/rest/v1/status', repositories: '/service/rest/v1/repositories' },
  '2': { status: '/service/local/status', repositories: '/service/local/repositories' },
} as const

const texts = (ctx: CheckContext): ProtocolTexts => ({
  runtime: 'java',
  unreachable: (fault) => nexusProtocol.unreachable(ctx, fault),
  clientCall: (fault, detail) => nexusClientTexts(fault, detail),
})

function version(ctx: CheckContext): '2' | '3' {
  return ctx.settings.version === '2.x' ? '2' : '3'
}

/** A refusal's Nexus error message; an unknown server's body is never quoted. */
function describe(answer: Answer): string {
  if (answer.status < 400) return ''
  const message = protocolMessage(answer)
  return message ? ` ${message}` : ''
}

function isStatus(answer: HttpAnswer, of: '2' | '3'): boolean {
  return of === '2' ? answer.status === 200 && nexus2State(answer) !== undefined : isNexus3Status(answer)
}

/** Another product that names itself, or a server the other protocols' probes recognise. */
async function anotherServer(
  ctx: CheckContext,
  stage: StageRecorder,
  answer: Answer,
  pathFix?: string,
): Promise<Failure | undefined> {
  const base = ctx.target.base
  const identified = identifyServer(answer)
  if (identified && !identified.name.includes('Nexus')) {
    return wrongServerAnswer({ expected: nexusProtocol.expected, url: base, requestLine: answer.requestLine, answer })
  }
  const found = await lookForServer(ctx, stage, { hostWide: !identified })
  if (!found) return undefined
  const chosen = version(ctx)
  const advice = pathFix
    ? nexusMismatchAdvice({ host: ctx.target.host, serverIs3: chosen === '3', chosenVersion2: chosen === '2', pathFix })
    : undefined
  return foundServerFailure({
    expected: nexusProtocol.expected,
    url: base,
    server: found,
    ...(identified ? { hostedBy: identified.name } : {}),
    requestLine: answer.requestLine,
    answer: quoted(answer, undefined),
    extra: { hints: advice?.hints ?? [] },
  })
}

/**
 * Looks where the API would be with the other Version, or with the usual context path; then,
 * when neither has it, what else the server is (a Helm repository, a registry, Artifactory).
 */
async function diagnose(ctx: CheckContext, stage: StageRecorder, answer: Answer): Promise<Failure> {
  const chosen = version(ctx)
  const other = chosen === '3' ? '2' : '3'
  const base = ctx.target.base
  const probe = (url: string) => ctx.session.send(stage, { url, headers: JSON_ACCEPT, describe })
  const host = ctx.target.host
  // Another product that names itself needs no more requests.
  const named = identifyServer(answer)
  if (named && !named.name.includes('Nexus')) {
    return wrongServerAnswer({ expected: nexusProtocol.expected, url: base, requestLine: answer.requestLine, answer })
  }
  if (isStatus(await probe(`${base}${API[other].status}`), other)) {
    return nexusInvalidDetails(nexusMismatchAdvice({ host, serverIs3: other === '3', chosenVersion2: chosen === '2' }))
  }
  const origin = `${ctx.target.scheme}://${host}`
  const elsewhere =
    chosen === '3' ? (ctx.target.path ? origin : undefined) : /\/nexus$/i.test(base) ? undefined : `${base}/nexus`
  const pathFix =
    elsewhere && isStatus(await probe(`${elsewhere}${API[chosen].status}`), chosen) ? elsewhere : undefined
  const another = await anotherServer(ctx, stage, answer, pathFix)
  if (another) return another
  if (pathFix) {
    return nexusInvalidDetails(
      nexusMismatchAdvice({ host, serverIs3: chosen === '3', chosenVersion2: chosen === '2', pathFix }),
    )
  }
  return nexusInvalidDetails({ hints: [], explanations: [`${answer.place.href} answered 404 Not Found.`] })
}

async function otherStatus(ctx: CheckContext, stage: StageRecorder, answer: Answer): Promise<Failure> {
  if (answer.status >= 500) return serverErrorFailure(answer, texts(ctx))
  if (answer.status === 405) {
    return failure('INVALID_DETAILS', 'Method not allowed', {
      hints: ['Ensure that the connector URL is correct & the provided credentials have all the required permissions'],
      explanations: [`${answer.place.href} answered 405 Method Not Allowed.`],
    })
  }
  // Nexus serves its status to anyone: a status that needs credentials is another server's.
  if (answer.status < 300 || answer.status === 401 || answer.status === 403) {
    const another = await anotherServer(ctx, stage, answer)
    if (another) return another
  }
  if (answer.status < 300) {
    return wrongServerAnswer({
      expected: nexusProtocol.expected,
      url: ctx.target.base,
      requestLine: answer.requestLine,
      answer,
    })
  }
  return failure('INVALID_DETAILS', `Nexus responded with ${answer.said.statusLine}`, {
    hints: ['Please retry the operation or check the Delegate logs for more information', ...httpsPortHints(answer)],
    explanations: ['Failed to perform action.'],
  })
}

async function exchange(ctx: CheckContext, stage: StageRecorder): Promise<Failure | undefined> {
  const api = API[version(ctx)]
  const base = ctx.target.base
  const status = await ctx.session.send(stage, {
    url: `${base}${api.status}`,
    headers: JSON_ACCEPT,
    describe: (got) => {
      const state = nexus2State(got)
      return state ? ` (state ${got.said.text(state)})` : describe(got)
    },
  })
  if (status.status === 404) return diagnose(ctx, stage, status)
  if (status.status !== 200) return otherStatus(ctx, stage, status)
  if (!isStatus(status, version(ctx))) return otherStatus(ctx, stage, status)
  if (version(ctx) === '2' && nexus2State(status) !== 'STARTED') {
    const state = status.said.text(nexus2State(status))
    const own = nexusClientTexts('SERVER_ERROR', `state ${state}`)
    return failure('SERVER_ERROR', own.message, {
      hints: [...own.hints, `Retry when ${ctx.target.host} has started; if it stays ${state}, ask its administrators.`],
      explanations: [...own.explanations, `${ctx.target.host} reports the state ${state}, not STARTED.`],
    })
  }
  const repositories = await ctx.session.send(stage, {
    url: `${base}${api.repositories}`,
    credentials: ctx.basic,
    headers: JSON_ACCEPT,
    describe: (got) => {
      const body = jsonBody(got) as unknown[] | { data?: unknown[] } | undefined
      const list = Array.isArray(body) ? body : body?.data
      return got.status === 200 && Array.isArray(list) ? ` (${list.length} repositories)` : describe(got)
    },
  })
  if (repositories.status === 200) return undefined
  if (repositories.status === 401 || repositories.status === 403) {
    const advice = adviceFor(ctx, ctx.basic ? 'rejected' : 'required', `Nexus`)
    if (repositories.status === 403) {
      advice.explanations = [
        `${ctx.target.host} answered 403 Forbidden: the user may lack the permission to browse repositories.`,
      ]
    }
    return nexusCredentialFailure(!ctx.basic, advice)
  }
  if (repositories.status === 404) return diagnose(ctx, stage, repositories)
  return otherStatus(ctx, stage, repositories)
}

export const nexusCheck: RealProtocol = { simulator: nexusProtocol, texts, exchange }
