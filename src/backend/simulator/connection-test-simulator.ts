import { readAuth, secretStageTitle, type ConnectorAuth } from '../../connection-tests/credentials'
import { assignDelegate, normalizeSelectors } from '../../connection-tests/delegate-selection'
import { foundFromHeld, mainSecretRef, resolveCredentials } from '../../connection-tests/secret-stage'
import { latency, StageLog } from '../../connection-tests/stage-log'
import {
  finishPlan,
  noTestFailure,
  testedEndpoint,
  UNKNOWN_TYPE_STAGE_TITLE,
  unknownTypeFailure,
  type SimulationInput,
  type SimulationPlan,
} from '../../connection-tests/test-plan'
import { findConnectorType } from '../../connector-types/registry'
import type { TestStage } from '../../lib/api-types'
import type { ProtocolContext } from '../../protocols/kit/protocol'
import { findProtocol, plannedStages, SERVER_PROBES } from '../../protocols/protocols'
import { reachabilityStage } from './reachability-stage'
import { readHeldInWorld } from './simulated-world'
import { findInWorld, serversOnHost } from './world-lookup'

/**
 * Plays a connection test against the simulated world: which delegate takes it, what it
 * sends and what comes back, and how it ends. Pure and deterministic; the mock backend
 * replays the stages with (scaled) delays.
 */
export function simulateConnectionTest(input: SimulationInput): SimulationPlan {
  return { ...play(input), planned: plannedStages(input.connector) }
}

function play(input: SimulationInput): SimulationPlan {
  const { connector, now } = input
  const spec: Record<string, unknown> = connector.spec && typeof connector.spec === 'object' ? connector.spec : {}
  const definition = findConnectorType(connector.type)
  if (!definition) {
    const stage = new StageLog(UNKNOWN_TYPE_STAGE_TITLE)
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
  if (declared.scheme !== 'none') {
    const stage = new StageLog(secretStageTitle(declared))
    const timing = { ms: latency(`secret:${mainSecretRef(declared)}`, 20, 90), now }
    // A secret the delegate holds is read from the world's delegates (simulated-world.ts).
    const lookup = (reference: string) => {
      const found = input.resolveSecret(reference)
      return found && 'held' in found
        ? foundFromHeld(found.identifier, found.held, readHeldInWorld(found.held), delegate.groupName)
        : found
    }
    const resolved = resolveCredentials(declared, lookup, stage, timing)
    stages.push(stage.finish('failure' in resolved ? 'failed' : 'passed'))
    if ('failure' in resolved) return finishPlan(stages, delegate, resolved.failure)
    auth = resolved.auth
  }

  const protocol = findProtocol(definition.connectionTest.protocol)?.simulator
  if (!protocol) return finishPlan(stages, delegate, noTestFailure(definition))
  const ctx: ProtocolContext = {
    definition,
    ...testedEndpoint(definition, spec),
    auth,
    delegateName: delegate.groupName,
    now,
    probes: SERVER_PROBES,
  }
  const match = findInWorld(ctx.target, protocol)
  const reach = reachabilityStage(ctx, protocol, match)
  stages.push(reach.stage)
  if (reach.failure || match.found !== 'row') {
    return finishPlan(stages, delegate, reach.failure)
  }

  const stage = new StageLog(definition.connectionTest.stageTitle)
  const server = { row: match.row, pathMatches: match.pathMatches, serversOnHost: serversOnHost(ctx.target) }
  const outcome = protocol.exchange({ ...ctx, ...server }, stage)
  stages.push(stage.finish(outcome ? 'failed' : 'passed'))
  return finishPlan(stages, delegate, outcome)
}
