import type { LocatedConnector, YamlProblem } from '../../connector-types/connector-yaml-document'
import { findConnectorType } from '../../connector-types/registry'
import { ApiError } from '../../lib/api-client'
import type { ConnectorInfo } from '../../lib/api-types'
import type { Scope } from '../../lib/scope'

/**
 * What the YAML screens check themselves, before the API checks the connector with the wizard's
 * own rules (and says what is wrong by field, which `problemsOfError` puts on its line): where
 * the connector is saved, and, in Edit YAML, what cannot change.
 */

const SCOPE_FIELDS = [
  { key: 'orgIdentifier', level: 'organization' },
  { key: 'projectIdentifier', level: 'project' },
] as const

export function scopeInWords(scope: Scope): string {
  if (scope.projectIdentifier) return `project ${scope.projectIdentifier} (organization ${scope.orgIdentifier})`
  if (scope.orgIdentifier) return `organization ${scope.orgIdentifier}`
  return `account ${scope.accountIdentifier}`
}

/**
 * The document's connector, placed in `scope`: an `orgIdentifier` or `projectIdentifier` that it
 * leaves out is the scope's; one that names another scope is refused at its line, in words.
 */
export function connectorInScope(
  document: LocatedConnector,
  scope: Scope,
  verb: 'create' | 'save',
): { connector: ConnectorInfo; problems?: undefined } | { connector?: undefined; problems: YamlProblem[] } {
  const connector: Record<string, unknown> = { ...document.connector }
  const problems: YamlProblem[] = []
  for (const { key, level } of SCOPE_FIELDS) {
    const given = connector[key]
    const expected = scope[key]
    if (given === undefined || given === null || given === '' || given === expected) {
      if (expected) connector[key] = expected
      else delete connector[key]
      continue
    }
    const here = scopeInWords(scope)
    problems.push({
      line: document.lineOf(key),
      field: key,
      message: `This connector is for ${level} ${JSON.stringify(given)}, but you are in ${here}. To ${verb} it here, remove orgIdentifier and projectIdentifier (or set them to this scope's); otherwise switch to that ${level} first.`,
    })
  }
  // The API checks every field; until then, this is the shape it will have.
  return problems.length ? { problems } : { connector: connector as ConnectorInfo }
}

/** Edit YAML edits one stored connector: its identifier and type stay what they are. */
export function lockedFieldProblems(document: LocatedConnector, stored: ConnectorInfo): YamlProblem[] {
  const problems: YamlProblem[] = []
  const { identifier, type } = document.connector
  if (identifier !== stored.identifier) {
    problems.push({
      line: document.lineOf('identifier'),
      field: 'identifier',
      message: `The identifier cannot change here: it must stay ${stored.identifier}, which pipelines refer to. To make a connector with another identifier, use Clone.`,
    })
  }
  if (type !== stored.type) {
    const label = findConnectorType(stored.type)?.label ?? stored.type
    problems.push({
      line: document.lineOf('type'),
      field: 'type',
      message: `The type cannot change: ${stored.identifier} is a ${label} connector (type: ${stored.type}). To use another type, create a new connector.`,
    })
  }
  return problems
}

/** A refused save, each problem on the line of the field it is about when the API names one. */
export function problemsOfError(error: unknown, document: LocatedConnector): YamlProblem[] {
  if (!(error instanceof ApiError)) {
    return [{ message: error instanceof Error ? error.message : String(error) }]
  }
  const fieldErrors = error.body?.errors ?? []
  if (fieldErrors.length) {
    return fieldErrors.map(({ fieldId, error: message }) => ({
      line: document.lineOf(fieldId),
      field: fieldId,
      message,
    }))
  }
  if (error.body?.code === 'DUPLICATE_FIELD') {
    return [{ line: document.lineOf('identifier'), field: 'identifier', message: error.message }]
  }
  return [{ message: error.message }]
}
