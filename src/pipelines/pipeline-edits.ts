import {
  ARTIFACT_SOURCE_TYPES,
  findArtifactSourceType,
  findManifestStoreType,
  MANIFEST_STORE_TYPES,
} from '../pipeline-model/artifact-source-types'
import type { ArtifactSource, DeployStage, HelmChartManifest, Pipeline, Stage } from '../pipeline-model/pipeline-model'

/** Immutable edits of the editor's pipeline, so React sees each change and Save sees all. */

export function updateDeployStage(
  pipeline: Pipeline,
  stageId: string,
  update: (stage: DeployStage) => DeployStage,
): Pipeline {
  return {
    ...pipeline,
    stages: pipeline.stages.map((stage: Stage) =>
      stage.kind === 'deploy' && stage.identifier === stageId ? update(stage) : stage,
    ),
  }
}

export function newArtifactSource(identifier: string, type = ARTIFACT_SOURCE_TYPES[0]!.type): ArtifactSource {
  const definition = findArtifactSourceType(type)
  return {
    identifier,
    type,
    connectorRef: '',
    fields: Object.fromEntries((definition?.fields ?? []).map((field) => [field.key, ''])),
  }
}

/** Switching a source's type keeps the fields both types share (Repository, Tag…). */
export function changeArtifactType(source: ArtifactSource, type: string): ArtifactSource {
  const fresh = newArtifactSource(source.identifier, type)
  const fields = Object.fromEntries(Object.keys(fresh.fields).map((key) => [key, source.fields[key] ?? '']))
  const sameConnector =
    findArtifactSourceType(source.type)?.connectorType === findArtifactSourceType(type)?.connectorType
  return { ...fresh, fields, connectorRef: sameConnector ? source.connectorRef : '' }
}

export function newHelmChart(identifier: string, store = MANIFEST_STORE_TYPES[0]!.type): HelmChartManifest {
  return { identifier, store, connectorRef: '', chartName: '', chartVersion: '' }
}

export function changeManifestStore(manifest: HelmChartManifest, store: string): HelmChartManifest {
  return { ...manifest, store, connectorRef: '' }
}

/** An identifier not yet used in `taken`, from a base such as "sidecar". */
export function freshIdentifier(base: string, taken: readonly string[]): string {
  for (let n = 1; ; n += 1) {
    const candidate = `${base}_${n}`
    if (!taken.includes(candidate)) return candidate
  }
}

export type PipelineProblems = Record<string, string>

/** What must be filled in before saving, by a path the editor's fields use as their key. */
export function pipelineProblems(pipeline: Pipeline): PipelineProblems {
  const problems: PipelineProblems = {}
  for (const stage of pipeline.stages) {
    if (stage.kind !== 'deploy') continue
    const sources = [...(stage.primaryArtifact ? [stage.primaryArtifact] : []), ...stage.sidecars]
    for (const source of sources) {
      const definition = findArtifactSourceType(source.type)
      const path = `${stage.identifier}.artifact.${source.identifier}`
      if (!definition) {
        problems[`${path}.type`] = `Unknown artifact source type ${source.type}.`
        continue
      }
      if (!source.connectorRef) problems[`${path}.connectorRef`] = `${definition.label} Connector is required.`
      for (const field of definition.fields) {
        if (field.required && !(source.fields[field.key] ?? '').trim())
          problems[`${path}.${field.key}`] = `${field.label} is required.`
        if (field.key === 'artifactPath' && /^\/|\/$/.test((source.fields[field.key] ?? '').trim())) {
          problems[`${path}.${field.key}`] = 'Artifact Path must not begin or end with /.'
        }
      }
    }
    for (const manifest of stage.manifests) {
      const store = findManifestStoreType(manifest.store)
      const path = `${stage.identifier}.manifest.${manifest.identifier}`
      if (!manifest.connectorRef)
        problems[`${path}.connectorRef`] = `${store?.label ?? manifest.store} Connector is required.`
      if (!manifest.chartName.trim()) problems[`${path}.chartName`] = 'Chart Name is required.'
    }
  }
  return problems
}
