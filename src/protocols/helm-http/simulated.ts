import { caller } from '../../connection-tests/credentials'
import { failure, type Failure } from '../../connection-tests/failure'
import { hashOf, latency, MASK, type StageLog } from '../../connection-tests/stage-log'
import { clientCallFault } from '../kit/network-faults'
import type { ProtocolSimulator, ServerContext } from '../kit/protocol'
import { serves, judgeCredentials, credentialAdvice } from '../kit/simulated-servers'
import { DOCKER_V2_KINDS } from '../kit/v2-handshake-simulated'
import { notFoundAnswer, wrongServer } from '../kit/wrong-server'

export const ADD_HINT = 'Make sure that the repo can be added using the helm cli "repo add" command'
export const ADD_EXPLANATION = 'Unable to add helm repo using the "helm repo add command"'
export const OCI_HINT =
  'Helm charts stored in a Docker/OCI registry are reached with an OCI Helm Registry connector, not HTTP Helm.'
export const INDEX_HINT =
  'The given URL does not point to a valid Helm Chart Repo. Make sure to generate index.yaml using the "helm repo index" and upload it to the repo.'

/** Harness adds the repository under a throwaway UUID name; derived from the URL to stay deterministic. */
function repoName(url: string): string {
  const part = (salt: string) => hashOf(`${salt}${url}`).toString(16).padStart(8, '0')
  const [a, b, c, d] = [part('a'), part('b'), part('c'), part('d')]
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`
}

/** Harness's HelmTaskHelperBase wording: the whole helm output inside the message. */
function addFailed(command: string, output: string): string {
  return `Failed to add helm repo. Exit Code = [1]. Executed command = [${command}]. Output: [${output}]`
}

/**
 * Harness runs `helm repo add` (Helm 3) on the delegate. Helm sends credentials preemptively
 * with `GET <url>/index.yaml`; there is no challenge, and a static public server ignores them.
 */
function exchange(ctx: ServerContext, stage: StageLog): Failure | undefined {
  const { url } = ctx
  const name = repoName(url)
  const credentials = ctx.auth.scheme === 'basic' ? ` --username ${ctx.auth.username} --password ${MASK}` : ''
  const command = `helm repo add ${name} ${url}${credentials}`
  const indexUrl = `${ctx.target.base}/index.yaml`
  const request = `GET ${indexUrl} ${caller(ctx.auth)}`
  const looksLike = `Error: looks like "${url}" is not a valid chart repository or cannot be reached:`
  const helmFails = (status: string) => {
    const summary = `failed to fetch ${indexUrl} : ${status}`
    stage.note(`${looksLike} ${summary}`)
    return { message: addFailed(command, `${looksLike} ${summary}`), summary }
  }
  stage.note(`$ ${command}`, latency(`helm:${url}`, 30, 90))

  const fault = clientCallFault(ctx, 'go', stage, request, (kind, detail) => {
    if (kind === 'SERVER_ERROR') return { ...helmFails(detail), hints: [ADD_HINT], explanations: [ADD_EXPLANATION] }
    const summary = `Get "${indexUrl}": ${detail}`
    stage.note(`${looksLike} ${summary}`)
    return {
      message: addFailed(command, `${looksLike} ${summary}`),
      summary,
      hints: [ADD_HINT],
      explanations: [ADD_EXPLANATION],
    }
  })
  if (fault) return fault
  if (!serves(httpHelmProtocol, ctx.row.kind)) {
    // A registry that an OCI Helm connector would reach: say which connector type fits it.
    const ociRegistry = DOCKER_V2_KINDS.includes(ctx.row.kind)
    const failed = wrongServer(ctx, httpHelmProtocol, stage, request, {
      hints: [...(ociRegistry ? [OCI_HINT] : []), INDEX_HINT],
      explanations: ['No Index.yaml file found'],
    })
    helmFails('404 Not Found')
    return failed
  }
  if (!ctx.pathMatches) {
    stage.request(request, notFoundAnswer(ctx.row))
    const repositories = ctx.serversOnHost.filter((row) => row.kind === 'helm-index')
    const { message, summary } = helmFails('404 Not Found')
    return helmIndexNotFound(
      { message, summary },
      {
        hints: [`Repositories on ${ctx.target.host}: ${repositories.map((row) => row.url).join(', ')}.`],
        explanations: [`${indexUrl} answered 404 Not Found.`],
      },
    )
  }
  const verdict = judgeCredentials(ctx.row, ctx.auth, ctx.now)
  if (verdict.accepted) {
    stage.request(request, '200 OK, Content-Type: application/x-yaml (apiVersion: v1, 4 charts)')
    if (verdict.ignored)
      stage.note(
        'This public repository does not check credentials: they were sent and ignored, as a static server does',
      )
    stage.note(`"${name}" has been added to your repositories`)
    stage.note(`$ helm repo remove ${name}`, latency(`remove:${url}`, 20, 60))
    stage.note(`"${name}" has been removed from your repositories`)
    return undefined
  }
  stage.request(request, '401 Unauthorized, Www-Authenticate: Basic realm="charts"')
  const advice = credentialAdvice(verdict, ctx.auth, ctx.row, ctx.target.host)
  const { message, summary } = helmFails('401 Unauthorized')
  return helmCredentialFailure(verdict.problem === 'required', advice, { message, summary })
}

/** No index.yaml at the URL: Harness's texts for helm's 404, then ours. */
export function helmIndexNotFound(
  texts: { message: string; summary: string },
  ours: { hints: string[]; explanations: string[] },
): Failure {
  return failure('NOT_FOUND', texts.message, {
    summary: texts.summary,
    hints: [INDEX_HINT, ...ours.hints],
    explanations: ['No Index.yaml file found', ...ours.explanations],
  })
}

/** helm's 401: Harness's texts, then the advice for the credentials. */
export function helmCredentialFailure(
  required: boolean,
  advice: { hints: string[]; explanations: string[] },
  texts: { message: string; summary: string },
): Failure {
  return failure(required ? 'CREDENTIALS_REQUIRED' : 'BAD_CREDENTIALS', texts.message, {
    summary: texts.summary,
    code: 490,
    hints: ['Provide valid username/password for the helm repo', ...advice.hints],
    explanations: ['Given credentials are not authorized to access the helm chart repo server', ...advice.explanations],
  })
}

export const httpHelmProtocol: ProtocolSimulator = {
  runtime: 'go',
  serverKinds: ['helm-index'],
  expected: { server: 'Helm chart repository', api: 'Helm repository index (index.yaml)' },
  whereLabel: (ctx) => ctx.target.base,
  reachabilityLabel: (ctx) => ctx.url,
  unreachable: (ctx, fault) => ({
    message: `Could not reach Helm Repository at ${ctx.url}`,
    hints: [fault === 'DNS' ? 'Could not resolve the helm repo server URL. Please provide a reachable URL' : ADD_HINT],
    explanations: [fault === 'DNS' ? 'The Helm chart repo server is not reachable' : ADD_EXPLANATION],
  }),
  exchange,
}
