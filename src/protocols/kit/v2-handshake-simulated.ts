import { caller } from '../../connection-tests/credentials'
import type { StageLog } from '../../connection-tests/stage-log'
import { parseTarget } from '../../connection-tests/target'
import { type CredentialVerdict } from './credential-advice'
import type { ServerContext } from './protocol'
import type { ServerKind } from './simulated-servers'

/** How a registry answers an unauthenticated `GET /v2/` (docs/reference/registry-protocols.md §2.1). */
export type Challenge =
  | { scheme: 'Bearer'; realm: string; service: string }
  | { scheme: 'Basic'; realm: string; service?: string }

export function challengeOf(kind: ServerKind, host: string): Challenge {
  switch (kind) {
    case 'docker-hub':
      return { scheme: 'Bearer', realm: 'https://auth.docker.io/token', service: 'registry.docker.io' }
    case 'quay':
      return { scheme: 'Bearer', realm: `https://${host}/v2/auth`, service: host }
    case 'harbor':
      return { scheme: 'Bearer', realm: `https://${host}/service/token`, service: 'harbor-registry' }
    case 'ecr':
      return { scheme: 'Basic', realm: `https://${host}/`, service: 'ecr.amazonaws.com' }
    default:
      return { scheme: 'Basic', realm: 'Registry Realm' }
  }
}

function header(challenge: Challenge): string {
  const service = challenge.service ? `,service="${challenge.service}"` : ''
  return `Www-Authenticate: ${challenge.scheme} realm="${challenge.realm}"${service}`
}

export const V2_OK = '200 OK, Docker-Distribution-Api-Version: registry/2.0'
const V2_UNAUTHORIZED =
  '401 Unauthorized {"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}'
export const ECR_EXPIRED_TEXT = 'denied: Your authorization token has expired. Reauthenticate and try again.'
const ECR_EXPIRED = `403 Forbidden {"errors":[{"code":"DENIED","message":"Your authorization token has expired. Reauthenticate and try again."}]}`

/** Docker Hub's token server words a wrong password its own way; others use the registry error body. */
function tokenRefusal(kind: ServerKind): { answer: string; client: string } {
  return kind === 'docker-hub'
    ? {
        answer: '401 Unauthorized {"details":"incorrect username or password"}',
        client: 'unauthorized: incorrect username or password',
      }
    : {
        answer: '401 Unauthorized {"errors":[{"code":"UNAUTHORIZED","message":"invalid username or password"}]}',
        client: 'unauthorized: invalid username or password',
      }
}

/**
 * Logs the `/v2/` handshake a client makes, consistent with the server's verdict on the
 * credentials, and returns the text the client would print if it failed.
 * Harness's client sends Basic with its first request; `docker login` and `helm registry login`
 * first ask without credentials to collect the challenge.
 */
export function v2Handshake(
  ctx: ServerContext,
  stage: StageLog,
  v2: string,
  verdict: CredentialVerdict,
  options: { preemptiveBasic: boolean },
): { clientError?: string } {
  const challenge = challengeOf(ctx.row.kind, parseTarget(v2).host)
  const auth = ctx.auth
  const withCredentials = auth.scheme === 'basic'
  const first = options.preemptiveBasic && withCredentials ? caller(auth) : '(no credentials)'
  const loginFailed = (status: string) => `login attempt to ${v2} failed with status: ${status}`
  const refused = verdict.accepted ? undefined : verdict.problem

  if (challenge.scheme === 'Basic') {
    if (!withCredentials || !options.preemptiveBasic) {
      stage.request(
        `GET ${v2} (no credentials)`,
        verdict.accepted && !withCredentials ? V2_OK : `401 Unauthorized, ${header(challenge)}`,
      )
      if (!withCredentials) return refused ? { clientError: loginFailed('401 Unauthorized') } : {}
    }
    if (refused === 'expired') {
      stage.request(`GET ${v2} ${caller(auth)}`, ECR_EXPIRED)
      return { clientError: ECR_EXPIRED_TEXT }
    }
    if (refused) {
      stage.request(`GET ${v2} ${caller(auth)}`, `401 Unauthorized, ${header(challenge)}`)
      if (options.preemptiveBasic) stage.request(`GET ${v2} ${caller(auth)} (retried by the client)`, V2_UNAUTHORIZED)
      return { clientError: loginFailed('401 Unauthorized') }
    }
    stage.request(`GET ${v2} ${caller(auth)}`, `${V2_OK}, {}`)
    return {}
  }

  stage.request(`GET ${v2} ${first}`, `401 Unauthorized, ${header(challenge)}`)
  const tokenUrl = `GET ${challenge.realm}?service=${challenge.service}`
  if (!withCredentials) {
    if (refused) {
      stage.request(
        `${tokenUrl} (no credentials)`,
        '401 Unauthorized {"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
      )
      return { clientError: loginFailed('401 Unauthorized') }
    }
    stage.request(`${tokenUrl} (no credentials)`, '200 OK {"token":"<anonymous token>","expires_in":300}')
    stage.request(`GET ${v2} (Authorization: Bearer <anonymous token>)`, V2_OK)
    return {}
  }
  if (refused) {
    const refusal = tokenRefusal(ctx.row.kind)
    stage.request(`${tokenUrl} ${caller(auth)}`, refusal.answer)
    return { clientError: `Get "${v2}": ${refusal.client}` }
  }
  stage.request(`${tokenUrl} ${caller(auth)}`, '200 OK {"token":"<token>","expires_in":300}')
  stage.request(`GET ${v2} (Authorization: Bearer <token>)`, V2_OK)
  return {}
}

/** The registries that answer the Docker Registry v2 API (`GET /v2/`). */
export const DOCKER_V2_KINDS: readonly ServerKind[] = ['docker-hub', 'harbor', 'quay', 'registry2', 'ecr']
