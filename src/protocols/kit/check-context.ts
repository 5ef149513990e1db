import type { Failure } from '../../connection-tests/failure'
import type { StageRecorder } from './call-log'
import type { CheckSessionPort, SendCredentials } from './check-calls'
import type { ProtocolTexts } from './check-failures'
import { ECR_USERNAME } from './credential-advice'
import { credentialAdviceFor, type CredentialVerdict } from './credential-advice'
import type { ProtocolContext, ProtocolSimulator } from './protocol'

/** What a protocol's real check works with: the simulator's context, plus the live session. */
export type CheckContext = ProtocolContext & {
  session: CheckSessionPort
  /** The connector's authentication method (its id), for the type's own advice. */
  authType: string
  /** The credentials to send, of whatever method, values included; only their label is ever logged. */
  credentials?: SendCredentials
  /** The same when they are Basic, for protocols that need a username and password as such. */
  basic?: Extract<SendCredentials, { scheme: 'basic' }>
}

export type RealProtocol = {
  /** The simulator's protocol: its URL rules, stage labels and Harness texts. */
  simulator: ProtocolSimulator
  texts: (ctx: CheckContext) => ProtocolTexts
  /** The client call. A CallError it throws becomes the failure of its kind. */
  exchange: (ctx: CheckContext, stage: StageRecorder) => Promise<Failure | undefined>
}

export type CredentialProblem = Extract<CredentialVerdict, { accepted: false }>['problem']

/** The simulator's credential advice for a server known by name ("the registry"). */
export function adviceFor(
  ctx: CheckContext,
  problem: CredentialProblem,
  serverName: string,
): { hints: string[]; explanations: string[] } {
  return credentialAdviceFor({ accepted: false, problem, ageHours: 0 }, ctx.auth, serverName, ctx.target.host)
}

/** ECR refuses any username but AWS; the registry's 401 says no more, the host does. */
export function refinedProblem(ctx: CheckContext, problem: CredentialProblem): CredentialProblem {
  const username = ctx.basic?.username ?? ''
  const ecr = /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/.test(ctx.target.hostname)
  return problem === 'rejected' && ecr && username !== ECR_USERNAME ? 'not-aws' : problem
}

/** The type's own advice for this URL and username (ECR, Google), as the Details step shows it. */
export function typeGuidance(ctx: CheckContext): string[] {
  const auth = ctx.auth.scheme === 'basic' ? ctx.auth : undefined
  const values = {
    url: ctx.url,
    extras: { ...ctx.settings },
    authType: ctx.authType,
    username: auth?.username ?? '',
    passwordRef: auth?.passwordRef ?? '',
  }
  return ctx.definition.credentials.guidance(values).map((note) => note.message)
}
