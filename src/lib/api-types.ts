/**
 * The REST API the app talks to, shaped like Harness NG's (docs/reference/harness-api.md §2).
 * The mock backend implements exactly this; a real server can be put behind the same base URL.
 */

/** A connector as the API carries it: Harness's `connector` object (YAML and JSON). */
export type ConnectorInfo = {
  name: string
  identifier: string
  description?: string
  orgIdentifier?: string
  projectIdentifier?: string
  tags: Record<string, string>
  type: string
  spec: Record<string, unknown>
}

export type ResponseEnvelope<T> = {
  status: 'SUCCESS'
  data: T
  metaData: unknown
  correlationId: string
}

/** Harness's ErrorDTO / FailureDTO, as the API answers any refused request. */
export type ErrorEnvelope = {
  status: 'ERROR' | 'FAILURE'
  code: string
  message: string
  correlationId: string
  detailedMessage?: string | null
  responseMessages?: { code: string; level: 'ERROR' | 'INFO' | 'WARN'; message: string }[]
  /** FailureDTO: validation errors per field. */
  errors?: { fieldId: string; error: string }[]
}

export type PageResponse<T> = {
  content: T[]
  totalItems: number
  totalPages: number
  pageIndex: number
  pageSize: number
}

export type ConnectivityStatus = 'SUCCESS' | 'FAILURE' | 'UNKNOWN'

export type ConnectorConnectivityDetails = {
  status: ConnectivityStatus
  errorSummary?: string
  errors?: { reason: string; message: string; code: number }[]
  testedAt?: number
  lastTestedAt?: number
  lastConnectedAt?: number
}

export type ConnectorResponse = {
  connector: ConnectorInfo
  createdAt: number
  lastModifiedAt: number
  status: ConnectorConnectivityDetails
  harnessManaged: false
}

/** Body of POST /connectors/listV2 (Harness ConnectorFilterProperties). */
export type ConnectorFilter = {
  filterType: 'Connector'
  types?: string[]
  categories?: string[]
  connectivityStatuses?: ConnectivityStatus[]
}

export type CatalogueResponse = { catalogue: { category: string; connectors: string[] }[] }

/** Why a connection test failed, one value per row kind of the simulated world. */
export type FailureKind =
  | 'BAD_CREDENTIALS'
  | 'CREDENTIALS_REQUIRED'
  | 'EXPIRED_TOKEN'
  | 'DNS'
  | 'CONNECTION_REFUSED'
  | 'TIMEOUT'
  | 'TLS'
  | 'SERVER_ERROR'
  | 'NOT_FOUND'
  | 'WRONG_SERVER'
  | 'INVALID_DETAILS'
  | 'NO_DELEGATE'
  | 'MISSING_SECRET'

export type TestStage = {
  title: string
  status: 'passed' | 'failed'
  durationMs: number
  /** The stage log: requests as a delegate would make them and what came back. */
  log: string[]
}

/**
 * Harness's ConnectorValidationResult plus what the simulator knows and Harness spreads over
 * an ErrorDTO: the reason, the hints and explanations, and the stage log.
 */
export type ConnectorValidationResult = {
  status: 'SUCCESS' | 'FAILURE'
  testedAt: number
  delegateId?: string
  /** Host name of the delegate that ran the test. */
  delegateName?: string
  /** Harness's `"<category> (<message>)"`. */
  errorSummary?: string
  errors?: { reason: string; message: string; code: number }[]
  failureKind?: FailureKind
  /** "Try these suggestions". */
  hints?: string[]
  /** "Issue could be". */
  explanations?: string[]
  stages: TestStage[]
}

/**
 * With `Accept: application/x-ndjson`, POST /connectors/testConnection/{id} streams one JSON
 * event a line while the test runs, and ends with the result.
 */
export type TestConnectionEvent =
  | { type: 'delegate'; delegateId?: string; delegateName?: string }
  | { type: 'stage-started'; index: number; title: string }
  | { type: 'stage-finished'; index: number; stage: TestStage }
  | { type: 'result'; result: ConnectorValidationResult }

export type SecretDTO = {
  type: 'SecretText'
  name: string
  identifier: string
  description?: string
  orgIdentifier?: string
  projectIdentifier?: string
  tags: Record<string, string>
  spec: { secretManagerIdentifier: string; valueType: 'Inline' }
}

/** The API's answer about a secret: never its value. */
export type SecretResponse = { secret: SecretDTO; createdAt: number; updatedAt: number }

/** Body of POST /v2/secrets: the only place a value travels, and only towards the server. */
export type CreateSecretBody = {
  secret: Omit<SecretDTO, 'spec'> & {
    spec: { secretManagerIdentifier: string; valueType: 'Inline'; value: string }
  }
}

export type DelegateGroup = {
  delegateGroupIdentifier: string
  groupName: string
  /** Tags the delegate's selectors match; includes its own name. */
  groupImplicitSelectors: string[]
  groupCustomSelectors: string[]
  activelyConnected: boolean
  lastHeartBeat: number
}

/** GET /api/setup/delegates/v2/up-the-hierarchy answers with Harness's older RestResponse. */
export type RestResponse<T> = { metaData: unknown; resource: T; responseMessages: unknown[] }

/** One row of the simulated world's servers, for the in-app guide (GET /ng/api/demo/world). */
export type SimulatedServer = {
  url: string
  server: string
  anonymous: 'allowed' | 'refused' | 'n/a'
  notes: string
}
export type SimulatedWorld = {
  servers: SimulatedServer[]
  credentials: { username: string; passwordSecret: string; note: string }[]
}
