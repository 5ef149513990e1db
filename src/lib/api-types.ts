/**
 * The REST API the app talks to, shaped like Harness NG's (docs/reference/harness-api.md §2):
 * one zod schema per request body and per response, and each type inferred from its schema.
 * The client parses every answer with these (api-client.ts); the backend answers with these types.
 *
 * The schemas use `zod/mini` (the same schemas, a functional API) because this module is in the
 * first page's JavaScript. They are lenient where a real Harness server differs from this
 * project's backend: unknown keys are dropped, `null` stands for "absent", and this project's
 * extensions (the stage log, hints, versions…) may be missing.
 */
import { z } from 'zod/mini'

/** An optional field that a server may also send as `null`; both read as absent. */
export function optionalField<T extends z.ZodMiniType>(schema: T) {
  return z.optional(
    z.pipe(
      z.nullable(schema),
      z.transform((value: z.output<T> | null) => value ?? undefined),
    ),
  )
}

/** A field with a value to use when the server leaves it out or sends `null`. */
export function fieldOr<T extends z.ZodMiniType>(schema: T, fallback: () => NonNullable<z.output<T>>) {
  return z.pipe(
    z.nullish(schema),
    z.transform((value: z.output<T> | null | undefined): NonNullable<z.output<T>> => value ?? fallback()),
  )
}

const stringList = () => fieldOr(z.array(z.string()), () => [])
const tagsSchema = fieldOr(z.record(z.string(), z.string()), () => ({}))

// --- Envelopes -------------------------------------------------------------------------------

/** Harness's ResponseDTO: `{status: 'SUCCESS', data, metaData, correlationId}`. */
export function responseEnvelopeSchema<T extends z.ZodMiniType>(data: T) {
  return z.object({
    status: z.literal('SUCCESS'),
    data,
    metaData: z.unknown(),
    correlationId: fieldOr(z.string(), () => ''),
  })
}
export type ResponseEnvelope<T> = z.output<ReturnType<typeof responseEnvelopeSchema<z.ZodMiniType<T>>>>

const responseMessageSchema = z.object({
  code: fieldOr(z.string(), () => ''),
  level: z.catch(z.enum(['ERROR', 'INFO', 'WARN']), 'ERROR'),
  message: fieldOr(z.string(), () => ''),
})

/**
 * Harness's ErrorDTO / FailureDTO, as the API answers any refused request. Lenient: an error
 * body from a gateway or another version of the server still gives its message.
 */
export const errorEnvelopeSchema = z.object({
  status: z.catch(z.enum(['ERROR', 'FAILURE']), 'ERROR'),
  code: fieldOr(z.string(), () => ''),
  message: fieldOr(z.string(), () => ''),
  correlationId: fieldOr(z.string(), () => ''),
  detailedMessage: z.optional(z.nullable(z.string())),
  responseMessages: optionalField(z.array(responseMessageSchema)),
  /** FailureDTO: validation errors per field. */
  errors: optionalField(z.array(z.object({ fieldId: z.string(), error: z.string() }))),
  /** AccessDeniedErrorDTO (403 NG_ACCESS_DENIED): the checks that failed. */
  failedPermissionChecks: optionalField(
    z.array(z.object({ permission: z.string(), resourceType: z.string(), resourceIdentifier: z.nullish(z.string()) })),
  ),
})
export type ErrorEnvelope = z.output<typeof errorEnvelopeSchema>

/** Harness's PageResponse. */
export function pageResponseSchema<T extends z.ZodMiniType>(item: T) {
  return z.object({
    content: z.array(item),
    totalItems: z.number(),
    totalPages: z.number(),
    pageIndex: z.number(),
    pageSize: z.number(),
    /** A filtered list counts its matches up to a limit: there are more than totalItems. */
    totalIsLowerBound: optionalField(z.boolean()),
  })
}
export type PageResponse<T> = z.output<ReturnType<typeof pageResponseSchema<z.ZodMiniType<T>>>>

/** GET /api/setup/delegates/v2/up-the-hierarchy answers with Harness's older RestResponse. */
export function restResponseSchema<T extends z.ZodMiniType>(resource: T) {
  return z.object({
    metaData: z.unknown(),
    resource,
    responseMessages: fieldOr(z.array(z.unknown()), () => []),
  })
}
export type RestResponse<T> = z.output<ReturnType<typeof restResponseSchema<z.ZodMiniType<T>>>>

// --- Connectors ------------------------------------------------------------------------------

/** A connector as the API carries it: Harness's `connector` object (YAML and JSON). */
export const connectorInfoSchema = z.object({
  name: z.string(),
  identifier: z.string(),
  description: optionalField(z.string()),
  orgIdentifier: optionalField(z.string()),
  projectIdentifier: optionalField(z.string()),
  tags: tagsSchema,
  type: z.string(),
  spec: z.record(z.string(), z.unknown()),
})
export type ConnectorInfo = z.output<typeof connectorInfoSchema>

/** Body of POST and PUT /ng/api/connectors. */
export const connectorRequestSchema = z.object({ connector: connectorInfoSchema })
export type ConnectorRequest = z.output<typeof connectorRequestSchema>

export const connectivityStatusSchema = z.enum(['SUCCESS', 'FAILURE', 'UNKNOWN'])
export type ConnectivityStatus = z.output<typeof connectivityStatusSchema>

/** How the list shows each status; search matches these words too. */
export const CONNECTIVITY_STATUS_LABELS: Record<ConnectivityStatus, string> = {
  SUCCESS: 'Success',
  FAILURE: 'Failed',
  UNKNOWN: 'Not tested',
}

/** Harness's ErrorDetail. */
const errorDetailSchema = z.object({ reason: z.string(), message: z.string(), code: z.number() })

export const connectorConnectivityDetailsSchema = z.object({
  /** Harness's other statuses (PARTIAL, PENDING) read as not known. */
  status: z.catch(connectivityStatusSchema, 'UNKNOWN'),
  errorSummary: optionalField(z.string()),
  errors: optionalField(z.array(errorDetailSchema)),
  testedAt: optionalField(z.number()),
  lastTestedAt: optionalField(z.number()),
  lastConnectedAt: optionalField(z.number()),
  /**
   * The demo's sample data (this project's extension): a result that no test produced, shown as
   * such. A real server never stores one; a connection test replaces it.
   */
  sample: optionalField(z.boolean()),
})
export type ConnectorConnectivityDetails = z.output<typeof connectorConnectivityDetailsSchema>

export const changedBySchema = z.object({ type: z.string(), identifier: z.string(), name: z.string() })
export type ChangedByDTO = z.output<typeof changedBySchema>

export const connectorResponseSchema = z.object({
  connector: connectorInfoSchema,
  createdAt: z.number(),
  lastModifiedAt: z.number(),
  status: fieldOr(connectorConnectivityDetailsSchema, () => ({ status: 'UNKNOWN' as const })),
  /** Harness's own connectors (say, its Docker Hub image registry) are listed with `true`. */
  harnessManaged: fieldOr(z.boolean(), () => false),
  /** Sent by servers that check edits for conflicts. */
  version: optionalField(z.number()),
  /** A connection test still queued or running on a delegate (the real server's extension). */
  runningTest: optionalField(z.object({ taskId: z.string() })),
  /** Who created it and who changed it last (this project's; absent for older connectors). */
  createdBy: optionalField(changedBySchema),
  lastModifiedBy: optionalField(changedBySchema),
})
export type ConnectorResponse = z.output<typeof connectorResponseSchema>

/** Body of POST /connectors/listV2 (Harness ConnectorFilterProperties). */
export const connectorFilterSchema = z.object({
  filterType: z.literal('Connector'),
  types: z.optional(z.array(z.string())),
  categories: z.optional(z.array(z.string())),
  connectivityStatuses: z.optional(z.array(connectivityStatusSchema)),
})
export type ConnectorFilter = z.output<typeof connectorFilterSchema>

export const catalogueResponseSchema = z.object({
  catalogue: z.array(z.object({ category: z.string(), connectors: z.array(z.string()) })),
})
export type CatalogueResponse = z.output<typeof catalogueResponseSchema>

// --- Connection tests ------------------------------------------------------------------------

/** Why a connection test failed, one value per row kind of the simulated world. */
export const failureKindSchema = z.enum([
  'BAD_CREDENTIALS',
  'CREDENTIALS_REQUIRED',
  'EXPIRED_TOKEN',
  'DNS',
  'CONNECTION_REFUSED',
  'TIMEOUT',
  'TLS',
  'SERVER_ERROR',
  'NOT_FOUND',
  'WRONG_SERVER',
  'INVALID_DETAILS',
  'NO_DELEGATE',
  'MISSING_SECRET',
  /** The delegate running the test stopped sending heartbeats before it answered. */
  'DELEGATE_LOST',
  /** The delegate's network policy refused the address (link-local, cloud metadata, the server itself). */
  'NETWORK_POLICY',
])
export type FailureKind = z.output<typeof failureKindSchema>

export const testStageSchema = z.object({
  title: z.string(),
  status: z.enum(['passed', 'failed']),
  durationMs: z.number(),
  /** The stage log: requests as a delegate would make them and what came back. */
  log: stringList(),
})
export type TestStage = z.output<typeof testStageSchema>

/**
 * Harness's ConnectorValidationResult plus what the simulator knows and Harness spreads over
 * an ErrorDTO: the reason, the hints and explanations, and the stage log. Harness's own result
 * has none of these: they are optional, and a missing stage log reads as no stages.
 */
export const connectorValidationResultSchema = z.object({
  status: z.enum(['SUCCESS', 'FAILURE']),
  testedAt: z.number(),
  delegateId: optionalField(z.string()),
  /** Host name of the delegate that ran the test. */
  delegateName: optionalField(z.string()),
  /** Harness's `"<category> (<message>)"`. */
  errorSummary: optionalField(z.string()),
  errors: optionalField(z.array(errorDetailSchema)),
  /** A kind this client does not know reads as none. */
  failureKind: z.optional(z.catch(z.optional(failureKindSchema), undefined)),
  /** "Try these suggestions". */
  hints: optionalField(z.array(z.string())),
  /** "Issue could be". */
  explanations: optionalField(z.array(z.string())),
  stages: fieldOr(z.array(testStageSchema), () => []),
  /** Who started the test (this project's, for the test history and the audit trail). */
  startedBy: optionalField(
    z.object({ type: z.enum(['USER', 'SERVICE_ACCOUNT']), identifier: z.string(), name: z.string() }),
  ),
})
export type ConnectorValidationResult = z.output<typeof connectorValidationResultSchema>
export type TestStartedBy = NonNullable<ConnectorValidationResult['startedBy']>

/**
 * With `Accept: application/x-ndjson`, POST /connectors/testConnection/{id} streams one JSON
 * event a line while the test runs, and ends with the result.
 */
export const testConnectionEventSchema = z.discriminatedUnion('type', [
  /** The server's task for the test: a reader can come back to it (after a reload) or cancel it. */
  z.object({ type: z.literal('task'), taskId: z.string(), startedAt: z.number() }),
  z.object({
    type: z.literal('delegate'),
    delegateId: optionalField(z.string()),
    delegateName: optionalField(z.string()),
  }),
  /**
   * The stages a whole test of the connector runs, in order, sent before the first of them: a
   * reader lists them all from the start, whether the test then runs them all or ends early.
   */
  z.object({ type: z.literal('plan'), stages: z.array(z.string()) }),
  z.object({ type: z.literal('stage-started'), index: z.int().check(z.minimum(0)), title: z.string() }),
  z.object({ type: z.literal('stage-finished'), index: z.int().check(z.minimum(0)), stage: testStageSchema }),
  z.object({ type: z.literal('result'), result: connectorValidationResultSchema }),
])
export type TestConnectionEvent = z.output<typeof testConnectionEventSchema>

// --- Secrets ---------------------------------------------------------------------------------

const secretFields = {
  type: z.literal('SecretText'),
  name: z.string(),
  identifier: z.string(),
  description: optionalField(z.string()),
  orgIdentifier: optionalField(z.string()),
  projectIdentifier: optionalField(z.string()),
  tags: tagsSchema,
}

export const secretDtoSchema = z.object({
  ...secretFields,
  spec: z.object({
    secretManagerIdentifier: z.string(),
    /** Inline: stored on the server. Reference: the delegate reads it where `value` says (decision 028). */
    valueType: z.enum(['Inline', 'Reference', 'CustomSecretManagerValues']),
    /** Only for a Reference: the variable name or the file path, which is not secret. Never a value. */
    value: optionalField(z.string()),
  }),
})
export type SecretDTO = z.output<typeof secretDtoSchema>

/** The API's answer about a secret: never its value. */
export const secretResponseSchema = z.object({
  secret: secretDtoSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Sent by servers that check edits for conflicts. */
  version: optionalField(z.number()),
  /** In a list of this app's: how many connectors use the secret (Harness sends none). */
  usedByConnectors: optionalField(z.number()),
  /** Who created it and who changed it last (this project's; Harness and older secrets send none). */
  createdBy: optionalField(changedBySchema),
  lastModifiedBy: optionalField(changedBySchema),
})
export type SecretResponse = z.output<typeof secretResponseSchema>

/** Body of POST /v2/secrets: the only place a value travels, and only towards the server. */
export const createSecretBodySchema = z.object({
  secret: z.object({
    ...secretFields,
    /** Inline: `value` is the secret value. Reference: where a delegate reads it (lib/delegate-held-secrets.ts). */
    spec: z.object({
      secretManagerIdentifier: z.string(),
      valueType: z.enum(['Inline', 'Reference']),
      value: z.string(),
    }),
  }),
})
export type CreateSecretBody = z.output<typeof createSecretBodySchema>

/** Body of PUT /v2/secrets/{identifier}: as a create's, and a value only when it changes. */
export type UpdateSecretBody = {
  secret: Omit<CreateSecretBody['secret'], 'spec'> & {
    spec: Omit<CreateSecretBody['secret']['spec'], 'value'> & { value?: string }
  }
}

// --- Delegates -------------------------------------------------------------------------------

/** Harness sends a delegate's implicit selectors as a map from selector to its kind; keys count. */
const selectorListSchema = z.union([
  z.array(z.string()),
  z.pipe(
    z.record(z.string(), z.unknown()),
    z.transform((selectors: Record<string, unknown>) => Object.keys(selectors)),
  ),
])

/** A delegate's own heartbeat row, for the delegates page (our extension of DelegateGroup). */
/** A delegate process; the id it calls the server with is its own and is not listed. */
export const delegateInstanceSchema = z.object({
  hostname: z.string(),
  connected: z.boolean(),
  lastHeartBeat: z.number(),
  maxConcurrency: z.number(),
  runningTests: z.number(),
})
export type DelegateInstance = z.output<typeof delegateInstanceSchema>

export const delegateGroupSchema = z.object({
  delegateGroupIdentifier: z.string(),
  groupName: z.string(),
  /** Tags the delegate's selectors match; includes its own name. */
  groupImplicitSelectors: fieldOr(selectorListSchema, () => []),
  groupCustomSelectors: fieldOr(selectorListSchema, () => []),
  activelyConnected: z.boolean(),
  lastHeartBeat: z.number(),
  /** The group's processes and their heartbeats (the real server's delegates only). */
  instances: z.optional(z.array(delegateInstanceSchema)),
})
export type DelegateGroup = z.output<typeof delegateGroupSchema>

/** A token delegates started elsewhere present (`npm run delegate -- --token`); its value is never listed. */
export const delegateTokenSchema = z.object({
  name: z.string(),
  createdAt: z.number(),
  revokedAt: optionalField(z.number()),
  /** When a delegate last presented it (to the minute); absent: never used. */
  lastUsedAt: optionalField(z.number()),
  /** When it stops being accepted; absent: never. `expired` is the server's reading of its own clock. */
  expiresAt: optionalField(z.number()),
  expired: optionalField(z.boolean()),
})
export type DelegateToken = z.output<typeof delegateTokenSchema>

/** POST /ng/api/delegate-tokens answers the value, once. */
export const createdDelegateTokenSchema = z.object({
  token: delegateTokenSchema,
  value: z.string(),
  /** The address delegates should use (the server's --public-url); the page's own origin otherwise. */
  serverUrl: optionalField(z.string()),
})

/** GET /api/setup/delegates/v2/up-the-hierarchy: a RestResponse of this. */
export const delegateGroupsResponseSchema = restResponseSchema(
  z.object({ delegateGroupDetails: z.array(delegateGroupSchema) }),
)

// --- Scopes ----------------------------------------------------------------------------------

export const organizationDtoSchema = z.object({
  identifier: z.string(),
  name: z.string(),
  description: fieldOr(z.string(), () => ''),
  tags: tagsSchema,
})
export type OrganizationDTO = z.output<typeof organizationDtoSchema>

/** What Harness answers around an organization or a project (OrganizationResponse, ProjectResponse). */
const scopeResponseFields = {
  createdAt: optionalField(z.number()),
  lastModifiedAt: optionalField(z.number()),
  /** Harness's own `default` organization, which cannot be edited or deleted. */
  harnessManaged: fieldOr(z.boolean(), () => false),
  /** As connectors carry it (Harness sends it only as the ETag). */
  version: optionalField(z.number()),
}

/** GET /ng/api/organizations answers a page of these; create, get and update one. */
export const organizationResponseSchema = z.object({ organization: organizationDtoSchema, ...scopeResponseFields })
export type OrganizationResponse = z.output<typeof organizationResponseSchema>

export const projectDtoSchema = z.object({
  identifier: z.string(),
  orgIdentifier: z.string(),
  name: z.string(),
  description: fieldOr(z.string(), () => ''),
  color: optionalField(z.string()),
  tags: tagsSchema,
})
export type ProjectDTO = z.output<typeof projectDtoSchema>

/** GET /ng/api/projects answers a page of these; create, get and update one. */
export const projectResponseSchema = z.object({ project: projectDtoSchema, ...scopeResponseFields })
export type ProjectResponse = z.output<typeof projectResponseSchema>

// --- Pipelines -------------------------------------------------------------------------------
// Bodies of PUT and POST /pipeline/api/pipelines are the pipeline YAML as text
// (Content-Type: application/yaml).

/** GET /pipeline/api/pipelines/list answers a page of these. */
export const pipelineSummarySchema = z.object({
  identifier: z.string(),
  name: z.string(),
  description: fieldOr(z.string(), () => ''),
  stageCount: z.number(),
  lastUpdatedAt: z.number(),
  /** Connector references the pipeline holds, as written in its YAML. */
  connectorRefs: stringList(),
  /** Sent by servers that check edits for conflicts. */
  version: optionalField(z.number()),
  /** The demo's sample pipelines (this project's extension): their times are made up; a save makes them real. */
  sample: optionalField(z.boolean()),
})
export type PipelineSummary = z.output<typeof pipelineSummarySchema>

/** GET /pipeline/api/pipelines/{identifier} */
export const pipelineResponseSchema = z.object({
  yamlPipeline: z.string(),
  lastUpdatedAt: z.number(),
  version: optionalField(z.number()),
})
export type PipelineResponse = z.output<typeof pipelineResponseSchema>

/** PUT /pipeline/api/pipelines/{identifier} and POST /pipeline/api/pipelines. */
export const pipelineSaveResponseSchema = z.object({
  identifier: z.string(),
  lastUpdatedAt: z.number(),
  version: optionalField(z.number()),
})
export type PipelineSaveResponse = z.output<typeof pipelineSaveResponseSchema>

// --- Entity setup usage ----------------------------------------------------------------------

/** Where an entity lives and what it is called there; Harness's IdentifierRef. */
export const entityRefSchema = z.object({
  accountIdentifier: z.string(),
  identifier: z.string(),
  orgIdentifier: optionalField(z.string()),
  projectIdentifier: optionalField(z.string()),
})
export type EntityRef = z.output<typeof entityRefSchema>

const entityDetailSchema = z.object({ type: z.string(), name: z.string(), entityRef: entityRefSchema })
export type EntityDetail<Type extends string = string> = Omit<z.output<typeof entityDetailSchema>, 'type'> & {
  type: Type
}

/**
 * One row of GET /ng/api/entitySetupUsage (Harness's EntitySetupUsageDTO): an entity that refers
 * to the connector asked about. This app's pipelines are `Pipelines`; a Harness account has
 * other kinds too (services, templates…).
 */
export const entitySetupUsageSchema = z.object({
  accountIdentifier: z.string(),
  referredEntity: z.object({ ...entityDetailSchema.shape, type: z.enum(['Connectors', 'Secrets']) }),
  referredByEntity: entityDetailSchema,
  /** When the referring entity was last saved. */
  createdAt: z.number(),
})
export type EntitySetupUsage = z.output<typeof entitySetupUsageSchema>

// --- The mock backend's own endpoints --------------------------------------------------------

/** One row of the simulated world's servers, for the in-app guide (GET /ng/api/demo/world). */
export const simulatedServerSchema = z.object({
  url: z.string(),
  server: z.string(),
  anonymous: z.enum(['allowed', 'refused', 'n/a']),
  notes: z.string(),
})
export type SimulatedServer = z.output<typeof simulatedServerSchema>

export const simulatedWorldSchema = z.object({
  servers: z.array(simulatedServerSchema),
  credentials: z.array(z.object({ username: z.string(), passwordSecret: z.string(), note: z.string() })),
  /** What the world's delegates hold in their environment and secret directory (decision 028). */
  delegateHeld: optionalField(z.array(z.object({ location: z.string(), note: z.string() }))),
})
export type SimulatedWorld = z.output<typeof simulatedWorldSchema>

/** The answer of endpoints that only say yes or no (validateUniqueIdentifier, DELETE…). */
export const booleanSchema = z.boolean()

/** GET /ng/api/changes: a number that grows with every write (this project's, not Harness's). */
export const changeCountSchema = z.object({ changeCount: z.number() })
export type ChangeCount = z.output<typeof changeCountSchema>

// --- Connection test history (this project's, not Harness's) ---------------------------------

/** How many finished connection tests each connector keeps. */
export const TEST_HISTORY_LIMIT = 20

/** One kept connection test: its result (secrets masked, as the delegate logged it) and how long it took. */
export const testHistoryEntrySchema = z.object({ ...connectorValidationResultSchema.shape, durationMs: z.number() })
export type TestHistoryEntry = z.output<typeof testHistoryEntrySchema>

/** GET /ng/api/connectors/{identifier}/testHistory: the kept tests, newest first. */
export const testHistorySchema = z.object({ content: z.array(testHistoryEntrySchema) })
export type TestHistory = z.output<typeof testHistorySchema>
