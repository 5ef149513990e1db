import { failure, type Failure } from '../../connection-tests/failure'
import { latency, MASK, type StageLog } from '../../connection-tests/stage-log'
import { type CredentialVerdict } from '../kit/credential-advice'
import { clientCallFault } from '../kit/network-faults'
import type { ProtocolSimulator, ServerContext } from '../kit/protocol'
import { credentialAdvice, judgeCredentials, serves } from '../kit/simulated-servers'
import { ECR_EXPIRED_TEXT, v2Handshake, DOCKER_V2_KINDS } from '../kit/v2-handshake-simulated'
import { wrongServer } from '../kit/wrong-server'

export const OCI_REACH_HINT = 'Check if the OCI Helm URL is reachable from your delegate(s)'
export const OCI_REACH_EXPLANATION = 'The given OCI Helm URL is not reachable'

function loginFailed(command: string, output: string): string {
  return `Failed to login to the helm OCI Registry repo. Exit Code = [1]. Executed command = [${command}]. Output: [${output}]`
}

export const OCI_ANONYMOUS_NOTE =
  'Anonymous: Harness only checks that the URL is reachable; this test also asks the registry for anonymous access'

/** helm's error line when `GET /v2/` fails on a certificate or a 5xx (`detail`: the status line). */
export function ociClientError(v2: string, fault: 'TLS' | 'SERVER_ERROR', detail: string): string {
  return fault === 'TLS' ? `Get "${v2}": ${detail}` : `login attempt to ${v2} failed with status: ${detail}`
}

/**
 * Why a reached registry failed the client call. Harness's texts for OCI are about reachability
 * only, which would call a registry that answered "not reachable": what to do about the
 * certificate or the 5xx comes after these, from the check's own advice.
 */
export function ociClientExplanation(host: string, fault: 'TLS' | 'SERVER_ERROR', detail: string): string {
  return fault === 'TLS'
    ? `helm reached ${host}, but did not accept its TLS certificate, so it never asked the registry to log in.`
    : `helm reached ${host}, but the registry answered ${detail}.`
}

/**
 * Harness runs `helm registry login <host>` (Helm 3.8, whose login is docker's `loginV2`): it
 * pings `GET /v2/` without credentials, then answers the challenge. Only the host is used;
 * the path matters when charts are pulled, not here.
 */
function exchange(ctx: ServerContext, stage: StageLog): Failure | undefined {
  const { host, path } = ctx.target
  const v2 = `https://${host}/v2/`
  const anonymous = ctx.auth.scheme === 'none'
  const command =
    ctx.auth.scheme !== 'basic' ? '' : `helm registry login ${host} --username ${ctx.auth.username} --password ${MASK}`
  if (command) stage.note(`$ ${command}`, latency(`oci:${host}`, 30, 90))
  else stage.note(OCI_ANONYMOUS_NOTE)
  if (path)
    stage.note(`helm registry login uses only the host ${host}; charts will be pulled from oci://${host}${path}`)

  const outputOf = (error: string) => {
    stage.note(`Error: ${error}`)
    return command ? loginFailed(command, `Error: ${error}`) : error
  }
  const fault = clientCallFault(ctx, 'go', stage, `GET ${v2} (no credentials)`, (kind, detail) => {
    const summary = ociClientError(v2, kind, detail)
    return { message: outputOf(summary), summary, hints: [], explanations: [ociClientExplanation(host, kind, detail)] }
  })
  if (fault) return fault
  if (!serves(ociHelmProtocol, ctx.row.kind)) {
    const failed = wrongServer(ctx, ociHelmProtocol, stage, `GET ${v2} (no credentials)`)
    outputOf(`login attempt to ${v2} failed with status: 404 Not Found`)
    return failed
  }
  const verdict = judgeCredentials(ctx.row, ctx.auth, ctx.now)
  const { clientError } = v2Handshake(ctx, stage, v2, verdict, { preemptiveBasic: false })
  if (verdict.accepted) {
    stage.note(anonymous ? 'Anonymous access granted' : 'Login Succeeded')
    return undefined
  }
  const summary = clientError ?? `login attempt to ${v2} failed with status: 401 Unauthorized`
  const message = outputOf(summary)
  const advice = credentialAdvice(verdict, ctx.auth, ctx.row, host)
  return ociCredentialFailure(verdict.problem, advice, { host, message, summary })
}

/** How a refused `helm registry login` ends; `message` is helm's output, `summary` its error line. */
export function ociCredentialFailure(
  problem: Extract<CredentialVerdict, { accepted: false }>['problem'],
  advice: { hints: string[]; explanations: string[] },
  login: { host: string; message: string; summary: string },
): Failure {
  const { host, message, summary } = login
  switch (problem) {
    case 'expired':
      return failure('EXPIRED_TOKEN', ECR_EXPIRED_TEXT, {
        code: 490,
        hints: advice.hints,
        explanations: [...advice.explanations, message],
      })
    case 'required':
      return failure('CREDENTIALS_REQUIRED', `${host} requires credentials: anonymous access denied`, {
        code: 490,
        hints: [
          ...advice.hints,
          'OCI Helm Registry connectors need Username and Password; for ECR the username is AWS.',
        ],
        explanations: advice.explanations,
      })
    default:
      return failure('BAD_CREDENTIALS', message, {
        summary,
        code: 490,
        hints: ['Update the username & password', ...advice.hints],
        explanations: ['Check if the provided credentials are correct', ...advice.explanations],
      })
  }
}

export const ociHelmProtocol: ProtocolSimulator = {
  runtime: 'go',
  // `helm registry login` only needs the Docker v2 handshake, so any v2 registry holds charts.
  serverKinds: DOCKER_V2_KINDS,
  // `helm registry login` is given the host only, so the path never decides what answers.
  hostOnly: true,
  expected: { server: 'OCI registry', api: 'OCI distribution (Docker v2) API' },
  // OCI connectors only ever use the host.
  whereLabel: (ctx) => ctx.target.host,
  reachabilityLabel: (ctx) => ctx.target.host,
  unreachable: (ctx) => ({
    message: `Could not reach OCI Helm Server at ${ctx.target.base}`,
    hints: [OCI_REACH_HINT],
    explanations: [OCI_REACH_EXPLANATION],
  }),
  exchange,
}
