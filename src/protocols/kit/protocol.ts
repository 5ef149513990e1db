import type { ConnectorAuth } from '../../connection-tests/credentials'
import type { Failure } from '../../connection-tests/failure'
import type { StageLog } from '../../connection-tests/stage-log'
import type { Target } from '../../connection-tests/target'
import type { ConnectorTypeDefinition } from '../../connector-types/connector-type'
import type { ProtocolProbe } from './server-probes'
import type { ServerKind, WorldRow } from './simulated-servers'

/** Everything a protocol needs to play one connection test. */
export type ProtocolContext = {
  definition: ConnectorTypeDefinition
  /** The URL as the connector stores it. */
  url: string
  target: Target
  auth: ConnectorAuth
  /** The type's extra fields (`providerType`, `version`), defaults filled in. */
  settings: Readonly<Record<string, string>>
  delegateName: string
  now: number
  /** Every protocol's requests that tell its server apart (server-probes.ts), for "not a … server". */
  probes: readonly ProtocolProbe[]
}

/** The context once the URL has reached a server of the world. */
export type ServerContext = ProtocolContext & {
  row: WorldRow
  pathMatches: boolean
  /** Every server of the world on the URL's host and port, the row's own included. */
  serversOnHost: readonly WorldRow[]
}

export type FailureTexts = {
  message: string
  /** A one-line summary when the message is a tool's whole output. */
  summary?: string
  hints: string[]
  explanations: string[]
}

export type NetworkFault = 'DNS' | 'CONNECTION_REFUSED' | 'TIMEOUT'

/** What a protocol expects to find at the URL, as a "not a … server" failure names it. */
export type ExpectedServer = {
  /** "Artifactory server", "OCI registry"… */
  server: string
  /** "Artifactory REST API", "Docker Registry v2 API"… */
  api: string
  /** Where to find the URL to enter instead, when it is not simply "the URL of your <server>". */
  baseUrl?: string
}

export type ProtocolSimulator = {
  /** Java where Harness's own client calls the server, Go where the delegate shells out to helm. */
  runtime: 'java' | 'go'
  /** The server kinds the protocol can validate against. Anything else is "not a … server". */
  serverKinds: readonly ServerKind[]
  /**
   * The API lives at the registry's root (`/v2/`) whatever path a row names, and the URL may
   * end in `/v2`. Otherwise the API is at the row's own path.
   */
  apiAtRegistryRoot?: boolean
  /** Only the host is used, so the path never decides what answers (`helm registry login`). */
  hostOnly?: boolean
  /** What a "not a … server" failure says the protocol expected to find. */
  expected: ExpectedServer
  /** How failures name the URL: the URL without trailing slashes, or the host alone. */
  whereLabel: (ctx: ServerContext) => string
  /**
   * What the reachability stage names: the URL, or `host:port` when only the host is used. From
   * the endpoint alone, so that a test's stages can be listed before it runs (test-plan.ts).
   */
  reachabilityLabel: (ctx: Pick<ProtocolContext, 'url' | 'target'>) => string
  /**
   * The pre-check's request. Docker, Artifactory and Nexus make an HTTP GET; the Helm types
   * only open a socket (Harness checks Helm capabilities, not the URL).
   */
  probeRequest?: (ctx: ProtocolContext) => string
  /** What a server of the world answers to the probe request. */
  probeAnswer?: (ctx: ServerContext) => string
  /** Harness's texts when the pre-check cannot reach the server. */
  unreachable: (ctx: ProtocolContext, fault: NetworkFault) => FailureTexts
  /** The client call. Runs against real servers and against the TLS and 503 rows. */
  exchange: (ctx: ServerContext, stage: StageLog) => Failure | undefined
}

/** How a protocol finds its server in the world: which part of the URL decides what answers. */
export type WorldAddressing = Pick<ProtocolSimulator, 'serverKinds' | 'apiAtRegistryRoot' | 'hostOnly'>

/** What a "not a … server" failure needs to know about the protocol. */
export type WrongServerTexts = Pick<ProtocolSimulator, 'expected' | 'whereLabel'>
