import type { HeldSecret } from '../connection-tests/delegate-held'
import type { ConnectorInfo, ConnectorValidationResult, TestStage } from '../lib/api-types'
import type { HeldSecretSource } from './held-secrets'
import type { NetworkPolicy } from './network-policy'

/**
 * What a delegate receives inside one test task: the connector as stored, and the values of the
 * secrets it names, resolved by the manager when the delegate claimed the task. The values live
 * only in memory for the task's length and are never written to a stage log or a result.
 */
export type CheckTask = {
  connector: ConnectorInfo
  /** Secret values by the reference the connector writes (`demo_password`, `org.x`, `account.y`). */
  secrets: Readonly<Record<string, string>>
  /** The secrets this delegate holds, by reference: where it reads each value (decision 028). */
  held?: Readonly<Record<string, HeldSecret>>
}

export type CheckOptions = {
  /** Extra trusted CA certificates (PEM), from the delegate's --ca-file. Verification is never off. */
  caCertificates?: readonly string[]
  /** Per request: DNS + TCP + TLS must finish within this (default 10 s). */
  connectTimeoutMs?: number
  /** The whole check (default 30 s). */
  totalTimeoutMs?: number
  /** Cancel: aborts every request in flight. */
  signal?: AbortSignal
  /** Each stage as it starts and ends, so the manager can stream them while the check runs. */
  onStageStarted?: (index: number, title: string) => void
  onStageFinished?: (index: number, stage: TestStage) => void
  /** Where the check may connect (network-policy.ts); the defaults when not given. */
  networkPolicy?: NetworkPolicy
  /** How hints name the machine that ran the check ("does not resolve from <name>"); "this delegate" by default. */
  delegateName?: string
  /** Where the secrets this delegate holds are read; without it, none is (each fails, named). */
  heldSecrets?: HeldSecretSource
}

/** How a real check ends: the same shape the simulator's plan has, so the UI reads both the same way. */
export type CheckOutcome = {
  stages: TestStage[]
  result: Omit<ConnectorValidationResult, 'stages' | 'testedAt' | 'delegateId' | 'delegateName'>
}
