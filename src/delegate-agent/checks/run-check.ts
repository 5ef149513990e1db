import { caller, readAuth, secretStageTitle, type ConnectorAuth } from '../../connection-tests/credentials'
import type { Failure } from '../../connection-tests/failure'
import { foundFromHeld, resolveCredentials, type FoundSecret } from '../../connection-tests/secret-stage'
import {
  finishPlan,
  noTestFailure,
  testedEndpoint,
  UNKNOWN_TYPE_STAGE_TITLE,
  unknownTypeFailure,
} from '../../connection-tests/test-plan'
import { authMethodOf } from '../../connector-types/auth-methods'
import { findConnectorType } from '../../connector-types/registry'
import { parseReference } from '../../lib/references'
import { CallError } from '../../protocols/kit/call-log'
import type { CheckContext } from '../../protocols/kit/check-context'
import { noAnswerFailure } from '../../protocols/kit/check-failures'
import { findProtocol, SERVER_PROBES } from '../../protocols/protocols'
import type { CheckOptions, CheckOutcome, CheckTask } from '../check-types'
import { readHeldSecret } from '../held-secrets'
import { CheckSession } from './check-session'
import { reachabilityStage } from './reachability-stage'

/**
 * Runs a connection test for real, from this machine: the secret stage, the reachability
 * stage and the protocol's client call, with the simulator's stage titles and failure texts.
 *
 * Never throws for network or protocol problems: they end as a FAILURE outcome. Cancel
 * (`options.signal`) aborts the request in flight and **rejects with the signal's reason**
 * (an AbortError DOMException unless the caller gave another), so the caller can tell a
 * cancelled test from a failed one; the stage that was running is then not reported finished.
 * The whole check fails as TIMEOUT after `totalTimeoutMs`, naming the stage and the request.
 * Stage indexes passed to the callbacks count from 0 within this check.
 */
export async function runConnectionCheck(task: CheckTask, options: CheckOptions = {}): Promise<CheckOutcome> {
  const { connector } = task
  const spec: Record<string, unknown> = connector.spec && typeof connector.spec === 'object' ? connector.spec : {}
  const declared = readAuth(spec)
  // Read before the session starts, so that what a server echoes of them is withheld as a stored value is.
  const held = await readHeldSecrets(task, options)
  const heldValues = [...held.values()].flatMap((found) => ('value' in found ? [found.value] : []))
  const session = new CheckSession(options, [...Object.values(task.secrets), ...heldValues])
  // Nothing is masked at the end: our words hold no credential, and what servers said went
  // through the session's remote text as it came in (remote-text.ts).
  const end = (outcome: Failure | undefined): CheckOutcome => {
    const { stages, result } = finishPlan(session.stages, undefined, outcome)
    return { stages, result }
  }
  try {
    const definition = findConnectorType(connector.type)
    if (!definition) {
      const stage = session.startStage(UNKNOWN_TYPE_STAGE_TITLE)
      stage.note(`Unknown connector type: ${connector.type}`)
      session.finishStage(stage, 'failed')
      return end(unknownTypeFailure(connector.type))
    }
    let auth: ConnectorAuth = { scheme: 'none' }
    let credentials: CheckContext['credentials']
    if (declared.scheme !== 'none') {
      const stage = session.startStage(secretStageTitle(declared))
      const brought = (reference: string) =>
        held.get(reference) ??
        (Object.hasOwn(task.secrets, reference)
          ? { identifier: parseReference(reference).identifier, value: task.secrets[reference] ?? '' }
          : undefined)
      const resolved = resolveCredentials(declared, brought, stage)
      session.finishStage(stage, 'failure' in resolved ? 'failed' : 'passed')
      if ('failure' in resolved) return end(resolved.failure)
      // Texts show `auth` (a withheld or secret username differs from the one sent); values never.
      auth = resolved.auth
      const { values } = resolved
      credentials = { ...values, label: caller(auth) }
      if (values.scheme === 'basic') session.addBasicPair(values.username, values.password)
      else session.addSecret(values.token)
    }
    const check = findProtocol(definition.connectionTest.protocol)?.check
    if (!check) return end(noTestFailure(definition))
    const ctx: CheckContext = {
      definition,
      ...testedEndpoint(definition, spec),
      auth,
      delegateName: session.delegateName,
      now: Date.now(),
      probes: SERVER_PROBES,
      session,
      authType: authMethodOf(spec.auth).id,
      ...(credentials ? { credentials } : {}),
      ...(credentials?.scheme === 'basic' ? { basic: credentials } : {}),
    }
    const unreachable = await reachabilityStage(ctx, check, session)
    if (unreachable) return end(unreachable)

    const stage = session.startStage(definition.connectionTest.stageTitle)
    let outcome: Failure | undefined
    try {
      outcome = await check.exchange(ctx, stage)
    } catch (error) {
      if (!(error instanceof CallError)) throw error
      outcome = noAnswerFailure(error, check.texts(ctx), session)
    }
    session.finishStage(stage, outcome ? 'failed' : 'passed')
    return end(outcome)
  } finally {
    session.close()
  }
}

/** The secrets the task says this delegate holds, each read (or not) where it says (held-secrets.ts). */
async function readHeldSecrets(task: CheckTask, options: CheckOptions): Promise<Map<string, FoundSecret>> {
  const found = new Map<string, FoundSecret>()
  const source = options.heldSecrets ?? { environment: {} }
  for (const [reference, held] of Object.entries(task.held ?? {})) {
    const read = await readHeldSecret(held, source)
    found.set(reference, foundFromHeld(parseReference(reference).identifier, held, read, options.delegateName))
  }
  return found
}

/**
 * A check of a connector that is not stored, such as a pasted URL being probed: a type, its
 * spec and the values of the secrets the spec names. Same stages and words as a stored one's.
 */
export function runCheckFromSpec(
  type: string,
  spec: Readonly<Record<string, unknown>>,
  secrets: Readonly<Record<string, string>>,
  options: CheckOptions = {},
): Promise<CheckOutcome> {
  return runConnectionCheck(
    { connector: { name: '', identifier: '', tags: {}, type, spec: { ...spec } }, secrets },
    options,
  )
}
