import type { ArtifactSource, DeployStage, HelmChartManifest } from './pipeline-model'
import type { Read } from './pipeline-yaml-sources'
import {
  describeKeptEntry,
  readArtifactSource,
  readHelmChart,
  writeArtifactSource,
  writeHelmChart,
} from './pipeline-yaml-sources'
import type { Tree } from './yaml-tree'
import {
  applyDefaults,
  cloneTree,
  getPath,
  isRecord,
  orderAt,
  ordered,
  scalarText,
  setOwn,
  setPath,
  stripDefaults,
  takePath,
} from './yaml-tree'

/**
 * A Deployment stage with its service defined in the stage (Harness NG v0 `serviceConfig`):
 *
 *   spec.serviceConfig:
 *     serviceRef: payments_api                 # the identifier, as current v0 readers expect it
 *     service: { identifier: payments_api, name: Payments API }   # the name (older v0 inline service)
 *     serviceDefinition: { type: Kubernetes, spec: { artifacts: { primary, sidecars }, manifests } }
 *
 * Both carry the same identifier; a stage that has only `serviceRef` reads its name as the
 * identifier and gains the `service` block when written. Sidecars and manifests of kinds the
 * editor does not know stay in the stage's `rest` and are written after the edited ones.
 */

export const DEPLOYMENT = 'Deployment'
const SERVICE_CONFIG = ['spec', 'serviceConfig']
const DEFINITION = [...SERVICE_CONFIG, 'serviceDefinition']
const DEFINITION_SPEC = [...DEFINITION, 'spec']
const ARTIFACTS = [...DEFINITION_SPEC, 'artifacts']
const SIDECARS = [...ARTIFACTS, 'sidecars']
const MANIFESTS = [...DEFINITION_SPEC, 'manifests']
const STAGE_DEFAULTS: Tree = { spec: { serviceConfig: { serviceDefinition: { type: 'Kubernetes', spec: {} } } } }

/** Why the editor cannot edit this Deployment stage, or undefined when it can. */
export function deployStageObstacle(stage: Tree): string | undefined {
  const spec = stage.spec
  if (spec === undefined || spec === null) return undefined
  if (!isRecord(spec)) return 'Its spec is not a map.'
  if (spec.serviceConfig === undefined && isRecord(spec.service)) {
    return 'It uses a service entity (spec.service); the editor edits services defined in the stage (spec.serviceConfig).'
  }
  if (spec.serviceConfig === undefined) return undefined
  if (!isRecord(spec.serviceConfig)) return 'Its serviceConfig is not a map.'
  if (spec.serviceConfig.useFromStage !== undefined) return 'It uses the service of another stage (useFromStage).'
  return undefined
}

function readList<T>(
  rest: Tree,
  path: readonly string[],
  wrapper: 'sidecar' | 'manifest',
  read: (inner: unknown) => Read<T>,
): { items: T[]; problem?: string } {
  const list = getPath(rest, path)
  if (list === undefined || list === null) {
    takePath(rest, path)
    return { items: [] }
  }
  if (!Array.isArray(list)) return { items: [], problem: `Its ${path[path.length - 1]} is not a list.` }
  const items: T[] = []
  const kept: unknown[] = []
  for (const entry of list) {
    const single = isRecord(entry) && Object.keys(entry).length === 1 ? read(entry[wrapper]) : undefined
    if (single?.value) items.push(single.value)
    else kept.push(entry)
  }
  if (kept.length) setPath(rest, path, kept)
  else takePath(rest, path)
  return { items }
}

export function readDeployStage(
  stage: Tree,
): { stage: DeployStage; note?: undefined } | { stage?: undefined; note: string } {
  const rest = cloneTree(stage)
  const identifier = scalarText(takePath(rest, ['identifier'])) ?? ''
  const name = scalarText(takePath(rest, ['name'])) ?? ''
  takePath(rest, ['type'])
  const serviceRef = scalarText(takePath(rest, [...SERVICE_CONFIG, 'serviceRef']))
  const serviceBlock = getPath(rest, [...SERVICE_CONFIG, 'service'])
  if (serviceBlock !== undefined && !isRecord(serviceBlock)) return { note: 'Its serviceConfig.service is not a map.' }
  const inlineIdentifier = scalarText(takePath(rest, [...SERVICE_CONFIG, 'service', 'identifier']))
  const inlineName = takePath(rest, [...SERVICE_CONFIG, 'service', 'name'])
  if (serviceRef === undefined || inlineIdentifier === undefined || scalarText(inlineName) === undefined) {
    return { note: 'Its service identifier or name is not text.' }
  }
  const serviceIdentifier = serviceRef || inlineIdentifier
  const serviceName = inlineName === undefined ? serviceIdentifier : (scalarText(inlineName) ?? '')

  const artifacts = getPath(rest, ARTIFACTS)
  if (artifacts !== undefined && artifacts !== null && !isRecord(artifacts))
    return { note: 'Its artifacts are not a map.' }
  let primaryArtifact: ArtifactSource | null = null
  const primary = takePath(rest, [...ARTIFACTS, 'primary'])
  if (primary !== undefined && primary !== null) {
    const read = readArtifactSource(primary, false)
    if (!read.value) return { note: `Its primary artifact ${read.problem}.` }
    primaryArtifact = read.value
  }
  const sidecars = readList(rest, SIDECARS, 'sidecar', (inner) => readArtifactSource(inner, true))
  const manifests = readList(rest, MANIFESTS, 'manifest', readHelmChart)
  const problem = sidecars.problem ?? manifests.problem
  if (problem) return { note: problem }
  stripDefaults(rest, STAGE_DEFAULTS)
  return {
    stage: {
      kind: 'deploy',
      identifier,
      name,
      serviceIdentifier,
      serviceName,
      primaryArtifact,
      sidecars: sidecars.items,
      manifests: manifests.items,
      rest,
    },
  }
}

function withKept(edited: Tree[], kept: unknown): unknown[] {
  return Array.isArray(kept) ? [...edited, ...(kept as unknown[])] : edited
}

export function writeDeployStage(stage: DeployStage): Tree {
  const out = cloneTree(stage.rest)
  applyDefaults(out, STAGE_DEFAULTS)
  setOwn(out, 'name', stage.name)
  setOwn(out, 'identifier', stage.identifier)
  setOwn(out, 'type', DEPLOYMENT)
  setPath(out, [...SERVICE_CONFIG, 'serviceRef'], stage.serviceIdentifier)
  setPath(out, [...SERVICE_CONFIG, 'service', 'identifier'], stage.serviceIdentifier)
  setPath(out, [...SERVICE_CONFIG, 'service', 'name'], stage.serviceName)
  if (stage.primaryArtifact) setPath(out, [...ARTIFACTS, 'primary'], writeArtifactSource(stage.primaryArtifact, false))
  const sidecars = stage.sidecars.map((source) => ({ sidecar: writeArtifactSource(source, true) }))
  if (sidecars.length) setPath(out, SIDECARS, withKept(sidecars, getPath(out, SIDECARS)))
  const manifests = stage.manifests.map((manifest: HelmChartManifest) => ({ manifest: writeHelmChart(manifest) }))
  if (manifests.length) setPath(out, MANIFESTS, withKept(manifests, getPath(out, MANIFESTS)))

  orderAt(out, ARTIFACTS, ['primary', 'sidecars'])
  orderAt(out, DEFINITION_SPEC, ['artifacts', 'manifests'])
  orderAt(out, DEFINITION, ['type', 'spec'])
  orderAt(out, [...SERVICE_CONFIG, 'service'], ['identifier', 'name'])
  orderAt(out, SERVICE_CONFIG, ['serviceRef', 'service', 'serviceDefinition'])
  orderAt(out, ['spec'], ['serviceConfig'])
  return ordered(out, ['name', 'identifier', 'description', 'type', 'spec'])
}

/** Sidecars and manifests the stage keeps but the editor cannot edit, described for a notice. */
export function keptEntries(stage: DeployStage): string[] {
  const describe = (path: readonly string[], wrapper: 'sidecar' | 'manifest') => {
    const list = getPath(stage.rest, path)
    return Array.isArray(list) ? list.map((entry) => describeKeptEntry(entry, wrapper)) : []
  }
  return [...describe(SIDECARS, 'sidecar'), ...describe(MANIFESTS, 'manifest')]
}
