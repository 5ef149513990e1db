import { credentialAdvice, judgeCredentials } from './credentials'
import { ECR_EXPIRED_TEXT, v2Handshake } from './docker-v2-handshake'
import { clientCallFault } from './network-faults'
import type { ProtocolSimulator, ServerContext } from './protocol'
import { DOCKER_V2_KINDS, serves } from './simulated-world'
import { failure, latency, MASK, type Failure, type StageLog } from './simulation-kit'
import { wrongServer } from './wrong-server'

const REACH_HINT = 'Check if the OCI Helm URL is reachable from your delegate(s)'
const REACH_EXPLANATION = 'The given OCI Helm URL is not reachable'

function loginFailed(command: string, output: string): string {
  return `Failed to login to the helm OCI Registry repo. Exit Code = [1]. Executed command = [${command}]. Output: [${output}]`
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
    ctx.auth.scheme === 'none' ? '' : `helm registry login ${host} --username ${ctx.auth.username} --password ${MASK}`
  if (command) stage.note(`$ ${command}`, latency(`oci:${host}`, 30, 90))
  else
    stage.note(
      'Anonymous: Harness only checks that the URL is reachable; this test also asks the registry for anonymous access',
    )
  if (path)
    stage.note(`helm registry login uses only the host ${host}; charts will be pulled from oci://${host}${path}`)

  const outputOf = (error: string) => {
    stage.note(`Error: ${error}`)
    return command
      ? loginFailed(command, `Error: ${error}`)
      : `Could not reach OCI Helm Server at : ${ctx.target.base}: ${error}`
  }
  const fault = clientCallFault(ctx, 'go', stage, `GET ${v2} (no credentials)`, (kind, detail) => {
    const summary = kind === 'TLS' ? `Get "${v2}": ${detail}` : `login attempt to ${v2} failed with status: ${detail}`
    return { message: outputOf(summary), summary, hints: [REACH_HINT], explanations: [REACH_EXPLANATION] }
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
  switch (verdict.problem) {
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
    message: `Could not reach OCI Helm Server at : ${ctx.target.base}`,
    hints: [REACH_HINT],
    explanations: [REACH_EXPLANATION],
  }),
  exchange,
}
