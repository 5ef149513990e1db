/**
 * The pipeline service's and the entity-usage API's shapes, beside PipelineSummary and
 * PipelineResponse in pipeline-model.ts. Bodies of PUT and POST /pipeline/api/pipelines are
 * the pipeline YAML as text (Content-Type: application/yaml).
 */

/** PUT /pipeline/api/pipelines/{identifier} and POST /pipeline/api/pipelines. */
export type PipelineSaveResponse = { identifier: string; lastUpdatedAt: number }

/** Where an entity lives and what it is called there; Harness's IdentifierRef. */
export type EntityRef = {
  accountIdentifier: string
  identifier: string
  orgIdentifier?: string
  projectIdentifier?: string
}

export type EntityDetail<Type extends string> = {
  type: Type
  name: string
  entityRef: EntityRef
}

/**
 * One row of GET /ng/api/entitySetupUsage (Harness's EntitySetupUsageDTO): a pipeline that
 * refers to the connector asked about.
 */
export type EntitySetupUsage = {
  accountIdentifier: string
  referredEntity: EntityDetail<'Connectors'>
  referredByEntity: EntityDetail<'Pipelines'>
  /** When the referring pipeline was last saved. */
  createdAt: number
}
