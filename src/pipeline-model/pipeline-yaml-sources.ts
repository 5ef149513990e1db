import {
  ARTIFACT_SOURCE_TYPES,
  MANIFEST_STORE_TYPES,
  findArtifactSourceType,
  findManifestStoreType,
} from './artifact-source-types'
import type { ArtifactSource, HelmChartManifest } from './pipeline-model'
import type { Tree } from './yaml-tree'
import {
  applyDefaults,
  cloneTree,
  isRecord,
  orderAt,
  ordered,
  scalarText,
  setPath,
  stripDefaults,
  takePath,
} from './yaml-tree'

/**
 * One artifact source or Helm chart manifest ↔ its Harness YAML. Shapes (Harness NG v0):
 *
 *   primary: { type, spec: { connectorRef, <fields> } }
 *   sidecars: - sidecar: { identifier, type, spec: { connectorRef, <fields> } }
 *   - manifest: { identifier, type: HelmChart, spec: { store: { type: Http, spec: { connectorRef } },
 *                 chartName, chartVersion, helmVersion: V3 } }
 *   OCI store: { type: OciHelmChart, spec: { config: { type: Generic, spec: { connectorRef } }, basePath: / } }
 *
 * A reader answers a problem in words instead of a model when the YAML is not a shape it knows.
 */

export type Read<T> = { value: T; problem?: undefined } | { value?: undefined; problem: string }

export const HELM_CHART = 'HelmChart'
const HELM_DEFAULTS: Tree = { helmVersion: 'V3' }

function known(types: readonly { type: string }[]): string {
  return types.map((entry) => entry.type).join(', ')
}

function textAt(tree: Tree, path: readonly string[], label: string, problems: string[]): string {
  const text = scalarText(takePath(tree, path))
  if (text === undefined) problems.push(`${label} must be text`)
  return text ?? ''
}

export function readArtifactSource(input: unknown, sidecar: boolean): Read<ArtifactSource> {
  if (!isRecord(input)) return { problem: 'is not a map of type and spec' }
  const type = typeof input.type === 'string' ? input.type : ''
  const definition = findArtifactSourceType(type)
  if (!definition) {
    const what = type ? `has type ${type}` : 'has no type'
    return { problem: `${what}, which the editor does not know (it knows ${known(ARTIFACT_SOURCE_TYPES)})` }
  }
  if (input.spec !== undefined && !isRecord(input.spec)) return { problem: 'has a spec that is not a map' }
  const rest = cloneTree(input)
  const problems: string[] = []
  takePath(rest, ['type'])
  const identifier = sidecar ? textAt(rest, ['identifier'], 'identifier', problems) : 'primary'
  const connectorRef = textAt(rest, ['spec', 'connectorRef'], 'connectorRef', problems)
  const fields: Record<string, string> = {}
  for (const field of definition.fields) {
    if (field.yamlSplit) {
      const [first, second] = field.yamlSplit.paths
      const head = textAt(rest, ['spec', ...first], field.key, problems)
      const tailValue = takePath(rest, ['spec', ...second])
      const tail = scalarText(tailValue)
      if (tail === undefined) problems.push(`${field.key} must be text`)
      fields[field.key] = tailValue === undefined ? head : `${head}${field.yamlSplit.separator}${tail ?? ''}`
    } else {
      fields[field.key] = textAt(rest, ['spec', ...(field.yamlPath ?? [field.key])], field.key, problems)
    }
  }
  if (problems.length) return { problem: `of type ${type}: ${problems.join('; ')}` }
  stripDefaults(rest, { spec: definition.specDefaults ?? {} })
  const source: ArtifactSource = { identifier, type, connectorRef, fields }
  if (Object.keys(rest).length) source.rest = rest
  return { value: source }
}

export function writeArtifactSource(source: ArtifactSource, sidecar: boolean): Tree {
  const definition = findArtifactSourceType(source.type)
  const out = cloneTree(source.rest ?? {})
  applyDefaults(out, { spec: definition?.specDefaults ?? {} })
  setPath(out, ['type'], source.type)
  if (sidecar) setPath(out, ['identifier'], source.identifier)
  setPath(out, ['spec', 'connectorRef'], source.connectorRef)
  const declared = new Set<string>()
  // Declared fields come first, in their order, at every level they sit at.
  const orders = new Map<string, string[]>([['', ['connectorRef']]])
  for (const field of definition?.fields ?? []) {
    declared.add(field.key)
    const value = source.fields[field.key] ?? ''
    const paths = field.yamlSplit?.paths ?? [field.yamlPath ?? [field.key]]
    for (const path of paths) {
      path.forEach((key, depth) => {
        const parent = path.slice(0, depth).join('.')
        const keys = orders.get(parent) ?? []
        if (!keys.includes(key)) keys.push(key)
        orders.set(parent, keys)
      })
    }
    if (value === '') continue
    if (field.yamlSplit) {
      const {
        separator,
        paths: [first, second],
      } = field.yamlSplit
      const at = value.indexOf(separator)
      setPath(out, ['spec', ...first], at === -1 ? value : value.slice(0, at))
      if (at !== -1) setPath(out, ['spec', ...second], value.slice(at + separator.length))
    } else {
      setPath(out, ['spec', ...(field.yamlPath ?? [field.key])], value)
    }
  }
  // Values under keys the type does not declare are still the user's: write them as they are.
  for (const [key, value] of Object.entries(source.fields)) {
    if (!declared.has(key) && value !== '') setPath(out, ['spec', key], value)
  }
  for (const [parent, keys] of orders) orderAt(out, ['spec', ...(parent ? parent.split('.') : [])], keys)
  return ordered(out, sidecar ? ['identifier', 'type', 'spec'] : ['type', 'spec'])
}

function storeConnectorPath(storeType: string): readonly string[] {
  return findManifestStoreType(storeType)?.connectorRefPath ?? ['connectorRef']
}

export function readHelmChart(input: unknown): Read<HelmChartManifest> {
  if (!isRecord(input)) return { problem: 'is not a map of identifier, type and spec' }
  if (input.type !== HELM_CHART) {
    return {
      problem: `has type ${typeof input.type === 'string' ? input.type : '(none)'}; the editor edits HelmChart manifests`,
    }
  }
  const store = isRecord(input.spec) && isRecord(input.spec.store) ? input.spec.store : undefined
  const storeType = typeof store?.type === 'string' ? store.type : ''
  const definition = findManifestStoreType(storeType)
  if (!store || !definition) {
    const what = storeType ? `is stored in ${storeType}` : 'has no store type'
    return { problem: `${what}, which the editor does not know (it knows ${known(MANIFEST_STORE_TYPES)})` }
  }
  if (store.spec !== undefined && !isRecord(store.spec)) return { problem: 'has a store spec that is not a map' }
  const rest = cloneTree(input)
  const problems: string[] = []
  takePath(rest, ['type'])
  const identifier = textAt(rest, ['identifier'], 'identifier', problems)
  takePath(rest, ['spec', 'store', 'type'])
  const refPath = ['spec', 'store', 'spec', ...storeConnectorPath(storeType)]
  // Older OCI stores held connectorRef directly in the store's spec; read it, write the current shape.
  const legacyPath = ['spec', 'store', 'spec', 'connectorRef']
  const fromLegacy = !!definition.connectorRefPath && !hasPath(rest, refPath) && hasPath(rest, legacyPath)
  const connectorRef = textAt(rest, fromLegacy ? legacyPath : refPath, 'connectorRef', problems)
  const chartName = textAt(rest, ['spec', 'chartName'], 'chartName', problems)
  const chartVersion = textAt(rest, ['spec', 'chartVersion'], 'chartVersion', problems)
  if (problems.length) return { problem: `stored in ${storeType}: ${problems.join('; ')}` }
  stripDefaults(rest, { spec: { ...HELM_DEFAULTS, store: { spec: definition.specDefaults ?? {} } } })
  const manifest: HelmChartManifest = { identifier, store: storeType, connectorRef, chartName, chartVersion }
  if (Object.keys(rest).length) manifest.rest = rest
  return { value: manifest }
}

function hasPath(tree: Tree, path: readonly string[]): boolean {
  let node: unknown = tree
  for (const key of path) {
    if (!isRecord(node) || !Object.hasOwn(node, key)) return false
    node = node[key]
  }
  return true
}

export function writeHelmChart(manifest: HelmChartManifest): Tree {
  const definition = findManifestStoreType(manifest.store)
  const out = cloneTree(manifest.rest ?? {})
  applyDefaults(out, { spec: { store: { spec: definition?.specDefaults ?? {} }, ...HELM_DEFAULTS } })
  setPath(out, ['identifier'], manifest.identifier)
  setPath(out, ['type'], HELM_CHART)
  setPath(out, ['spec', 'store', 'type'], manifest.store)
  setPath(out, ['spec', 'store', 'spec', ...storeConnectorPath(manifest.store)], manifest.connectorRef)
  if (manifest.chartName !== '') setPath(out, ['spec', 'chartName'], manifest.chartName)
  if (manifest.chartVersion !== '') setPath(out, ['spec', 'chartVersion'], manifest.chartVersion)
  orderAt(out, ['spec', 'store', 'spec', 'config'], ['type', 'spec'])
  orderAt(out, ['spec', 'store'], ['type', 'spec'])
  orderAt(out, ['spec'], ['store', 'chartName', 'chartVersion', 'helmVersion'])
  return ordered(out, ['identifier', 'type', 'spec'])
}

/** A short description of a list entry the editor keeps but cannot edit. */
export function describeKeptEntry(entry: unknown, wrapper: 'sidecar' | 'manifest'): string {
  const inner = isRecord(entry) ? entry[wrapper] : undefined
  if (!isRecord(inner)) return `${wrapper} (not a ${wrapper}: map)`
  const identifier = typeof inner.identifier === 'string' ? inner.identifier : '(no identifier)'
  const type = typeof inner.type === 'string' ? inner.type : '(no type)'
  const store =
    isRecord(inner.spec) && isRecord(inner.spec.store) && typeof inner.spec.store.type === 'string'
      ? `, ${inner.spec.store.type} store`
      : ''
  return `${wrapper} ${identifier} (${type}${store})`
}
