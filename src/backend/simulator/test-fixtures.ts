import type { ResolvedSecret, SimulationInput, SimulationPlan } from '../../connection-tests/test-plan'
import { getConnectorType } from '../../connector-types/registry'
import type { ConnectorInfo, DelegateGroup } from '../../lib/api-types'
import {
  DEMO_PASSWORD_SECRET,
  DEMO_PASSWORD_VALUE,
  ECR_EXPIRED_TOKEN_SECRET,
  ECR_TOKEN_SECRET,
} from '../../protocols/kit/simulated-servers'
import { simulateConnectionTest } from './connection-test-simulator'

/** Test fixtures shared by the simulator's test files: the seeded world of README.md, "The simulated world". */

export const NOW = Date.UTC(2025, 5, 1, 12, 0, 0)
const HOUR = 3_600_000

function delegate(name: string, tags: string[], activelyConnected: boolean): DelegateGroup {
  return {
    delegateGroupIdentifier: name.replace(/-/g, '_'),
    groupName: name,
    groupImplicitSelectors: [name],
    groupCustomSelectors: tags,
    activelyConnected,
    lastHeartBeat: activelyConnected ? NOW - 30_000 : NOW - 3 * 24 * HOUR,
  }
}

export const DELEGATES: readonly DelegateGroup[] = [
  delegate('delegate-east', ['east', 'k8s', 'docker'], true),
  delegate('delegate-west', ['west', 'k8s', 'helm'], true),
  delegate('delegate-legacy', ['legacy'], false),
]

export const SECRETS: Record<string, ResolvedSecret> = {
  [DEMO_PASSWORD_SECRET]: { identifier: DEMO_PASSWORD_SECRET, value: DEMO_PASSWORD_VALUE, updatedAt: NOW - 48 * HOUR },
  wrong_password: { identifier: 'wrong_password', value: 'not-the-password', updatedAt: NOW - HOUR },
  [ECR_TOKEN_SECRET]: {
    identifier: ECR_TOKEN_SECRET,
    value: 'eyJwYXlsb2FkIjoiZnJlc2gifQ==',
    updatedAt: NOW - 2 * HOUR,
  },
  [ECR_EXPIRED_TOKEN_SECRET]: {
    identifier: ECR_EXPIRED_TOKEN_SECRET,
    value: 'eyJwYXlsb2FkIjoib2xkIn0=',
    updatedAt: NOW - 13 * HOUR,
  },
  'account.shared_password': { identifier: 'shared_password', value: DEMO_PASSWORD_VALUE, updatedAt: NOW - HOUR },
}

export type ConnectorOptions = {
  auth?: 'Anonymous' | { username: string; passwordRef: string }
  settings?: Record<string, string>
  selectors?: string[]
}

export const DEMO_AUTH = { username: 'demo', passwordRef: DEMO_PASSWORD_SECRET }
export const WRONG_AUTH = { username: 'demo', passwordRef: 'wrong_password' }

/** A connector as the API stores it, built through the registry so spec keys stay right. */
export function connector(type: string, url: string, options: ConnectorOptions = {}): ConnectorInfo {
  const definition = getConnectorType(type)
  const auth = options.auth ?? DEMO_AUTH
  const spec: Record<string, unknown> = {
    [definition.url.specKey]: definition.url.normalize(url),
    auth: auth === 'Anonymous' ? { type: 'Anonymous' } : { type: 'UsernamePassword', spec: { ...auth } },
    delegateSelectors: options.selectors ?? [],
    ...definition.fixedSpec,
  }
  for (const field of definition.fields) spec[field.key] = options.settings?.[field.key] ?? field.defaultValue
  return {
    name: `${type} test`,
    identifier: `${type.toLowerCase()}_test`,
    tags: {},
    type,
    orgIdentifier: 'default',
    projectIdentifier: 'payments',
    spec,
  }
}

export function inputFor(info: ConnectorInfo, secrets: Record<string, ResolvedSecret> = SECRETS): SimulationInput {
  return { connector: info, resolveSecret: (reference) => secrets[reference], delegates: DELEGATES, now: NOW }
}

export function simulate(type: string, url: string, options: ConnectorOptions = {}): SimulationPlan {
  return simulateConnectionTest(inputFor(connector(type, url, options)))
}

/** Every user-visible string of a plan, for "never shows X" and "mentions Y" checks. */
export function visibleText(plan: SimulationPlan): string[] {
  const { result } = plan
  return [
    ...plan.stages.flatMap((stage) => [stage.title, ...stage.log]),
    result.errorSummary ?? '',
    ...(result.errors ?? []).flatMap((error) => [error.reason, error.message]),
    ...(result.hints ?? []),
    ...(result.explanations ?? []),
  ]
}

export function stageTitles(plan: SimulationPlan): string[] {
  return plan.stages.map((stage) => stage.title)
}

export function logOf(plan: SimulationPlan): string {
  return plan.stages.flatMap((stage) => stage.log).join('\n')
}
