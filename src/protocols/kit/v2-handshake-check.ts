import type { StageRecorder } from './call-log'
import type { Answer, HttpAnswer } from './check-calls'
import type { CheckContext, CredentialProblem } from './check-context'
import { jsonBody, protocolMessage } from './identify-server'

/**
 * The Docker Registry v2 handshake (docs/reference/registry-protocols.md §2.1): `GET /v2/`,
 * then the challenge it answers, Basic or Bearer (token from the realm, with the credentials
 * when there are any). Shared by the Docker Registry and OCI Helm checks.
 */

export type V2Outcome =
  | { ok: true; answer: Answer; anonymous: boolean }
  /** The registry refused the caller; `clientError` is what docker/helm would print. */
  | { ok: false; problem: CredentialProblem; answer: Answer; clientError: string }
  /** An answer that is not a registry's yes or no: classified by the caller. */
  | { ok: false; problem: 'unexpected'; answer: Answer }

export type Challenge = { scheme: string; params: Record<string, string> }

export function parseChallenge(header: string | undefined): Challenge | undefined {
  const match = /^\s*(\w+)\s*(.*)$/.exec(header ?? '')
  if (!match?.[1]) return undefined
  const params: Record<string, string> = {}
  for (const [, key, quoted, bare] of (match[2] ?? '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
    if (key) params[key.toLowerCase()] = quoted ?? bare ?? ''
  }
  return { scheme: match[1].toLowerCase(), params }
}

export function isRegistryAnswer(answer: HttpAnswer): boolean {
  return Boolean(answer.headers['docker-distribution-api-version'])
}

/** How the log shows a `/v2/` answer: the API header, and a refusal's registry error message. */
function describeV2(answer: Answer): string {
  const version = answer.said.header('docker-distribution-api-version')
  const message = answer.status >= 400 ? protocolMessage(answer) : ''
  return `${version ? `, Docker-Distribution-Api-Version: ${version}` : ''}${message ? ` ${message}` : ''}`
}

/** A token answer is logged without its body: it is the token; a refusal by its error message. */
function describeToken(answer: Answer): string {
  if (answer.status !== 200) {
    const message = protocolMessage(answer)
    return message ? ` ${message}` : ''
  }
  const expires = (jsonBody(answer) as { expires_in?: unknown } | undefined)?.expires_in
  return typeof expires === 'number' ? ` (token received, expires in ${expires} s)` : ' (token received)'
}

/** The first error message a registry or token server put in its body, as remote text. */
function refusalText(answer: Answer): string | undefined {
  const body = jsonBody(answer) as
    | { details?: unknown; errors?: { message?: unknown }[]; message?: unknown }
    | undefined
  const text = body?.details ?? body?.errors?.[0]?.message ?? body?.message
  return typeof text === 'string' && text ? answer.said.text(text) : undefined
}

const ECR_EXPIRED = /authorization token has expired/i

function refused(ctx: CheckContext, answer: Answer, v2: string, tokenRefusal?: string): V2Outcome {
  const clientError = tokenRefusal
    ? `Get "${v2}": unauthorized: ${tokenRefusal}`
    : `login attempt to ${v2} failed with status: ${answer.said.statusLine}`
  if (ECR_EXPIRED.test(answer.body.toString('utf8'))) return { ok: false, problem: 'expired', answer, clientError }
  return { ok: false, problem: ctx.basic ? 'rejected' : 'required', answer, clientError }
}

function settle(ctx: CheckContext, answer: Answer, v2: string, anonymous: boolean): V2Outcome {
  if (answer.status === 200 && isRegistryAnswer(answer)) return { ok: true, answer, anonymous }
  if (answer.status === 401 || (answer.status === 403 && ECR_EXPIRED.test(answer.body.toString('utf8')))) {
    return refused(ctx, answer, v2)
  }
  return { ok: false, problem: 'unexpected', answer }
}

export async function v2Handshake(
  ctx: CheckContext,
  stage: StageRecorder,
  handshake: { v2: string; preemptiveBasic: boolean; scope?: string },
): Promise<V2Outcome> {
  const { session, basic } = ctx
  const { v2 } = handshake
  const first = await session.send(stage, {
    url: v2,
    credentials: handshake.preemptiveBasic ? basic : undefined,
    describe: describeV2,
  })
  const challenge = parseChallenge(first.headers['www-authenticate'])
  // GHCR answers 403 where others answer 401, with the same challenge.
  const challenged = first.status === 401 || (first.status === 403 && challenge?.scheme === 'bearer')
  if (!challenged || !challenge) return settle(ctx, first, v2, !handshake.preemptiveBasic || !basic)

  if (challenge.scheme === 'basic') {
    if (!basic || handshake.preemptiveBasic) return refused(ctx, first, v2)
    const second = await session.send(stage, { url: v2, credentials: basic, describe: describeV2 })
    return settle(ctx, second, v2, false)
  }
  const realm = challenge.params.realm
  if (challenge.scheme !== 'bearer' || !realm) return refused(ctx, first, v2)

  let tokenUrl: URL
  try {
    tokenUrl = new URL(realm, v2)
  } catch {
    return { ok: false, problem: 'unexpected', answer: first }
  }
  if (challenge.params.service) tokenUrl.searchParams.set('service', challenge.params.service)
  const scope = handshake.scope ?? challenge.params.scope
  if (scope) tokenUrl.searchParams.set('scope', scope)
  const token = await session.send(stage, {
    url: tokenUrl.href,
    credentials: basic,
    describe: describeToken,
    // The realm came from the registry's challenge.
    urlFromServer: true,
  })
  if (token.status === 401 || token.status === 403) return refused(ctx, token, v2, refusalText(token))
  const body = jsonBody(token) as { token?: unknown; access_token?: unknown } | undefined
  const value = typeof body?.token === 'string' ? body.token : body?.access_token
  if (token.status !== 200 || typeof value !== 'string' || !value)
    return { ok: false, problem: 'unexpected', answer: token }
  session.addSecret(value)
  const label = basic ? '(Authorization: Bearer <token>)' : '(Authorization: Bearer <anonymous token>)'
  const last = await session.send(stage, {
    url: v2,
    credentials: { scheme: 'bearer', token: value, label },
    describe: describeV2,
  })
  return settle(ctx, last, v2, !basic)
}
