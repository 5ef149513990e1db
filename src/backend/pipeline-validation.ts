import { capitalized, withArticle } from '../connection-tests/failure'
import { findConnectorType } from '../connector-types/registry'
import {
  IDENTIFIER_PATTERN,
  identifierProblem,
  nameProblem,
  nulCharacterPath,
  reservedKeyPath,
} from '../lib/entity-names'
import { parseReference, resolveReferenceScope } from '../lib/references'
import type { Scope } from '../lib/scope'
import { findArtifactSourceType, findManifestStoreType } from '../pipeline-model/artifact-source-types'
import type { DeployStage, Pipeline } from '../pipeline-model/pipeline-model'
import { parseYamlText, pipelineFromYaml } from '../pipeline-model/pipeline-yaml'
import { nulError } from './api-responses'
import type { FieldError } from './api-responses'
import { isRuntimeValue } from './pipeline-records'
import type { DataStore } from './store'

/**
 * What the pipeline service checks before it stores a pipeline, like a real server: the YAML
 * reads, it is the pipeline the URL and the scope name, and every connector an artifact source
 * or Helm chart store refers to exists and is of the type that source needs. Field ids are
 * Harness's YAML paths with stages, sidecars and manifests named by identifier.
 */

export type PipelineValidation =
  | { pipeline: Pipeline; errors?: undefined }
  | { pipeline?: undefined; errors: FieldError[] }

/** A connector a source needs, and how to name the source in a message. */
type Need = {
  fieldId: string
  reference: string
  connectorType: string
  preset?: Record<string, string>
  source: string
}

const SERVICE_SPEC = 'spec.serviceConfig.serviceDefinition.spec'

function needsOf(stage: DeployStage): Need[] {
  const base = `pipeline.stages.${stage.identifier}.${SERVICE_SPEC}`
  const needs: Need[] = []
  const sources = [
    ...(stage.primaryArtifact ? [{ source: stage.primaryArtifact, path: `${base}.artifacts.primary` }] : []),
    ...stage.sidecars.map((source) => ({ source, path: `${base}.artifacts.sidecars.${source.identifier}` })),
  ]
  for (const { source, path } of sources) {
    const definition = findArtifactSourceType(source.type)
    if (!definition) continue
    needs.push({
      fieldId: `${path}.spec.connectorRef`,
      reference: source.connectorRef,
      connectorType: definition.connectorType,
      preset: definition.connectorPreset,
      source: `${definition.label} artifact source`,
    })
  }
  for (const manifest of stage.manifests) {
    const definition = findManifestStoreType(manifest.store)
    if (!definition) continue
    const refPath = (definition.connectorRefPath ?? ['connectorRef']).join('.')
    needs.push({
      fieldId: `${base}.manifests.${manifest.identifier}.spec.store.spec.${refPath}`,
      reference: manifest.connectorRef,
      connectorType: definition.connectorType,
      source: `${definition.label} chart store`,
    })
  }
  return needs
}

function typeLabel(type: string): string {
  return findConnectorType(type)?.label ?? type
}

async function connectorProblem(need: Need, from: Scope, store: DataStore): Promise<string | undefined> {
  const reference = need.reference.trim()
  if (reference === '') return `${capitalized(withArticle(need.source))} needs a connector: connectorRef is empty.`
  if (isRuntimeValue(reference)) return undefined
  if (!IDENTIFIER_PATTERN.test(parseReference(reference).identifier)) {
    return `Connector reference ${reference} is not valid: write id for a connector of this project, org.id or account.id.`
  }
  const { scope, identifier } = resolveReferenceScope(reference, from)
  const record = await store.getConnector(scope, identifier)
  if (!record) return `Connector ${reference} does not exist`
  const { connector } = record
  if (connector.type !== need.connectorType) {
    return `Connector ${reference} is ${withArticle(typeLabel(connector.type))} connector; ${withArticle(need.source)} needs ${withArticle(typeLabel(need.connectorType))} connector`
  }
  const definition = findConnectorType(connector.type)
  for (const [key, wanted] of Object.entries(need.preset ?? {})) {
    const actual = connector.spec[key]
    if (actual === wanted) continue
    const label = definition?.fields.find((field) => field.key === key)?.label ?? key
    return `Connector ${reference} is ${withArticle(typeLabel(connector.type))} connector with ${label} ${String(actual)}; ${withArticle(need.source)} needs ${label} ${wanted}`
  }
  return undefined
}

function scopeErrors(pipeline: Pipeline, scope: Scope): FieldError[] {
  const errors: FieldError[] = []
  for (const field of ['orgIdentifier', 'projectIdentifier'] as const) {
    const expected = scope[field] ?? ''
    if (pipeline[field] !== expected) {
      errors.push({
        fieldId: `pipeline.${field}`,
        error: `${field} is "${pipeline[field]}" in the YAML but "${expected}" in the query.`,
      })
    }
  }
  return errors
}

function stageErrors(pipeline: Pipeline): FieldError[] {
  const errors: FieldError[] = []
  const seen = new Set<string>()
  pipeline.stages.forEach((stage, index) => {
    const fieldId = `pipeline.stages[${index}].stage.identifier`
    const problem = identifierProblem(stage.identifier)
    if (problem) errors.push({ fieldId, error: `Stage ${index + 1}: ${problem}` })
    else if (seen.has(stage.identifier))
      errors.push({ fieldId, error: `Duplicate stage identifier ${stage.identifier}: each stage needs its own.` })
    seen.add(stage.identifier)
  })
  return errors
}

export async function validatePipelineYaml(
  text: string,
  scope: Scope,
  store: DataStore,
  pathIdentifier?: string,
): Promise<PipelineValidation> {
  if (text.trim() === '') {
    return {
      errors: [{ fieldId: 'yaml', error: 'The body must be the pipeline YAML (Content-Type: application/yaml).' }],
    }
  }
  let pipeline: Pipeline
  try {
    pipeline = pipelineFromYaml(text)
  } catch (error) {
    return { errors: [{ fieldId: 'yaml', error: error instanceof Error ? error.message : String(error) }] }
  }
  // Stored word for word, and read again by every client: no key may be one that, assigned to
  // a plain object, would change its prototype instead.
  const document = parseYamlText(text)
  const nul = nulCharacterPath(document)
  if (nul) return { errors: [nulError(nul, 'pipeline')] }
  const reserved = reservedKeyPath(document)
  if (reserved) {
    const where = reserved.path.join('.') || 'the document'
    return {
      errors: [
        {
          fieldId: where,
          error: `"${reserved.key}" cannot be a key (in ${where}): __proto__, constructor and prototype are reserved.`,
        },
      ],
    }
  }
  const errors: FieldError[] = []
  const identifierError = identifierProblem(pipeline.identifier)
  if (identifierError) errors.push({ fieldId: 'pipeline.identifier', error: identifierError })
  else if (pathIdentifier !== undefined && pipeline.identifier !== pathIdentifier) {
    errors.push({
      fieldId: 'pipeline.identifier',
      error: `The identifier in the YAML (${pipeline.identifier}) must match the one in the URL (${pathIdentifier}).`,
    })
  }
  const nameError = nameProblem(pipeline.name)
  if (nameError) errors.push({ fieldId: 'pipeline.name', error: nameError })
  errors.push(...scopeErrors(pipeline, scope), ...stageErrors(pipeline))
  for (const stage of pipeline.stages) {
    if (stage.kind !== 'deploy') continue
    for (const need of needsOf(stage)) {
      const problem = await connectorProblem(need, scope, store)
      if (problem) errors.push({ fieldId: need.fieldId, error: problem })
    }
  }
  return errors.length ? { errors } : { pipeline }
}
