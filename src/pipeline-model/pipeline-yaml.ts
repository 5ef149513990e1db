import { LineCounter, Scalar, parseDocument, stringify, visit } from 'yaml'
import { checkYamlDocument, PIPELINE_YAML_LIMITS, prescanYaml } from '../lib/yaml-bounds'
import type { OtherStage, Pipeline, Stage } from './pipeline-model'
import { DEPLOYMENT, deployStageObstacle, readDeployStage, writeDeployStage } from './pipeline-yaml-deploy-stage'
import type { Tree } from './yaml-tree'
import { cloneTree, isRecord, ordered, scalarText, setOwn, takePath } from './yaml-tree'

/**
 * The editor's model ↔ Harness NG pipeline YAML (v0, service defined in the stage). What the
 * model does not edit (other stages, infrastructure, execution, variables, unknown keys) is
 * carried in `rest` / `raw` and written back unchanged; known keys are written in Harness's
 * order, the others after them in their own order. The stage and source shapes are described
 * in pipeline-yaml-deploy-stage.ts and pipeline-yaml-sources.ts.
 *
 * pipelineFromYaml throws an Error whose message says, in words, what is wrong (with the line
 * for a YAML syntax error); it never fails with anything else.
 */

const PIPELINE_KEYS = ['name', 'identifier', 'projectIdentifier', 'orgIdentifier', 'description', 'tags', 'stages']
const ALIAS_LIMIT = 100

function syntaxMessage(error: { message: string; linePos?: readonly { line: number; col: number }[] }): string {
  const reason = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim()
  const at = error.linePos?.[0]
  return at ? `Invalid YAML at line ${at.line}, column ${at.col}: ${reason}` : `Invalid YAML: ${reason}`
}

/**
 * Parses YAML into plain data. A number written in a way that reading would change (`1.10`,
 * `07`, `1e3`) is kept as the text it was written as: Harness reads such values as text
 * (chart versions, tags), and the user's YAML must come back as it was.
 */
export function parseYamlText(text: string): unknown {
  // Bounded first (yaml-bounds.ts): no text can hold the thread that reads it.
  const tooLarge = prescanYaml(text, PIPELINE_YAML_LIMITS)
  if (tooLarge) throw new Error(`Invalid YAML at line ${tooLarge.line}: ${tooLarge.message}`)
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false, lineCounter })
  const [error] = doc.errors
  if (error) throw new Error(syntaxMessage(error))
  const bounded = checkYamlDocument(doc, PIPELINE_YAML_LIMITS, lineCounter)
  if (bounded) throw new Error(`Invalid YAML at line ${bounded.line}: ${bounded.message}`)
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && node.source !== undefined && node.source !== String(node.value)) {
        return new Scalar(node.source)
      }
      return undefined
    },
  })
  try {
    return doc.toJS({ maxAliasCount: ALIAS_LIMIT }) as unknown
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new Error(`The YAML cannot be read: ${reason}`)
  }
}

function text(value: unknown, where: string): string {
  const result = scalarText(value)
  if (result === undefined) throw new Error(`${where} must be text, not a ${Array.isArray(value) ? 'list' : 'map'}.`)
  return result
}

function readTags(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {}
  if (!isRecord(value)) throw new Error('pipeline.tags must be a map of key: value.')
  const tags: Record<string, string> = {}
  for (const [key, tagValue] of Object.entries(value)) setOwn(tags, key, text(tagValue, `The value of tag ${key}`))
  return tags
}

function readStage(entry: unknown, index: number): Stage {
  const where = `pipeline.stages[${index}]`
  if (isRecord(entry) && entry.parallel !== undefined) {
    throw new Error(
      `${where} is a group of parallel stages, which the editor cannot open yet; move its stages out of parallel: to edit the pipeline here.`,
    )
  }
  if (!isRecord(entry) || !isRecord(entry.stage)) throw new Error(`${where} must be a map with a stage: key.`)
  const extra = Object.keys(entry).filter((key) => key !== 'stage')
  if (extra.length) throw new Error(`${where} has keys other than stage: ${extra.join(', ')}.`)
  const stage = entry.stage
  const base = otherStage(stage, where)
  if (base.type === DEPLOYMENT) {
    const obstacle = deployStageObstacle(stage)
    const read = obstacle ? { note: obstacle } : readDeployStage(stage)
    if (read.stage) return read.stage
    return { ...base, note: `The editor shows this Deployment stage but cannot edit it: ${read.note}` }
  }
  return base
}

function otherStage(stage: Tree, where: string): OtherStage {
  return {
    kind: 'other',
    identifier: text(stage.identifier, `${where}.stage.identifier`),
    name: text(stage.name, `${where}.stage.name`),
    type: text(stage.type, `${where}.stage.type`),
    raw: cloneTree(stage),
  }
}

export function pipelineFromYaml(yamlText: string): Pipeline {
  const root = parseYamlText(yamlText)
  if (root === null || root === undefined) throw new Error('The YAML is empty: a pipeline starts with pipeline:')
  if (!isRecord(root) || !isRecord(root.pipeline)) {
    throw new Error('The YAML must be a map with a pipeline: key at the top, holding the pipeline.')
  }
  const extra = Object.keys(root).filter((key) => key !== 'pipeline')
  if (extra.length) throw new Error(`The YAML has keys other than pipeline at the top: ${extra.join(', ')}.`)
  const rest = cloneTree(root.pipeline)
  const take = (key: string) => text(takePath(rest, [key]), `pipeline.${key}`)
  const name = take('name')
  const identifier = take('identifier')
  const projectIdentifier = take('projectIdentifier')
  const orgIdentifier = take('orgIdentifier')
  const description = take('description')
  const tags = readTags(takePath(rest, ['tags']))
  const stages = takePath(rest, ['stages']) ?? []
  if (!Array.isArray(stages)) throw new Error('pipeline.stages must be a list of stages.')
  return {
    name,
    identifier,
    description,
    orgIdentifier,
    projectIdentifier,
    tags,
    stages: stages.map(readStage),
    rest,
  }
}

function writeStage(stage: Stage): Tree {
  return { stage: stage.kind === 'deploy' ? writeDeployStage(stage) : cloneTree(stage.raw) }
}

export function pipelineToYaml(pipeline: Pipeline): string {
  const out = cloneTree(pipeline.rest)
  setOwn(out, 'name', pipeline.name)
  setOwn(out, 'identifier', pipeline.identifier)
  setOwn(out, 'projectIdentifier', pipeline.projectIdentifier)
  setOwn(out, 'orgIdentifier', pipeline.orgIdentifier)
  if (pipeline.description !== '') setOwn(out, 'description', pipeline.description)
  setOwn(out, 'tags', cloneTree(pipeline.tags))
  setOwn(out, 'stages', pipeline.stages.map(writeStage))
  // Shared objects must not become YAML anchors: Harness's editor does not write them. Strings
  // are quoted for YAML 1.1 as well (`no`, `on`, `1:20`), which Harness's Java reader speaks.
  return stringify(
    { pipeline: ordered(out, PIPELINE_KEYS) },
    { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false },
  )
}
