import type { PageResponse } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import type { PipelineSaveResponse } from '../pipelines/pipeline-api-types'
import type { PipelineResponse, PipelineSummary } from '../pipelines/pipeline-model'
import { errorResponse, invalidRequest, notFound, ok, paginate } from './api-responses'
import type { HandlerContext } from './handler-context'
import type { StoredPipeline } from './mock-records'
import { pipelineRecord } from './pipeline-records'
import { validatePipelineYaml } from './pipeline-validation'
import type { Route } from './router'
import { scopedRoute } from './scoped-route'

/**
 * Harness's pipeline service (`/pipeline/api/pipelines`), for pipelines of a project. Bodies
 * are the pipeline YAML as text (Content-Type: application/yaml), stored word for word, so
 * comments and formatting survive; the server reads it only to check it and to list it.
 */

const DEFAULT_PAGE_SIZE = 25

const PROJECT_ONLY = { projectOnly: 'projectIdentifier is required: pipelines belong to a project.' }

function describeProject(scope: Scope): string {
  return `Project[${scope.projectIdentifier ?? ''}], Organization [${scope.orgIdentifier ?? ''}]`
}

function pipelineNotFound(identifier: string, scope: Scope): Response {
  return notFound(`Pipeline [${identifier}] under ${describeProject(scope)} doesn't exist or has been deleted.`)
}

export function toPipelineSummary(record: StoredPipeline): PipelineSummary {
  return {
    identifier: record.identifier,
    name: record.name,
    description: record.description,
    stageCount: record.stageCount,
    lastUpdatedAt: record.lastUpdatedAt,
    connectorRefs: [...record.connectorRefs],
  }
}

function matchesSearch(record: StoredPipeline, term: string): boolean {
  if (term === '') return true
  const text = [record.name, record.identifier, record.description, ...Object.entries(record.tags).flat()]
  return text.join('\n').toLowerCase().includes(term)
}

/** Harness's pipeline list pages with Spring's `page` and `size`; the NG names are accepted too. */
function pageParams(params: URLSearchParams): URLSearchParams {
  const paging = new URLSearchParams()
  paging.set('pageIndex', params.get('page') ?? params.get('pageIndex') ?? '')
  paging.set('pageSize', params.get('size') ?? params.get('pageSize') ?? '')
  return paging
}

export function pipelineRoutes(context: HandlerContext): Route[] {
  const path = (suffix: string) => `/pipeline/api/pipelines${suffix}`

  return [
    scopedRoute(
      context,
      'POST',
      path('/list'),
      ({ query, scope, store }) => {
        const term = (query.get('searchTerm') ?? '').trim().toLowerCase()
        const matches = store
          .listPipelines(scope)
          .filter((record) => matchesSearch(record, term))
          .sort((a, b) => b.lastUpdatedAt - a.lastUpdatedAt || a.identifier.localeCompare(b.identifier))
        const page = paginate(matches, pageParams(query), DEFAULT_PAGE_SIZE)
        const data: PageResponse<PipelineSummary> = { ...page, content: page.content.map(toPipelineSummary) }
        return ok(data)
      },
      PROJECT_ONLY,
    ),

    scopedRoute(
      context,
      'GET',
      path('/:identifier'),
      ({ params, scope, store }) => {
        const identifier = params.identifier ?? ''
        const record = store.getPipeline(scope, identifier)
        if (!record) return pipelineNotFound(identifier, scope)
        const data: PipelineResponse = { yamlPipeline: record.yaml, lastUpdatedAt: record.lastUpdatedAt }
        return ok(data)
      },
      PROJECT_ONLY,
    ),

    scopedRoute(
      context,
      'PUT',
      path('/:identifier'),
      async ({ request, params, scope, store }) => {
        const identifier = params.identifier ?? ''
        const existing = store.getPipeline(scope, identifier)
        if (!existing) return pipelineNotFound(identifier, scope)
        const yaml = await request.text()
        const result = validatePipelineYaml(yaml, scope, store, identifier)
        if (result.errors) return invalidRequest(result.errors)
        const record = pipelineRecord(scope, result.pipeline, yaml, {
          createdAt: existing.createdAt,
          lastUpdatedAt: store.now(),
        })
        await store.savePipeline(record)
        const data: PipelineSaveResponse = { identifier, lastUpdatedAt: record.lastUpdatedAt }
        return ok(data)
      },
      PROJECT_ONLY,
    ),

    scopedRoute(
      context,
      'POST',
      path(''),
      async ({ request, scope, store }) => {
        const yaml = await request.text()
        const result = validatePipelineYaml(yaml, scope, store)
        if (result.errors) return invalidRequest(result.errors)
        const { identifier } = result.pipeline
        if (store.getPipeline(scope, identifier)) {
          return errorResponse(
            400,
            'DUPLICATE_FIELD',
            `Pipeline [${identifier}] under ${describeProject(scope)} already exists.`,
          )
        }
        const now = store.now()
        const record = pipelineRecord(scope, result.pipeline, yaml, { createdAt: now, lastUpdatedAt: now })
        await store.savePipeline(record)
        const data: PipelineSaveResponse = { identifier, lastUpdatedAt: now }
        return ok(data)
      },
      PROJECT_ONLY,
    ),
  ]
}
