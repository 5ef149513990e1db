import type { ConnectorTypeDefinition } from '../../connector-types/connector-type'
import type { ConnectorAuth } from './credentials'
import type { WorldRow } from './simulated-world'
import type { Failure, StageLog } from './simulation-kit'
import type { Target } from './world-lookup'

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
}

/** The context once the URL has reached a server of the world. */
export type ServerContext = ProtocolContext & { row: WorldRow; pathMatches: boolean }

export type FailureTexts = {
  message: string
  /** A one-line summary when the message is a tool's whole output. */
  summary?: string
  hints: string[]
  explanations: string[]
}

export type NetworkFault = 'DNS' | 'CONNECTION_REFUSED' | 'TIMEOUT'

export type ProtocolSimulator = {
  /** Java where Harness's own client calls the server, Go where the delegate shells out to helm. */
  runtime: 'java' | 'go'
  /** What the reachability stage names: the URL, or `host:port` when only the host is used. */
  reachabilityLabel: (ctx: ProtocolContext) => string
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
