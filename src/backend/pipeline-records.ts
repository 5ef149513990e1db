import { resolveReferenceScope } from '../lib/references'
import type { Scope } from '../lib/scope'
import type { Pipeline } from '../pipeline-model/pipeline-model'
import { parseYamlText } from '../pipeline-model/pipeline-yaml'
import type { StoredPipeline } from './records'
import { recordKey, scopeKey } from './records'

/**
 * What the mock backend derives from a pipeline's YAML when it stores it: the summary the list
 * shows and the connector references that Harness's entity setup usage records.
 */

/** Runtime inputs (`<+input>`) and expressions are resolved at run time; they refer to nothing yet. */
export function isRuntimeValue(reference: string): boolean {
  return reference.trim().startsWith('<+')
}

/** Every `connectorRef` anywhere in the YAML (artifacts, manifests, infrastructure, steps…). */
export function collectConnectorRefs(tree: unknown): string[] {
  const found = new Set<string>()
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(walk)
      return
    }
    if (typeof node !== 'object' || node === null) return
    for (const [key, value] of Object.entries(node)) {
      if (key === 'connectorRef' && typeof value === 'string' && value.trim() !== '' && !isRuntimeValue(value)) {
        found.add(value.trim())
      } else {
        walk(value)
      }
    }
  }
  walk(tree)
  return [...found]
}

/** Connector references resolved from the pipeline's scope to the record keys of the connectors. */
export function resolveConnectorKeys(connectorRefs: readonly string[], scope: Scope): string[] {
  return connectorRefs.map((reference) => {
    const resolved = resolveReferenceScope(reference, scope)
    return recordKey(resolved.scope, resolved.identifier)
  })
}

/** The record for `yaml`, already read into `pipeline` by the caller (which has validated it). */
export function pipelineRecord(
  scope: Scope,
  pipeline: Pipeline,
  yaml: string,
  times: { createdAt: number; lastUpdatedAt: number },
): StoredPipeline {
  const connectorRefs = collectConnectorRefs(parseYamlText(yaml))
  return {
    key: recordKey(scope, pipeline.identifier),
    scopeKey: scopeKey(scope),
    accountIdentifier: scope.accountIdentifier,
    orgIdentifier: scope.orgIdentifier ?? '',
    projectIdentifier: scope.projectIdentifier ?? '',
    identifier: pipeline.identifier,
    name: pipeline.name,
    description: pipeline.description,
    tags: { ...pipeline.tags },
    stageCount: pipeline.stages.length,
    connectorRefs,
    connectorKeys: resolveConnectorKeys(connectorRefs, scope),
    yaml,
    createdAt: times.createdAt,
    lastUpdatedAt: times.lastUpdatedAt,
    version: 1,
  }
}
