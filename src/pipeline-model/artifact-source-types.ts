/**
 * The artifact sources and Helm chart stores a Deploy stage's service can use, and which
 * connector type each needs. The editor reads this; it never switches on a source type.
 */

export type SourceField = {
  key: string
  label: string
  placeholder: string
  help?: string
  required: boolean
  /** Where the value sits inside the source's YAML `spec`; `[key]` when absent. */
  yamlPath?: readonly string[]
  /**
   * A value the YAML splits over two keys (Nexus 2's `groupId:artifactId`): the part before the
   * first separator goes to the first path, the rest to the second.
   */
  yamlSplit?: { separator: string; paths: readonly [readonly string[], readonly string[]] }
}

export type ArtifactSourceType = {
  /** Harness artifact `type` in pipeline YAML. */
  type: string
  label: string
  /** The connector type a source of this kind needs. */
  connectorType: string
  /** Connector fields the inline wizard presets and locks (Nexus 3 → Version 3.x). */
  connectorPreset?: Record<string, string>
  fields: readonly SourceField[]
  /** What Harness requires in the YAML `spec` that the editor does not ask for (repositoryFormat). */
  specDefaults?: Record<string, unknown>
}

const TAG: SourceField = { key: 'tag', label: 'Tag', placeholder: 'latest or <+input>', required: true }
const ARTIFACT_PATH: SourceField = {
  key: 'artifactPath',
  label: 'Artifact Path',
  placeholder: 'payments/api',
  help: 'The image path in the repository, without a leading or trailing /.',
  required: true,
}
const REPOSITORY: SourceField = { key: 'repository', label: 'Repository', placeholder: 'docker-local', required: true }

export const ARTIFACT_SOURCE_TYPES: readonly ArtifactSourceType[] = [
  {
    type: 'DockerRegistry',
    label: 'Docker Registry',
    connectorType: 'DockerRegistry',
    fields: [{ key: 'imagePath', label: 'Image Path', placeholder: 'library/nginx', required: true }, TAG],
  },
  {
    type: 'ArtifactoryRegistry',
    label: 'Artifactory',
    connectorType: 'Artifactory',
    fields: [REPOSITORY, ARTIFACT_PATH, TAG],
    specDefaults: { repositoryFormat: 'docker' },
  },
  {
    type: 'Nexus3Registry',
    label: 'Nexus 3',
    connectorType: 'Nexus',
    connectorPreset: { version: '3.x' },
    // Harness nests the Docker-format details of a Nexus 3 source one level down.
    fields: [REPOSITORY, { ...ARTIFACT_PATH, yamlPath: ['spec', 'artifactPath'] }, TAG],
    specDefaults: { repositoryFormat: 'docker' },
  },
  {
    type: 'Nexus2Registry',
    label: 'Nexus 2',
    connectorType: 'Nexus',
    connectorPreset: { version: '2.x' },
    fields: [
      REPOSITORY,
      {
        ...ARTIFACT_PATH,
        placeholder: 'com.acme:payments-api',
        help: 'groupId:artifactId of the package.',
        yamlSplit: {
          separator: ':',
          paths: [
            ['spec', 'groupId'],
            ['spec', 'artifactId'],
          ],
        },
      },
      TAG,
    ],
    specDefaults: { repositoryFormat: 'maven' },
  },
]

export type ManifestStoreType = {
  /** Harness manifest store `type` in pipeline YAML. */
  type: string
  label: string
  connectorType: string
  /** Where the connector reference sits inside the store's `spec`; `['connectorRef']` when absent. */
  connectorRefPath?: readonly string[]
  /** What Harness requires in the store's `spec` that the editor does not ask for. */
  specDefaults?: Record<string, unknown>
}

export const MANIFEST_STORE_TYPES: readonly ManifestStoreType[] = [
  { type: 'Http', label: 'HTTP Helm', connectorType: 'HttpHelmRepo' },
  {
    type: 'OciHelmChart',
    label: 'OCI Helm',
    connectorType: 'OciHelmRepo',
    // Harness's OciHelmChartConfig: a Generic (connector-backed) registry config and a base path.
    connectorRefPath: ['config', 'spec', 'connectorRef'],
    specDefaults: { config: { type: 'Generic' }, basePath: '/' },
  },
]

export function findArtifactSourceType(type: string): ArtifactSourceType | undefined {
  return ARTIFACT_SOURCE_TYPES.find((candidate) => candidate.type === type)
}

export function findManifestStoreType(type: string): ManifestStoreType | undefined {
  return MANIFEST_STORE_TYPES.find((candidate) => candidate.type === type)
}
