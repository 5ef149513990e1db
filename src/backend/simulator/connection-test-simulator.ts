import type { ConnectorTypeDefinition, RegistryProtocol } from '../../connector-types/connector-type'
import { findConnectorType } from '../../connector-types/registry'
import type { DelegateGroup, TestStage } from '../../lib/api-types'
import { readAuth, resolvePassword, type ConnectorAuth } from './credentials'
import { assignDelegate, normalizeSelectors } from './delegate-selection'
import { reachabilityStage } from './network-faults'
import type { ProtocolContext, ProtocolSimulator } from './protocol'
import { artifactoryProtocol } from './protocol-artifactory'
import { dockerRegistryProtocol } from './protocol-docker'
import { httpHelmProtocol } from './protocol-http-helm'
import { nexusProtocol } from './protocol-nexus'
import { ociHelmProtocol } from './protocol-oci-helm'
import { failure, StageLog, type Failure } from './simulation-kit'
import type { SimulationInput, SimulationPlan } from './simulation-types'
import { findInWorld, parseTarget } from './world-lookup'

export { ASSIGN_STAGE_TITLE } from './delegate-selection'
export { SECRET_STAGE_TITLE } from './credentials'
export { reachabilityTitle } from './network-faults'

const PROTOCOLS: Record<RegistryProtocol, ProtocolSimulator> = {
  artifactory: artifactoryProtocol,
  'docker-registry-v2': dockerRegistryProtocol,
  'helm-http': httpHelmProtocol,
  'helm-oci': ociHelmProtocol,
  nexus: nexusProtocol,
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/**
 * What a connector's test is aimed at, read from its spec through its type's definition: the
 * URL (normalised as the type says), where that is, and the type's extra fields with their
 * defaults. The simulator and the real check (delegate-agent/checks/run-check.ts) both start here.
 */
export function testedEndpoint(
  definition: ConnectorTypeDefinition,
  spec: Readonly<Record<string, unknown>>,
): Pick<ProtocolContext, 'url' | 'target' | 'settings'> {
  const url = definition.url.normalize(text(spec[definition.url.specKey]))
  return {
    url,
    target: parseTarget(url),
    settings: Object.fromEntries(
      definition.fields.map((field) => [field.key, text(spec[field.key]) || field.defaultValue]),
    ),
  }
}

/** The plan of a test that ran `stages` and ended with `outcome` (success when there is none). */
export function finishPlan(
  stages: TestStage[],
  delegate: DelegateGroup | undefined,
  outcome: Failure | undefined,
): SimulationPlan {
  const ran = delegate ? { delegateId: delegate.delegateGroupIdentifier, delegateName: delegate.groupName } : {}
  const plan: SimulationPlan = {
    stages,
    result: outcome
      ? {
          status: 'FAILURE',
          ...ran,
          failureKind: outcome.kind,
          errorSummary: `${outcome.category} (${outcome.summary})`,
          errors: [{ reason: outcome.reason, message: outcome.message, code: outcome.code }],
          hints: outcome.hints,
          explanations: outcome.explanations,
        }
      : { status: 'SUCCESS', ...ran },
  }
  if (delegate) plan.delegate = { id: delegate.delegateGroupIdentifier, name: delegate.groupName }
  return plan
}

/** Masks the texts a user reads; identifiers, statuses and kinds are not free text and stay as they are. */
/** A connector whose type has no connection test. */
export function unknownTypeFailure(type: string): Failure {
  return failure('INVALID_DETAILS', `Unknown connector type: ${type}`, {
    hints: ['Recreate the connector with one of the Artifact Repositories types.'],
    explanations: ['No connection test exists for this type.'],
  })
}

/**
 * Plays a connection test against the simulated world: which delegate takes it, what it
 * sends and what comes back, and how it ends. Pure and deterministic; the mock backend
 * replays the stages with (scaled) delays.
 */
export function simulateConnectionTest(input: SimulationInput): SimulationPlan {
  const { connector, now } = input
  const spec: Record<string, unknown> = connector.spec && typeof connector.spec === 'object' ? connector.spec : {}
  const definition = findConnectorType(connector.type)
  if (!definition) {
    const stage = new StageLog('Read the connector')
    stage.note(`Unknown connector type: ${connector.type}`)
    return finishPlan([stage.finish('failed')], undefined, unknownTypeFailure(connector.type))
  }

  const stages: TestStage[] = []
  const selectors = normalizeSelectors(Array.isArray(spec.delegateSelectors) ? spec.delegateSelectors : [])
  const assignment = assignDelegate(selectors, input.delegates, now)
  stages.push(assignment.stage)
  const delegate = assignment.delegate
  if (!delegate) return finishPlan(stages, undefined, assignment.failure)

  const declared = readAuth(spec)
  let auth: ConnectorAuth = { scheme: 'none' }
  if (declared.scheme === 'basic') {
    const resolved = resolvePassword(declared, input.resolveSecret, now)
    stages.push(resolved.stage)
    if (!resolved.secret) return finishPlan(stages, delegate, resolved.failure)
    const shown = resolved.shownUsername ?? declared.username
    auth = { ...declared, username: shown, secret: resolved.secret }
    const sent = resolved.usernameValue ?? (shown === declared.username ? undefined : declared.username)
    if (sent !== undefined) auth.usernameValue = sent
  }

  const protocolName = definition.connectionTest.protocol
  const protocol = PROTOCOLS[protocolName]
  const ctx: ProtocolContext = {
    definition,
    ...testedEndpoint(definition, spec),
    auth,
    delegateName: delegate.groupName,
    now,
  }
  const match = findInWorld(ctx.target, protocol)
  const reach = reachabilityStage(ctx, protocol, match)
  stages.push(reach.stage)
  if (reach.failure || match.found !== 'row') {
    return finishPlan(stages, delegate, reach.failure)
  }

  const stage = new StageLog(definition.connectionTest.stageTitle)
  const outcome = protocol.exchange({ ...ctx, row: match.row, pathMatches: match.pathMatches }, stage)
  stages.push(stage.finish(outcome ? 'failed' : 'passed'))
  return finishPlan(stages, delegate, outcome)
}
