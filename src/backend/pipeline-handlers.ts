import type { PageResponse, PipelineResponse, PipelineSaveResponse, PipelineSummary } from '../lib/api-types'
import type { Scope } from '../lib/scope'
import {
  errorResponse,
  expectedVersion,
  invalidRequest,
  notFound,
  ok,
  pageResponse,
  pagingOf,
  staleWrite,
} from './api-responses'
import type { HandlerContext } from './handler-context'
import { pipelineRecord } from './pipeline-records'
import { validatePipelineYaml } from './pipeline-validation'
import type { StoredPipeline } from './records'
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
    ...(record.sample ? { sample: true } : {}),
  }
}

/** Harness's pipeline list pages with Spring's `page` and `size`; the NG names are accepted too. */
function pipelinePaging(params: URLSearchParams) {
  const paging = new URLSearchParams()
  paging.set('pageIndex', params.get('page') ?? params.get('pageIndex') ?? '')
  paging.set('pageSize', params.get('size') ?? params.get('pageSize') ?? '')
  return pagingOf(paging, DEFAULT_PAGE_SIZE)
}

export function pipelineRoutes(context: HandlerContext): Route[] {
  const path = (suffix: string) => `/pipeline/api/pipelines${suffix}`

  return [
    scopedRoute(
      context,
      'POST',
      path('/list'),
      async ({ query, scope, store }) => {
        const paging = pipelinePaging(query)
        const searchTerm = (query.get('searchTerm') ?? '').trim().toLowerCase()
        const page = await store.listPipelines(scope, { searchTerm, ...paging })
        const data: PageResponse<PipelineSummary> = pageResponse(page, paging, toPipelineSummary)
        return ok(data)
      },
      PROJECT_ONLY,
    ),

    scopedRoute(
      context,
      'GET',
      path('/:identifier'),
      async ({ params, scope, store }) => {
        const identifier = params.identifier ?? ''
        const record = await store.getPipeline(scope, identifier)
        if (!record) return pipelineNotFound(identifier, scope)
        const data: PipelineResponse = {
          yamlPipeline: record.yaml,
          lastUpdatedAt: record.lastUpdatedAt,
          version: record.version,
        }
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
        const expected = expectedVersion(request)
        if (expected === null) {
          return invalidRequest([
            { fieldId: 'If-Match', error: 'If-Match must be the version you read, for example "3".' },
          ])
        }
        const existing = await store.getPipeline(scope, identifier)
        if (!existing) return pipelineNotFound(identifier, scope)
        const yaml = await request.text()
        const result = await validatePipelineYaml(yaml, scope, store, identifier)
        if (result.errors) return invalidRequest(result.errors)
        const record = pipelineRecord(scope, result.pipeline, yaml, {
          createdAt: existing.createdAt,
          lastUpdatedAt: store.now(),
        })
        const updated = await store.updatePipeline(record, expected ?? existing.version)
        if (!updated.ok) {
          return updated.refusal === 'not-found'
            ? pipelineNotFound(identifier, scope)
            : staleWrite(`Pipeline ${identifier}`)
        }
        const data: PipelineSaveResponse = {
          identifier,
          lastUpdatedAt: updated.record.lastUpdatedAt,
          version: updated.record.version,
        }
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
        const result = await validatePipelineYaml(yaml, scope, store)
        if (result.errors) return invalidRequest(result.errors)
        const { identifier } = result.pipeline
        const now = store.now()
        const created = await store.createPipeline(
          pipelineRecord(scope, result.pipeline, yaml, { createdAt: now, lastUpdatedAt: now }),
        )
        if (!created.ok) {
          return errorResponse(
            400,
            'DUPLICATE_FIELD',
            `Pipeline [${identifier}] under ${describeProject(scope)} already exists.`,
          )
        }
        const data: PipelineSaveResponse = { identifier, lastUpdatedAt: now, version: created.record.version }
        return ok(data)
      },
      PROJECT_ONLY,
    ),
  ]
}
