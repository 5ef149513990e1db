import { z } from 'zod/mini'
import { connectorInfoSchema, testStageSchema } from '../lib/api-types'
import { DELEGATE_ENVIRONMENT, DELEGATE_SECRET_DIR } from '../lib/delegate-held-secrets'
import { DELEGATE_NAME_PATTERN } from '../lib/entity-names'

/**
 * What a delegate and the server say to each other, under `/delegate-api/v1/`, each request with
 * `Authorization: Bearer <delegate token>`. Both sides parse with these schemas. A delegate:
 * registers once (and again when the server forgets it), sends a heartbeat every interval, and
 * long-polls for tasks with its free capacity; the poll also brings the ids of its running tasks
 * a user cancelled. It reports each stage as it happens and the outcome at the end.
 */

export const DELEGATE_API_PREFIX = '/delegate-api/v1'

/** `a, b,c` → ['a', 'b', 'c']: how delegate tags are given on a command line. */
export function tagList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean)
}

const name = z.string().check(z.regex(DELEGATE_NAME_PATTERN))
const tag = z.string().check(z.minLength(1), z.maxLength(64))

export const registerRequestSchema = z.object({
  name,
  tags: z.array(tag).check(z.maxLength(50)),
  hostname: z.string().check(z.maxLength(255)),
  maxConcurrency: z.int().check(z.minimum(1), z.maximum(200)),
})
export type RegisterRequest = z.output<typeof registerRequestSchema>

export const registerResponseSchema = z.object({ delegateId: z.string(), heartbeatIntervalMs: z.number() })

export const delegateIdSchema = z.object({ delegateId: z.string() })

/** Heartbeat and disconnect. */
export const okResponseSchema = z.object({ ok: z.boolean() })

export const pollRequestSchema = z.object({
  delegateId: z.string(),
  /** How many more tasks the delegate can run now; 0 polls for cancellations only. */
  capacity: z.int().check(z.minimum(0), z.maximum(200)),
})

export const claimedTaskSchema = z.object({
  taskId: z.string(),
  connector: connectorInfoSchema,
  /** The values of the secrets the connector names, by reference; only inside this task. */
  secrets: z.record(z.string(), z.string()),
  /**
   * The secrets the delegate holds (decision 028), by reference: where this delegate reads each
   * value, never a value. The delegate checks the name or path again before it reads anything.
   */
  held: z.optional(
    z.record(
      z.string(),
      z.object({ manager: z.enum([DELEGATE_ENVIRONMENT, DELEGATE_SECRET_DIR]), reference: z.string() }),
    ),
  ),
})
export type ClaimedTask = z.output<typeof claimedTaskSchema>

export const pollResponseSchema = z.object({
  tasks: z.array(claimedTaskSchema),
  /** Running tasks of this delegate that a user cancelled: stop them and report `cancelled`. */
  cancel: z.array(z.string()),
})
export type PollResponse = z.output<typeof pollResponseSchema>

/** A delegate's own stages, numbered from 0; the server puts its assignment stage first. */
export const stageEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stage-started'), index: z.int().check(z.minimum(0)), title: z.string() }),
  z.object({ type: z.literal('stage-finished'), index: z.int().check(z.minimum(0)), stage: testStageSchema }),
])
export type StageEvent = z.output<typeof stageEventSchema>

export const eventsRequestSchema = z.object({
  delegateId: z.string(),
  events: z.array(stageEventSchema).check(z.maxLength(100)),
})

export const eventsResponseSchema = z.object({ cancel: z.boolean() })

const outcomeResultSchema = z.object({
  status: z.enum(['SUCCESS', 'FAILURE']),
  errorSummary: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ reason: z.string(), message: z.string(), code: z.number() }))),
  failureKind: z.optional(z.string()),
  hints: z.optional(z.array(z.string())),
  explanations: z.optional(z.array(z.string())),
})

export const resultRequestSchema = z.union([
  z.object({
    delegateId: z.string(),
    outcome: z.object({ stages: z.array(testStageSchema), result: outcomeResultSchema }),
  }),
  z.object({ delegateId: z.string(), cancelled: z.literal(true) }),
])
export type ResultRequest = z.output<typeof resultRequestSchema>

/** Not accepted: the test was already over (cancelled, or ended as lost); the delegate moves on. */
export const resultResponseSchema = z.object({ accepted: z.boolean() })
