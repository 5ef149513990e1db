import type { HeldRead, HeldSecret } from '../../connection-tests/delegate-held'
import { findConnectorType } from '../../connector-types/registry'
import type { SimulatedServer, SimulatedWorld } from '../../lib/api-types'
import { DELEGATE_ENVIRONMENT, delegateReferenceProblem } from '../../lib/delegate-held-secrets'
import { ECR_USERNAME } from '../../protocols/kit/credential-advice'
import {
  DEMO_PASSWORD_SECRET,
  DEMO_PASSWORD_VALUE,
  DEMO_USERNAME,
  ECR_EXPIRED_TOKEN_SECRET,
  ECR_TOKEN_SECRET,
  type ServerKind,
  type WorldRow,
  type WorldUse,
} from '../../protocols/kit/simulated-servers'
import { PROTOCOLS } from '../../protocols/protocols'

/**
 * The servers a connection test can meet (README.md, "The simulated world"). The simulator
 * and the in-app guide both read this table, so what the guide promises is what the test does.
 */

export function isFault(kind: ServerKind): boolean {
  return ['refuses-connections', 'times-out', 'expired-cert', 'unavailable'].includes(kind)
}

/** Servers that fail the same way for any connector type, whatever it expects to find. */
const FAULT_ROWS: readonly WorldRow[] = [
  faultRow(
    'https://down.acme.test',
    'connection refused',
    'refuses-connections',
    'Nothing listens on the port: fails fast with Connection refused.',
  ),
  faultRow(
    'https://slow.acme.test',
    'times out',
    'times-out',
    "Never answers: fails after the delegate's 15 s connect timeout.",
  ),
  faultRow(
    'https://expired-cert.acme.test',
    'TLS certificate expired',
    'expired-cert',
    'Reachable, but the client call fails certificate validation.',
  ),
  faultRow(
    'https://flaky.acme.test',
    '503 Service Unavailable',
    'unavailable',
    'Reachable, but every API call answers 503.',
  ),
]

/** Every server of the world: the protocols' own, in the order of the protocol list, then the faults. */
export const WORLD_ROWS: readonly WorldRow[] = [...PROTOCOLS.flatMap((protocol) => protocol.servers), ...FAULT_ROWS]

function faultRow(url: string, server: string, kind: ServerKind, notes: string): WorldRow {
  return { url, server, name: server, kind, anonymous: 'n/a', credentials: 'none', useWith: [], notes }
}

function describeUse(use: WorldUse): string {
  const label = findConnectorType(use.type)?.label ?? use.type
  const settings = Object.entries(use.settings ?? {}).map(([key, value]) =>
    key === 'providerType' ? `Provider Type ${value}` : key === 'version' ? `Version ${value}` : `${key} ${value}`,
  )
  return settings.length ? `${label} (${settings.join(', ')})` : label
}

/**
 * What every delegate of the world holds (decision 028): a delegate-held secret naming one of
 * these reads its value; any other name or path is missing, and a name or path the rules refuse
 * is refused here as a real delegate refuses it.
 */
export const DELEGATE_ENVIRONMENT_VALUES: Readonly<Record<string, string>> = {
  CONNECTORS_DELEGATE_SECRET_DEMO_PASSWORD: DEMO_PASSWORD_VALUE,
}
export const DELEGATE_SECRET_FILES: Readonly<Record<string, string>> = { 'registry/password': DEMO_PASSWORD_VALUE }

export function readHeldInWorld(held: HeldSecret): HeldRead {
  if (delegateReferenceProblem(held.manager, held.reference)) return { problem: 'refused' }
  const table = held.manager === DELEGATE_ENVIRONMENT ? DELEGATE_ENVIRONMENT_VALUES : DELEGATE_SECRET_FILES
  return Object.hasOwn(table, held.reference) ? { value: table[held.reference] ?? '' } : { problem: 'missing' }
}

/** The guide's view of the world: every row, and the credentials that pass. */
export function describeSimulatedWorld(): SimulatedWorld {
  const servers: SimulatedServer[] = WORLD_ROWS.map((row) => ({
    url: row.url,
    server: row.server,
    anonymous: row.anonymous,
    notes: row.useWith.length
      ? `${row.notes} Use with: ${row.useWith.map(describeUse).join('; ')}.`
      : `${row.notes} No connector type succeeds here.`,
  }))
  servers.push({
    url: 'any other host',
    server: 'the host name does not resolve',
    anonymous: 'n/a',
    notes: 'Fails fast with an unknown host. A known host on another port refuses the connection.',
  })
  return {
    servers,
    credentials: [
      {
        username: DEMO_USERNAME,
        passwordSecret: DEMO_PASSWORD_SECRET,
        note: `The secret holds ${DEMO_PASSWORD_VALUE}. Every server that needs credentials accepts it, except ECR; any other username or password fails as bad credentials.`,
      },
      {
        username: ECR_USERNAME,
        passwordSecret: ECR_TOKEN_SECRET,
        note: 'Amazon ECR: a token updated less than 12 hours ago, so the test succeeds.',
      },
      {
        username: ECR_USERNAME,
        passwordSecret: ECR_EXPIRED_TOKEN_SECRET,
        note: 'Amazon ECR: a token older than 12 hours; the test fails with "Your authorization token has expired".',
      },
    ],
    delegateHeld: [
      ...Object.keys(DELEGATE_ENVIRONMENT_VALUES).map((name) => ({
        location: `Delegate environment: ${name}`,
        note: `Every simulated delegate has it, holding ${DEMO_PASSWORD_VALUE}: a secret held by the delegate that names it passes with username ${DEMO_USERNAME}. Any other variable is missing.`,
      })),
      ...Object.keys(DELEGATE_SECRET_FILES).map((path) => ({
        location: `Delegate secret directory: ${path}`,
        note: `Every simulated delegate has this file, holding ${DEMO_PASSWORD_VALUE}. Any other file is missing.`,
      })),
    ],
  }
}
