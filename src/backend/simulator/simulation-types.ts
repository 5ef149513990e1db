import type { ConnectorInfo, ConnectorValidationResult, DelegateGroup, TestStage } from '../../lib/api-types'

/** A secret as the simulated secret manager hands it to a delegate. */
export type ResolvedSecret = { identifier: string; value: string; updatedAt: number }

export type SimulationInput = {
  connector: ConnectorInfo
  /** Resolves a secret reference written in the connector (`id`, `org.id`, `account.id`). */
  resolveSecret: (reference: string) => ResolvedSecret | undefined
  delegates: readonly DelegateGroup[]
  now: number
}

/**
 * What a connection test does and how it ends. Deterministic: the same input always gives
 * the same plan. Stage durations are the realistic ones; the mock backend scales them.
 */
export type SimulationPlan = {
  delegate?: { id: string; name: string }
  stages: TestStage[]
  result: Omit<ConnectorValidationResult, 'stages' | 'testedAt'>
}
