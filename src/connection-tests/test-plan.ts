import type { ConnectorTypeDefinition } from '../connector-types/connector-type'
import { findConnectorType } from '../connector-types/registry'
import type { ConnectorInfo, ConnectorValidationResult, DelegateGroup, TestStage } from '../lib/api-types'
import { readAuth, secretStageTitle } from './credentials'
import type { HeldSecret } from './delegate-held'
import { ASSIGN_STAGE_TITLE } from './delegate-selection'
import { failure, type Failure } from './failure'
import { parseTarget, type Target } from './target'

/** A secret as the simulated secret manager hands it to a delegate. */
export type ResolvedSecret = { identifier: string; value: string; updatedAt: number }

/** A secret the delegate holds: the manager hands over where it is, never a value (decision 028). */
export type HeldByDelegate = { identifier: string; held: HeldSecret }

export type SimulationInput = {
  connector: ConnectorInfo
  /** Resolves a secret reference written in the connector (`id`, `org.id`, `account.id`). */
  resolveSecret: (reference: string) => ResolvedSecret | HeldByDelegate | undefined
  delegates: readonly DelegateGroup[]
  now: number
}

/**
 * What a connection test does and how it ends. Deterministic: the same input always gives
 * the same plan. Stage durations are the realistic ones; the mock backend scales them.
 */
export type SimulationPlan = {
  delegate?: { id: string; name: string }
  /** The titles of every stage a whole test of the connector runs (plannedStageTitles); its stages by default. */
  planned?: string[]
  stages: TestStage[]
  result: Omit<ConnectorValidationResult, 'stages' | 'testedAt'>
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** Where a test is aimed: the URL as stored, where that is, and the type's extra fields. */
export type TestedEndpoint = { url: string; target: Target; settings: Readonly<Record<string, string>> }

/**
 * What a connector's test is aimed at, read from its spec through its type's definition: the
 * URL (normalised as the type says), where that is, and the type's extra fields with their
 * defaults. The simulator and the real check (delegate-agent/checks/run-check.ts) both start here.
 */
export function testedEndpoint(
  definition: ConnectorTypeDefinition,
  spec: Readonly<Record<string, unknown>>,
): TestedEndpoint {
  const url = definition.url.normalize(text(spec[definition.url.specKey]))
  return {
    url,
    target: parseTarget(url),
    settings: Object.fromEntries(
      definition.fields.map((field) => [field.key, text(spec[field.key]) || field.defaultValue]),
    ),
  }
}

/** The one stage of a test of a connector whose type this build does not know. */
export const UNKNOWN_TYPE_STAGE_TITLE = 'Read the connector'

/** The reachability stage's title for an endpoint, as the type's protocol names it; none without a protocol. */
export type ReachabilityTitle = (definition: ConnectorTypeDefinition, endpoint: TestedEndpoint) => string | undefined

/**
 * Every stage a test of this connector runs when none fails, in order: the same list whichever
 * way a run ends and however its events reach a reader, so that a screen can list them all from
 * the start. Both engines run exactly these (the simulator, and the manager's assignment followed
 * by the delegate's check); a run that fails stops early, and the rest were not run.
 */
export function plannedStageTitles(connector: ConnectorInfo, reachability: ReachabilityTitle): string[] {
  const definition = findConnectorType(connector.type)
  if (!definition) return [UNKNOWN_TYPE_STAGE_TITLE]
  const spec: Record<string, unknown> = connector.spec && typeof connector.spec === 'object' ? connector.spec : {}
  const declared = readAuth(spec)
  const titles = [ASSIGN_STAGE_TITLE]
  if (declared.scheme !== 'none') titles.push(secretStageTitle(declared))
  const reach = reachability(definition, testedEndpoint(definition, spec))
  if (reach !== undefined) titles.push(reach, definition.connectionTest.stageTitle)
  return titles
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

/** A connector whose type has no connection test. */
export function unknownTypeFailure(type: string): Failure {
  return failure('INVALID_DETAILS', `Unknown connector type: ${type}`, {
    hints: ['Recreate the connector with one of the Artifact Repositories types.'],
    explanations: ['No connection test exists for this type.'],
  })
}

/** A type whose protocol is not in the list: a type file that names a protocol nobody wrote. */
export function noTestFailure(definition: ConnectorTypeDefinition): Failure {
  return failure(
    'INVALID_DETAILS',
    `No connection test exists for the protocol ${definition.connectionTest.protocol}`,
    {
      hints: ['Recreate the connector with one of the Artifact Repositories types.'],
      explanations: [`The ${definition.label} type names a protocol that this build does not have.`],
    },
  )
}
