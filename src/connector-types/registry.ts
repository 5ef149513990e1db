import { artifactory } from './artifactory'
import type { ConnectorTypeDefinition } from './connector-type'
import { dockerRegistry } from './docker-registry'
import { httpHelm } from './http-helm'
import { nexus } from './nexus'
import { ociHelm } from './oci-helm'

/**
 * The connector types, in catalog order (alphabetical, as Harness sorts them).
 * To add a type: write its definition file next to this one and list it here. A type whose test
 * speaks a new protocol also needs that protocol's folder (src/protocols/, see its list).
 */
export const CONNECTOR_TYPES: readonly ConnectorTypeDefinition[] = [
  artifactory,
  dockerRegistry,
  httpHelm,
  ociHelm,
  nexus,
]

export const CATEGORY_LABELS: Record<ConnectorTypeDefinition['category'], string> = {
  ARTIFACTORY: 'Artifact Repositories',
}

/** Things people search the catalog for that are connectors of another category. */
export const OTHER_CATEGORY_HINTS: readonly { terms: readonly string[]; message: string }[] = [
  {
    terms: ['s3', 'amazon s3', 'aws s3', 'bucket'],
    message:
      'Amazon S3 artifacts are reached through an AWS connector, in Cloud Providers, not an Artifact Repositories connector.',
  },
  {
    terms: ['gcs', 'google cloud storage', 'cloud storage'],
    message:
      'Google Cloud Storage artifacts are reached through a GCP connector, in Cloud Providers, not an Artifact Repositories connector.',
  },
]

export function findConnectorType(type: string): ConnectorTypeDefinition | undefined {
  return CONNECTOR_TYPES.find((definition) => definition.type === type)
}

export function getConnectorType(type: string): ConnectorTypeDefinition {
  const definition = findConnectorType(type)
  if (!definition) throw new Error(`Unknown connector type: ${type}`)
  return definition
}
