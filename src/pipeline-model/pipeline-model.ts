/**
 * A pipeline as the editor sees it. The stored form is Harness pipeline YAML
 * (`pipeline-yaml.ts` maps between the two); parts the editor does not edit are kept
 * verbatim so saving never drops them.
 */

export type ArtifactSource = {
  /** Sidecars need one; the primary's is `primary`. */
  identifier: string
  /** Harness artifact source type, a key of ARTIFACT_SOURCE_TYPES. */
  type: string
  /** Reference to a connector: `id`, `org.id` or `account.id`. */
  connectorRef: string
  /** The type's own fields (imagePath, repository, artifactPath, tag…), by key. */
  fields: Record<string, string>
  /**
   * What the source's YAML holds besides the edited parts (repositoryFormat other than the
   * default, digest, nested keys…), kept as it was. Absent when there is nothing.
   */
  rest?: Record<string, unknown>
}

export type HelmChartManifest = {
  identifier: string
  /** Harness manifest store type, a key of MANIFEST_STORE_TYPES. */
  store: string
  connectorRef: string
  chartName: string
  chartVersion: string
  /** What the manifest's YAML holds besides the edited parts (valuesPaths, flags…). Absent when nothing. */
  rest?: Record<string, unknown>
}

export type DeployStage = {
  kind: 'deploy'
  identifier: string
  name: string
  serviceIdentifier: string
  serviceName: string
  primaryArtifact: ArtifactSource | null
  sidecars: ArtifactSource[]
  manifests: HelmChartManifest[]
  /** Everything else in the stage's YAML, kept as it was. */
  rest: Record<string, unknown>
}

/** A stage the editor shows but does not edit (CI, approval, custom…). */
export type OtherStage = {
  kind: 'other'
  identifier: string
  name: string
  type: string
  /** The stage's YAML object, kept as it was. */
  raw: Record<string, unknown>
  /** Why a Deployment stage is shown but not editable (a source type the editor does not know…). */
  note?: string
}

export type Stage = DeployStage | OtherStage

export type Pipeline = {
  name: string
  identifier: string
  description: string
  orgIdentifier: string
  projectIdentifier: string
  tags: Record<string, string>
  stages: Stage[]
  /** Other top-level pipeline keys (properties, variables…), kept as they were. */
  rest: Record<string, unknown>
}
