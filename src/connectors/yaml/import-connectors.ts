import type { ConnectorYamlDocument } from '../../connector-types/connector-yaml-documents'
import { ApiError, apiRequest } from '../../lib/api-client'
import type { ConnectorInfo } from '../../lib/api-types'
import { connectorResponseSchema } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'
import { BULK_CONCURRENCY, runWithConcurrency } from '../bulk/bulk-targets'

/**
 * Import: each document of a file becomes a connector of the current scope. The preview
 * (`planImport`) writes nothing: it checks each document with the API's rules and asks the
 * server whether its identifier exists here, and with which version. An overwrite sends that
 * version (If-Match), so a change made in between is refused (409), never overwritten.
 */

export type ImportPlan =
  | { state: 'create'; document: ConnectorYamlDocument; connector: ConnectorInfo; missingSecrets?: string[] }
  | {
      state: 'exists'
      document: ConnectorYamlDocument
      connector: ConnectorInfo
      version?: number
      name: string
      /** References to secrets the target scope does not have: the connector is not written. */
      missingSecrets?: string[]
    }
  | { state: 'invalid'; document: ConnectorYamlDocument; problems: string[] }

export type ImportOutcome = { kind: 'created' | 'overwritten' | 'skipped' | 'failed'; message?: string }

export type ImportChoice = 'skip' | 'overwrite'

/** The document's connector in `scope`: whatever org and project the file names are replaced. */
export function inScope(connector: ConnectorInfo, scope: Scope): ConnectorInfo {
  const placed: ConnectorInfo = { ...connector }
  delete placed.orgIdentifier
  delete placed.projectIdentifier
  if (scope.orgIdentifier) placed.orgIdentifier = scope.orgIdentifier
  if (scope.projectIdentifier) placed.projectIdentifier = scope.projectIdentifier
  return placed
}

export function problemText(line: number, field: string, message: string): string {
  return message.startsWith(`${field} `) ? `line ${line}: ${message}` : `line ${line}, ${field}: ${message}`
}

function connectorPath(identifier: string) {
  return `/ng/api/connectors/${encodeURIComponent(identifier)}`
}

export async function planImport(
  scope: Scope,
  documents: readonly ConnectorYamlDocument[],
  signal?: AbortSignal,
): Promise<ImportPlan[]> {
  const plans: ImportPlan[] = documents.map((document) =>
    document.connector
      ? { state: 'create', document, connector: inScope(document.connector, scope) }
      : {
          state: 'invalid',
          document,
          problems: document.problems.map(({ line, field, message }) => problemText(line, field, message)),
        },
  )
  await runWithConcurrency(plans, BULK_CONCURRENCY, signal, async (plan, index) => {
    if (plan.state === 'invalid') return
    try {
      const existing = await apiRequest(connectorResponseSchema, 'GET', connectorPath(plan.connector.identifier), {
        scope,
        signal,
      })
      plans[index] = { ...plan, state: 'exists', version: existing.version, name: existing.connector.name }
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error
    }
  })
  signal?.throwIfAborted()
  return plans
}

/** Writes one planned document; what happened, in words. */
export async function writePlan(
  scope: Scope,
  plan: ImportPlan,
  choice: ImportChoice,
  signal?: AbortSignal,
): Promise<ImportOutcome> {
  if (plan.state === 'invalid') return { kind: 'skipped', message: 'Invalid: not written.' }
  if (plan.state === 'exists' && choice === 'skip')
    return { kind: 'skipped', message: 'Already exists: kept as it is.' }
  // Refused by the server for certain: not attempted, so the result is what the preview said.
  if (plan.missingSecrets?.length)
    return { kind: 'skipped', message: `${needsSecretsText(plan.missingSecrets)}: not written.` }
  const overwrite = plan.state === 'exists'
  try {
    await apiRequest(connectorResponseSchema, overwrite ? 'PUT' : 'POST', '/ng/api/connectors', {
      scope: { accountIdentifier: scope.accountIdentifier },
      body: { connector: plan.connector },
      headers: overwrite && plan.version !== undefined ? { 'If-Match': `"${plan.version}"` } : {},
      signal,
    })
    return { kind: overwrite ? 'overwritten' : 'created' }
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    return { kind: 'failed', message: writeError(error, plan.document) }
  }
}

function writeError(error: unknown, document: ConnectorYamlDocument): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error)
  const fields = error.body?.errors ?? []
  if (fields.length) {
    return fields
      .map(({ fieldId, error: message }) => problemText(document.lineOf(fieldId), fieldId, message))
      .join(' ')
  }
  if (error.status === 409) return `${error.message} Preview the file again to see the connector as it is now.`
  return error.message
}

/** What an import did, in one sentence. */
export function summarizeImport(outcomes: readonly ImportOutcome[]): string {
  const count = (kind: ImportOutcome['kind']) => outcomes.filter((outcome) => outcome.kind === kind).length
  return `Import finished: ${count('created')} created, ${count('overwritten')} overwritten, ${count('skipped')} skipped, ${count('failed')} failed.`
}

/** "Needs secret reg_pass", or every missing one: "Needs secrets reg_user, reg_pass". */
export function needsSecretsText(references: readonly string[]): string {
  return `Needs secret${references.length === 1 ? '' : 's'} ${references.join(', ')}`
}

/** What writing a plan with this choice will do, as the preview promises it. */
export function plannedOutcome(plan: ImportPlan, choice: ImportChoice): 'created' | 'overwritten' | 'skipped' {
  if (plan.state === 'invalid' || plan.missingSecrets?.length) return 'skipped'
  if (plan.state === 'create') return 'created'
  return choice === 'overwrite' ? 'overwritten' : 'skipped'
}

/** The preview's counts, in the words of the result's (summarizeImport), so the two can be compared. */
export function summarizePreview(
  plans: readonly ImportPlan[],
  choices: Readonly<Record<number, ImportChoice>>,
  lead = 'If you import now',
) {
  const planned = plans.map((plan, index) => plannedOutcome(plan, choices[index] ?? 'skip'))
  const count = (kind: string) => planned.filter((each) => each === kind).length
  return `${lead}: ${count('created')} created, ${count('overwritten')} overwritten, ${count('skipped')} skipped.`
}

/** The plans as they will be once the missing secrets exist. */
export function withSecretsCreated(plans: readonly ImportPlan[]): ImportPlan[] {
  return plans.map((plan) => (plan.state === 'invalid' ? plan : { ...plan, missingSecrets: undefined }))
}

/** The secrets a plan needs and the target lacks (none for an invalid document). */
export function missingSecretsOf(plan: ImportPlan): readonly string[] {
  return plan.state === 'invalid' ? [] : (plan.missingSecrets ?? [])
}
