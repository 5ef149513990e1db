import {
  lookedUpIn,
  missingSecret,
  passwordRequired,
  SECRET_STAGE_TITLE,
  shownUsername,
  type DeclaredAuth,
} from '../../connection-tests/credentials'
import type { Failure } from '../../connection-tests/failure'
import { parseReference } from '../../lib/references'
import { CallError } from '../../protocols/kit/call-log'
import type { CheckContext, RealProtocol } from '../../protocols/kit/check-context'
import { isTlsError, noAnswerFailure } from '../../protocols/kit/check-failures'
import { noHostFailure, reachabilityTitle } from '../../protocols/kit/network-faults'
import type { CheckSession } from './check-session'

/**
 * The stages before the client call, as the simulator shows them: the secrets the task
 * brought, then whether the server can be reached at all.
 */

/** What is sent, and the username as our words show it (shownUsername). */
export type ResolvedCredentials = { username: string; password: string; shownUsername: string }

type SecretStage = { failure: Failure } | { credentials: ResolvedCredentials }

/** The manager resolved the secrets into the task; a reference without a value stops the test here. */
export function resolveSecretsStage(
  session: CheckSession,
  auth: Extract<DeclaredAuth, { scheme: 'basic' }>,
  secrets: Readonly<Record<string, string>>,
): SecretStage {
  const stage = session.startStage(SECRET_STAGE_TITLE)
  const valueOf = (reference: string) => (Object.hasOwn(secrets, reference) ? secrets[reference] : undefined)
  const end = (outcome: SecretStage): SecretStage => {
    session.finishStage(stage, 'failure' in outcome ? 'failed' : 'passed')
    return outcome
  }
  if (!auth.passwordRef) {
    stage.note(`Username ${auth.username || '(empty)'} has no password secret`)
    return end({ failure: passwordRequired() })
  }
  let username = auth.username
  if (auth.usernameRef) {
    stage.note(`Username secret: ${auth.usernameRef} (looked up in ${lookedUpIn(auth.usernameRef)})`)
    const value = valueOf(auth.usernameRef)
    if (value === undefined) {
      stage.note(`Secret ${auth.usernameRef} not found`)
      return end({ failure: missingSecret(auth.usernameRef, 'Username') })
    }
    stage.note(`Secret ${parseReference(auth.usernameRef).identifier} resolved; the username is never written to a log`)
    username = value
  }
  const password = valueOf(auth.passwordRef)
  const shown = shownUsername(auth.username, password)
  const who = auth.usernameRef ? 'Password secret' : `Username: ${shown || '(empty)'}; password secret`
  stage.note(`${who}: ${auth.passwordRef} (looked up in ${lookedUpIn(auth.passwordRef)})`)
  if (password === undefined) {
    stage.note(`Secret ${auth.passwordRef} not found`)
    return end({ failure: missingSecret(auth.passwordRef, 'Password') })
  }
  stage.note(`Secret ${parseReference(auth.passwordRef).identifier} resolved; its value is never written to a log`)
  return end({ credentials: { username, password, shownUsername: shown } })
}

/**
 * Harness's pre-check (`Http.connectableHttpUrl`) fails only when nothing answers. It trusts
 * any certificate; this one verifies, and a certificate it refuses is left to the client call
 * to report, so the failure shows in the same stage as in Harness and the simulator.
 */
export async function reachabilityStage(
  ctx: CheckContext,
  protocol: RealProtocol,
  session: CheckSession,
): Promise<Failure | undefined> {
  const { target } = ctx
  const stage = session.startStage(reachabilityTitle(protocol.simulator.reachabilityLabel(ctx)))
  const end = (failure?: Failure) => {
    session.finishStage(stage, failure ? 'failed' : 'passed')
    return failure
  }
  if (!target.hostname || !URL.canParse(target.base)) {
    stage.note(`No usable host name in ${ctx.url || '(empty URL)'}`)
    return end(noHostFailure(ctx.url, ctx.definition.url))
  }
  const probe = protocol.simulator.probeRequest?.(ctx)
  try {
    if (!probe) {
      await session.openSocket(stage, target.hostname, target.port)
      return end()
    }
    await session.send(stage, {
      url: probe.replace(/^GET /, ''),
      describe: (answer) =>
        answer.status >= 500 ? ' (reachable: this check fails only on 400 or a network error)' : ' (reachable)',
    })
    return end()
  } catch (error) {
    if (!(error instanceof CallError)) throw error
    if (isTlsError(error)) {
      stage.note(
        'The server answered the TLS handshake: it is reachable; the client call below reports the certificate',
      )
      return end()
    }
    return end(noAnswerFailure(error, protocol.texts(ctx), session))
  }
}
