/**
 * The audit trail's part of the API contract (issue 20), in the shape of Harness's AuditEventDTO
 * (the members this app reads), plus its place in the chain and a one-line summary.
 */
import { z } from 'zod/mini'
import { optionalField } from './api-types'

export const auditEventSchema = z.object({
  auditId: z.string(),
  sequence: z.number(),
  timestamp: z.number(),
  action: z.string(),
  outcome: z.string(),
  summary: z.string(),
  resourceScope: z.object({
    accountIdentifier: z.string(),
    orgIdentifier: optionalField(z.string()),
    projectIdentifier: optionalField(z.string()),
  }),
  resource: z.object({ type: z.string(), identifier: z.string() }),
  authenticationInfo: z.object({
    principal: z.object({ type: z.string(), identifier: z.string(), name: z.string() }),
  }),
  requestMetadata: z.object({ clientIP: z.string() }),
  yamlDiffRecord: optionalField(z.object({ oldYaml: z.nullable(z.string()), newYaml: z.nullable(z.string()) })),
})
export type AuditEventDTO = z.output<typeof auditEventSchema>
